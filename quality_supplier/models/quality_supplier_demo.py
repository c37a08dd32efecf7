"""Demo data made through the workflow: the buyer orders, the warehouse receives, the scorecard job computes the
month, and quality puts the vendor on probation for the figures the scorecard shows."""

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today


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


class QualitySupplierQualificationDemo(models.Model):
    _inherit = "quality.supplier.qualification"

    @api.model
    def _quality_demo_probation(self, vendor_id, scope):
        """The scorecard job computes this month; quality puts the vendor on probation quoting its figures."""
        today = quality_today(self)
        cards = self.env["quality.supplier.scorecard"]._compute_month(today, self.env.company)
        card = cards.filtered(lambda c: c.partner_id.id == vendor_id)
        reason = self.env._(
            "Scorecard %(month)s under watch: on-time delivery %(ontime).0f %%, %(ppm)s PPM on %(scope)s "
            "(score %(score).0f, grade %(grade)s).",
            month=card.month.strftime("%B %Y"),
            ontime=card.ontime_rate,
            ppm=f"{card.ppm:,.0f}",
            scope=scope,
            score=card.score,
            grade=card.grade,
        )
        admin = self.env.ref("base.user_admin")
        card.partner_id.with_user(admin)._quality_set_probation(reason)
        return card.id
