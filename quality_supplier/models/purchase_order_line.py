from odoo import _, api, models
from odoo.exceptions import UserError

from .purchase_order import AUTO_KEY, CONFIRMED_STATES, CREATING, CREATING_KEY, LINE_CONTENT_FIELDS


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        orders = lines.order_id
        if self.env.context.get(AUTO_KEY):
            rfqs = orders.filtered(
                lambda o: o.state in ("draft", "sent") and o.company_id.quality_supplier_gate_mode == "enforce"
            )
            blocked = rfqs._quality_gate_blocked_lines()
            if blocked:
                rfqs.filtered(lambda o: o.id in blocked)._quality_gate_schedule_activity(blocked)
        if self.env.context.get(CREATING_KEY) is not CREATING:
            lines._quality_gate_confirmed_lines()
        orders._quality_orders_with_live_overrides()._quality_check_override_content()
        return lines

    def write(self, vals):
        content = LINE_CONTENT_FIELDS.intersection(vals)
        watched = self.order_id._quality_orders_with_live_overrides() if content else self.order_id.browse()
        gated = self.browse()
        if "product_id" in vals or "order_id" in vals:
            gated = self
        elif "product_qty" in vals:
            gated = self.filtered(
                lambda ln: ln.order_id.state in CONFIRMED_STATES and vals["product_qty"] > ln.product_qty
            )
        res = super().write(vals)
        gated._quality_gate_confirmed_lines()
        if content:
            (watched | self.order_id._quality_orders_with_live_overrides())._quality_check_override_content()
        return res

    def unlink(self):
        orders = self.order_id._quality_orders_with_live_overrides()
        res = super().unlink()
        orders.exists()._quality_check_override_content()
        return res

    def _quality_gate_confirmed_lines(self):
        """Lines added to, or changed on, an order already confirmed: the gate holds for them too."""
        lines = self.filtered(lambda ln: ln.order_id.state in CONFIRMED_STATES and not ln.display_type)
        if not lines:
            return
        blocked = {}
        for order_id, problems in lines.order_id._quality_gate_problems().items():
            texts = [text for line, text in problems if line in lines]
            if texts:
                blocked[order_id] = texts
        if not blocked:
            return
        orders = lines.order_id.filtered(lambda o: o.id in blocked)
        refused = orders.filtered(lambda o: o.company_id.quality_supplier_gate_mode == "enforce")
        if refused:
            raise UserError(
                "\n\n".join(
                    _(
                        "Purchase order %(order)s is confirmed: the supplier quality gate refuses these lines on it:\n"
                        "%(lines)s",
                        order=order.name,
                        lines="\n".join(blocked[order.id]),
                    )
                    for order in refused
                )
            )
        (orders - refused)._quality_gate_warn(blocked)
