from odoo import fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    quality_nc_count = fields.Integer("Nonconformances", compute="_compute_quality_nc_count")

    def _compute_quality_nc_count(self):
        counts = self.env["quality.nonconformance"]._count_by("purchase_id", self)
        for order in self:
            order.quality_nc_count = counts.get(order.id, 0)

    def action_view_nonconformances(self):
        self.ensure_one()
        return self.env["quality.nonconformance"]._action_for("purchase_id", self)
