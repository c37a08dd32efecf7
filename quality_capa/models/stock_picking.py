from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    quality_nc_count = fields.Integer("Nonconformances", compute="_compute_quality_nc_count")

    def _compute_quality_nc_count(self):
        counts = self.env["quality.nonconformance"]._count_by("picking_id", self)
        for picking in self:
            picking.quality_nc_count = counts.get(picking.id, 0)

    def action_report_nonconformance(self):
        self.ensure_one()
        move = self.move_ids[:1]
        receiving = self.picking_type_code == "incoming"
        return self.env["quality.nonconformance"]._report_action(
            {
                "source": "receiving" if receiving else "process",
                "picking_id": self.id,
                "partner_id": self.partner_id.commercial_partner_id.id,
                "product_id": move.product_id.id,
                "purchase_line_id": move.purchase_line_id.id,
                "lot_id": move.move_line_ids[:1].lot_id.id,
                "quantity": move.quantity or move.product_uom_qty,
                "product_uom_id": move.product_uom.id,
                "company_id": self.company_id.id,
            }
        )

    def action_view_nonconformances(self):
        self.ensure_one()
        return self.env["quality.nonconformance"]._action_for("picking_id", self, {"picking_id": self.id})
