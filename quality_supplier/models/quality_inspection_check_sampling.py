from odoo import models


class QualityInspectionCheck(models.Model):
    _inherit = "quality.inspection.check"

    def _quality_after_record(self):
        result = super()._quality_after_record()
        sampled = self.filtered(lambda c: c.picking_id and c.characteristic_id.frequency == "sampling")
        if sampled:
            sampled._quality_decide_sampled_lots()
        return result

    def _quality_decide_sampled_lots(self):
        """When every sampling check of a lot (receipt and product) is recorded, decide the lot and switch."""
        Lot = self.env["quality.sampling.lot"]
        lots = Lot.sudo().search(
            [
                ("picking_id", "in", self.picking_id.ids),
                ("product_id", "in", self.product_id.ids),
                ("result", "=", "pending"),
            ]
        )
        if not lots:
            return
        checks = self.sudo().search(
            [
                ("picking_id", "in", lots.picking_id.ids),
                ("product_id", "in", lots.product_id.ids),
                ("characteristic_id.frequency", "=", "sampling"),
            ]
        )
        for lot in lots:
            mine = checks.filtered(lambda c, lot=lot: c.picking_id == lot.picking_id and c.product_id == lot.product_id)
            if not mine or "todo" in mine.mapped("state"):
                continue
            accepted = all(c.state == "pass" for c in mine)
            lot = lot.with_env(self.env)
            lot._quality_workflow_write(
                {"result": "accepted" if accepted else "rejected", "defect_count": max(mine.mapped("defect_count"))}
            )
            lot.state_id.with_env(self.env)._quality_record_lot(lot)
