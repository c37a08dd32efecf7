from odoo import api, models
from odoo.addons.quality_documents.models.quality_date import quality_today


class QualitySupplierQualificationDemo(models.Model):
    _inherit = "quality.supplier.qualification"

    @api.model
    def _quality_demo_probation(self, vendor_id, scope):
        """The scorecard job computes this month; quality puts the vendor on probation quoting its figures."""
        today = quality_today(self)
        cards = self.env["quality.supplier.scorecard"]._compute_month(today, self.env.company)
        card = cards.filtered(lambda c: c.partner_id.id == vendor_id)
        reason = self.env._(
            "Scorecard %(month)s under watch: on-time delivery %(ontime).0f %%, %(ppm)s PPM on %(scope)s "
            "(score %(score).0f, grade %(grade)s).",
            month=card.month.strftime("%B %Y"),
            ontime=card.ontime_rate,
            ppm=format(card.ppm, ",.0f"),
            scope=scope,
            score=card.score,
            grade=card.grade,
        )
        admin = self.env.ref("base.user_admin")
        card.partner_id.with_user(admin)._quality_set_probation(reason)
        return card.id
