from odoo import _, models

from .stock_picking_inspection import INSPECTION_GATE_CHECKED, INSPECTION_GATE_KEY


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_assign(self, force_qty=False):
        result = super()._action_assign(force_qty=force_qty)
        # A receipt that becomes ready gets the checks of the effective control plans.
        receipts = self.picking_id.filtered(lambda p: p.picking_type_code == "incoming")
        if receipts:
            receipts._quality_inspection_generate()
        # Work orders whose components just arrived may have become ready.
        workorders = self.raw_material_production_id.workorder_ids.filtered(lambda wo: wo.state == "ready")
        if workorders:
            workorders._quality_inspection_generate()
        return result

    def _action_done(self, cancel_backorder=False):
        # Every path that moves received goods or finished products through: the inspection gates hold.
        if self.env.context.get(INSPECTION_GATE_KEY) is not INSPECTION_GATE_CHECKED:
            Check = self.env["quality.inspection.check"]
            pending = self.filtered(lambda m: m.state not in ("done", "cancel"))
            Check._quality_gate(pending.picking_id, "picking_id", _("Validating the receipt"))
            Check._quality_gate(
                pending.filtered("production_id").production_id, "production_id", _("Marking the order done")
            )
        return super()._action_done(cancel_backorder=cancel_backorder)
