from odoo import _, fields, models

# "Already gated in this call": a Python object, so no JSON-RPC context can carry it.
INSPECTION_GATE_CHECKED = object()
INSPECTION_GATE_KEY = "quality_inspection_gate_checked"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    quality_check_ids = fields.One2many("quality.inspection.check", "picking_id", "Inspection Checks")
    quality_check_todo_count = fields.Integer("Checks To Do", compute="_compute_quality_check_counts")
    quality_check_count = fields.Integer("Inspection Check Count", compute="_compute_quality_check_counts")

    def _compute_quality_check_counts(self):
        counts = self.env["quality.inspection.check"]._quality_counts("picking_id", self.ids)
        for picking in self:
            picking.quality_check_count, picking.quality_check_todo_count = counts.get(picking.id, (0, 0))

    def _quality_inspection_generate(self):
        """Create the checks of the effective control plans for these ready receipts (one batch)."""
        receipts = self.filtered(lambda p: p.picking_type_code == "incoming" and p.state == "assigned")
        if not receipts:
            return self.env["quality.inspection.check"]
        characteristics = self.env["quality.inspection.characteristic"]._effective_for("receipt", receipts.company_id)
        if not characteristics:
            return self.env["quality.inspection.check"]
        targets = []
        for picking in receipts:
            for characteristic in characteristics.filtered(lambda c, p=picking: c.company_id == p.company_id):
                if characteristic.picking_type_ids and picking.picking_type_id not in characteristic.picking_type_ids:
                    continue
                quantities = {}
                for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
                    if characteristic._applies_to_product(move.product_id):
                        quantities[move.product_id] = quantities.get(move.product_id, 0.0) + move.product_qty
                for product, qty in quantities.items():
                    targets.append(
                        {
                            "characteristic": characteristic,
                            "key": {"picking_id": picking.id},
                            "product": product,
                            "company": picking.company_id,
                            "qty": qty,
                            "record": picking,
                            "partner": picking.partner_id.commercial_partner_id,
                        }
                    )
        return self.env["quality.inspection.check"]._quality_generate(targets)

    def _quality_inspection_gate(self):
        if self.env.context.get(INSPECTION_GATE_KEY) is INSPECTION_GATE_CHECKED:
            return True
        return self.env["quality.inspection.check"]._quality_gate(self, "picking_id", _("Validating the receipt"))

    def button_validate(self):
        # Refuse before any wizard (backorder, immediate transfer) opens.
        self._quality_inspection_gate()
        return super().button_validate()

    def _action_done(self):
        self._quality_inspection_gate()
        return super(StockPicking, self.with_context(**{INSPECTION_GATE_KEY: INSPECTION_GATE_CHECKED}))._action_done()

    def action_view_quality_checks(self):
        self.ensure_one()
        return self.env["quality.inspection.check"]._quality_action_for("picking_id", self)

    def action_quality_inspection_override(self):
        self.ensure_one()
        return self.env["quality.inspection.override"]._quality_action_for("picking_id", self)
