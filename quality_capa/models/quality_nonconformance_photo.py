from odoo import api, fields, models


class QualityNonconformance(models.Model):
    _inherit = "quality.nonconformance"

    # Stored as an attachment by the ORM itself: whoever may report a nonconformance may join a photo of
    # the problem to it, without needing the right to edit the nonconformance afterwards.
    photo = fields.Image(max_width=1920, max_height=1920, attachment=True)

    @api.model
    def _report_action(self, values, title=None):
        """ "Report a problem": a short dialog prefilled with where the problem was seen."""
        return {
            "type": "ir.actions.act_window",
            "name": title or self.env._("Report a problem"),
            "res_model": "quality.nc.report.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {f"default_{key}": value for key, value in values.items() if value},
        }
