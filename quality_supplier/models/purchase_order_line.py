from odoo import api, models

from .purchase_order import AUTO_KEY


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if self.env.context.get(AUTO_KEY):
            orders = lines.order_id.filtered(lambda o: o.state in ("draft", "sent"))
            blocked = orders._quality_gate_blocked_lines()
            if blocked:
                orders.filtered(lambda o: o.id in blocked)._quality_gate_schedule_activity(blocked)
        return lines
