from odoo import api, fields, models

from .res_company import GATE_MODES

OPEN_STATES = ("draft", "sent", "to approve")


class QualitySupplierRolloutReport(models.TransientModel):
    """Before enforcing: which open RFQs and orders the supplier gate would block today, by vendor and line."""

    _name = "quality.supplier.rollout.report"
    _inherit = ["quality.workflow.mixin"]
    _description = "Supplier Gate Rollout Report"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    gate_mode = fields.Selection(related="company_id.quality_supplier_gate_mode", string="Gate Mode Now")
    categ_ids = fields.Many2many(
        "product.category",
        string="Categories",
        default=lambda self: self.env["product.category"].search([("quality_controlled", "=", True)]),
        help="The categories to read as needing a qualified supplier (default: those marked now). Add the ones "
        "you are about to mark to see what they would block.",
    )
    line_ids = fields.One2many("quality.supplier.rollout.line", "report_id", string="Blocked Lines")
    line_count = fields.Integer(compute="_compute_line_count")

    @api.depends("line_ids")
    def _compute_line_count(self):
        for report in self:
            report.line_count = len(report.line_ids)

    @api.model
    def _quality_open_for(self, company):
        report = self.create({"company_id": company.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Supplier gate: rollout report"),
            "res_model": self._name,
            "res_id": report.id,
            "view_mode": "form",
            "target": "new",
        }

    def _quality_compute_lines(self):
        """Replace the lines by what the gate would block today on the company's open RFQs and orders."""
        self.ensure_one()
        self.line_ids.unlink()
        # Reading for quality what it may not see (the buyers' orders); the lines it writes are its own report.
        orders = (
            self.env["purchase.order"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("state", "in", OPEN_STATES)])
        )
        problems = orders._quality_gate_problems(categories=self.categ_ids.sudo(), modes=dict(GATE_MODES))
        vals_list = []
        for order in orders.filtered(lambda o: o.id in problems):
            for line, text in problems[order.id]:
                vals_list.append(
                    {
                        "report_id": self.id,
                        "order_id": order.id,
                        "order_name": order.name,
                        "order_state": order.state,
                        "buyer_id": order.user_id.id,
                        "partner_id": order.partner_id.commercial_partner_id.id,
                        "order_line_id": line.id,
                        "product_id": line.product_id.id,
                        "categ_id": line.product_id.categ_id.id,
                        "product_qty": line.product_qty,
                        "price_subtotal": line.price_subtotal,
                        "currency_id": order.currency_id.id,
                        "reason": text.lstrip("- "),
                    }
                )
        return self.env["quality.supplier.rollout.line"].create(vals_list)

    def action_show_lines(self):
        self.ensure_one()
        self._quality_compute_lines()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Would be blocked today"),
            "res_model": "quality.supplier.rollout.line",
            "view_mode": "list,pivot",
            "domain": [("report_id", "=", self.id)],
            "context": {"group_by": ["partner_id"], "create": False, "edit": False, "delete": False},
        }
