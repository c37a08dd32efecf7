# Kept apart from the file of this model that other work owns (the tree is shared):
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    quality_check_ids = fields.One2many("quality.inspection.check", "workorder_id", "Inspection Checks")
    quality_check_todo_count = fields.Integer("Checks To Do", compute="_compute_quality_check_counts")
    quality_check_count = fields.Integer("Inspection Check Count", compute="_compute_quality_check_counts")

    def _compute_quality_check_counts(self):
        counts = self.env["quality.inspection.check"]._quality_counts("workorder_id", self.ids)
        for workorder in self:
            workorder.quality_check_count, workorder.quality_check_todo_count = counts.get(workorder.id, (0, 0))

    def _quality_inspection_generate(self):
        """Create the checks of the effective control plans for these work orders' operations (one batch)."""
        workorders = self.filtered(lambda wo: wo.state not in ("done", "cancel") and wo.operation_id)
        if not workorders:
            return self.env["quality.inspection.check"]
        characteristics = self.env["quality.inspection.characteristic"]._effective_for(
            "operation", workorders.company_id
        )
        targets = []
        for workorder in workorders:
            for characteristic in characteristics:
                if characteristic.company_id != workorder.company_id:
                    continue
                if workorder.operation_id not in characteristic.operation_ids:
                    continue
                if (characteristic.product_tmpl_ids or characteristic.product_categ_ids) and not (
                    characteristic._applies_to_product(workorder.product_id)
                ):
                    continue
                targets.append(
                    {
                        "characteristic": characteristic,
                        "key": {"workorder_id": workorder.id},
                        "product": workorder.product_id,
                        "lot": workorder.production_id.lot_producing_id,
                        "company": workorder.company_id,
                        "qty": workorder.qty_production,
                        "record": workorder,
                    }
                )
        return self.env["quality.inspection.check"]._quality_generate(targets)

    def _quality_inspection_gate(self):
        return self.env["quality.inspection.check"]._quality_gate(self, "workorder_id", _("Finishing the work order"))

    def button_start(self, raise_on_invalid_state=False):
        self._quality_inspection_generate()
        return super().button_start(raise_on_invalid_state=raise_on_invalid_state)

    def write(self, vals):
        if vals.get("state") == "done":
            self.filtered(lambda wo: wo.state != "done")._quality_inspection_gate()
        elif vals.get("state") in ("ready", "progress"):
            result = super().write(vals)
            self._quality_inspection_generate()
            return result
        return super().write(vals)

    def action_view_quality_checks(self):
        self.ensure_one()
        return self.env["quality.inspection.check"]._quality_action_for("workorder_id", self)

    def action_quality_inspection_override(self):
        self.ensure_one()
        return self.env["quality.inspection.override"]._quality_action_for("workorder_id", self)
