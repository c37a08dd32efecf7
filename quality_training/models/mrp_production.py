from odoo import _, fields, models
from odoo.tools import SQL

from .mrp_workorder import GATE_CHECKED, GATE_DONE, QualityTrainingGate, gate_checked


class MrpProduction(QualityTrainingGate, models.Model):
    _inherit = "mrp.production"

    quality_training_override_ids = fields.One2many(
        "quality.training.override",
        "production_id",
        "Training Overrides",
        groups="quality_documents.group_quality_user",
    )

    # ------------------------------------------------------------------
    # Entry points: marked done
    # ------------------------------------------------------------------
    def button_mark_done(self):
        # Before any wizard (consumption, backorder) opens; the state guard then knows it is checked.
        self.filtered(lambda mo: mo.state != "done")._quality_training_gate_done()
        return super(MrpProduction, self.with_context(**{GATE_DONE: GATE_CHECKED})).button_mark_done()

    def write(self, vals):
        if vals.get("state") == "done":
            self.filtered(lambda mo: mo.state != "done")._quality_training_gate_done()
        return super().write(vals)

    def _quality_gate_done(self):
        # The state guard (an order becoming done through its moves, by whatever path): the training gate too.
        self._quality_training_gate_done()
        return super()._quality_gate_done()

    def _quality_training_gate_done(self):
        """The training gate of orders (not yet done) being marked done: the work orders it finishes, and the
        orders whose work is not in work orders (none, or all cancelled) on their product's and BoM's
        procedures. Nothing to ask (and no query) where the company's gate is off."""
        productions = self.filtered(lambda mo: mo.company_id.quality_training_gate)
        if not productions or gate_checked(self.env):
            return True
        productions.workorder_ids.filtered(lambda wo: wo.state not in ("done", "cancel"))._quality_training_gate()
        return productions._quality_training_without_workorders()._quality_training_gate()

    def _quality_training_without_workorders(self):
        """Orders whose work is not in work orders (none, or all cancelled): gated themselves."""
        return self.filtered(lambda mo: not mo.workorder_ids.filtered(lambda wo: wo.state != "cancel"))

    # ------------------------------------------------------------------
    # What the gate reads: the product's and the BoM's procedures
    # ------------------------------------------------------------------
    def _quality_training_subjects(self):
        return {
            mo: (mo.company_id, mo.product_id, mo.bom_id.operation_ids, mo.bom_id.operation_ids.workcenter_id)
            for mo in self
        }

    def _quality_training_cte(self):
        return SQL(
            """SELECT op.id AS operation_id, op.workcenter_id, mp.company_id, p.product_tmpl_id,
                      COALESCE(c.parent_path, '') AS categ_path
                 FROM mrp_production mp
                 JOIN res_company co ON co.id = mp.company_id AND co.quality_training_gate
                 JOIN product_product p ON p.id = mp.product_id
                 JOIN product_template t ON t.id = p.product_tmpl_id
            LEFT JOIN product_category c ON c.id = t.categ_id
            LEFT JOIN mrp_routing_workcenter op ON op.bom_id = mp.bom_id
                WHERE mp.id = ANY(%s)""",
            self.ids,
        )

    def _quality_training_override_field(self):
        return "production_id"

    def _quality_training_refusal_action(self):
        return _("mark done")

    def _quality_training_productions(self):
        return self

    def _quality_training_keep_instead(self):
        return _("Keep it cancelled instead.")
