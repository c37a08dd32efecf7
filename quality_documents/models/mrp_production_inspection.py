# Kept apart from the file of this model that other work owns (the tree is shared):
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    quality_check_ids = fields.One2many("quality.inspection.check", "production_id", "Final Inspection Checks")
    quality_check_todo_count = fields.Integer("Checks To Do", compute="_compute_quality_check_counts")
    quality_check_count = fields.Integer("Inspection Check Count", compute="_compute_quality_check_counts")

    def _compute_quality_check_counts(self):
        """Final inspection checks of the order and the checks of its work orders."""
        Check = self.env["quality.inspection.check"]
        counts = Check._quality_counts("production_id", self.ids)
        by_workorder = Check._quality_counts("workorder_id", self.workorder_ids.ids)
        for production in self:
            total, todo = counts.get(production.id, (0, 0))
            for workorder in production.workorder_ids:
                workorder_total, workorder_todo = by_workorder.get(workorder.id, (0, 0))
                total += workorder_total
                todo += workorder_todo
            production.quality_check_count = total
            production.quality_check_todo_count = todo

    def _quality_inspection_generate(self):
        """Final inspection checks of the effective control plans for these orders' products (one batch)."""
        productions = self.filtered(lambda mo: mo.state not in ("draft", "done", "cancel"))
        if not productions:
            return self.env["quality.inspection.check"]
        characteristics = self.env["quality.inspection.characteristic"]._effective_for("final", productions.company_id)
        targets = []
        for production in productions:
            for characteristic in characteristics:
                if characteristic.company_id == production.company_id and characteristic._applies_to_product(
                    production.product_id
                ):
                    targets.append(
                        {
                            "characteristic": characteristic,
                            "key": {"production_id": production.id},
                            "product": production.product_id,
                            "lot": production.lot_producing_id,
                            "company": production.company_id,
                            "qty": production.product_qty,
                            "record": production,
                        }
                    )
        return self.env["quality.inspection.check"]._quality_generate(targets)

    def _quality_inspection_gate(self):
        Check = self.env["quality.inspection.check"]
        Check._quality_gate(
            self.workorder_ids.filtered(lambda w: w.state != "done"), "workorder_id", _("Finishing the work order")
        )
        return Check._quality_gate(self, "production_id", _("Marking the manufacturing order done"))

    def action_confirm(self):
        result = super().action_confirm()
        self._quality_inspection_generate()
        self.workorder_ids.filtered(lambda wo: wo.state == "ready")._quality_inspection_generate()
        return result

    def button_mark_done(self):
        # Refuse before any wizard (consumption, backorder) opens.
        self._quality_inspection_gate()
        return super().button_mark_done()

    def write(self, vals):
        if vals.get("state") == "done":
            self.filtered(lambda mo: mo.state != "done")._quality_inspection_gate()
        return super().write(vals)

    def _compute_state(self):
        """The state guard: an order becomes ``done`` here whatever the path (its moves done by
        ``_action_done``, a write of their state, ``_post_inventory``, the backorder or consumption wizards),
        so the gates of ``button_mark_done`` hold here too."""
        before = {mo.id: mo.state for mo in self if isinstance(mo.id, int)}
        result = super()._compute_state()
        self.filtered(lambda mo: mo.state == "done" and before.get(mo.id, "done") != "done")._quality_gate_done()
        return result

    def _quality_gate_done(self):
        """The gates of orders becoming done through their moves; each addon adds its own (calling super)."""
        return self._quality_inspection_gate()

    def action_view_quality_checks(self):
        self.ensure_one()
        action = self.env["quality.inspection.check"]._quality_action_for("production_id", self)
        action["domain"] = ["|", ("production_id", "=", self.id), ("workorder_id", "in", self.workorder_ids.ids)]
        return action

    def action_quality_inspection_override(self):
        self.ensure_one()
        return self.env["quality.inspection.override"]._quality_action_for("production_id", self)
