"""Demo data made through the workflow: the buyer orders, the warehouse receives, the scorecard job computes the
month, and quality puts the vendor on probation for the figures the scorecard shows."""

from datetime import timedelta

from odoo import Command, api, fields, models


class PurchaseOrderDemo(models.Model):
    _inherit = "purchase.order"

    @api.model
    def _quality_demo_deliveries(self, vendor_id, product_id, deliveries):
        """One order per delivery, placed and confirmed by the demo buyer, received in full today.

        ``deliveries``: [(quantity, days late)]. The promised date of a late delivery lies that many days
        before today's receipt, so the scorecard counts it late (beyond the company's tolerance)."""
        buyer = self.env.ref("quality_supplier.demo_user_buyer")
        product = self.env["product.product"].browse(product_id)
        now = fields.Datetime.now()
        orders = self.browse()
        for quantity, days_late in deliveries:
            order = (
                self.with_user(buyer)
                .create(
                    {
                        "partner_id": vendor_id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_qty": quantity,
                                    "price_unit": product.standard_price,
                                    "date_planned": now - timedelta(days=days_late),
                                }
                            )
                        ],
                    }
                )
                .with_env(self.env)
            )
            order.with_user(buyer).button_confirm()
            orders |= order
        for picking in orders.picking_ids:
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()
        return orders.ids
