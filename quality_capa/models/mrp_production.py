from odoo import fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    quality_nc_count = fields.Integer("Nonconformances", compute="_compute_quality_nc_count")

    def _compute_quality_nc_count(self):
        counts = self.env["quality.nonconformance"]._count_by("production_id", self)
        for production in self:
            production.quality_nc_count = counts.get(production.id, 0)

    def action_report_nonconformance(self):
        self.ensure_one()
        return self.env["quality.nonconformance"]._report_action(
            {
                "source": "production",
                "production_id": self.id,
                "product_id": self.product_id.id,
                "lot_id": self.lot_producing_id.id,
                "product_uom_id": self.product_uom_id.id,
                "company_id": self.company_id.id,
            }
        )

    def action_view_nonconformances(self):
        self.ensure_one()
        return self.env["quality.nonconformance"]._action_for("production_id", self, {"production_id": self.id})
