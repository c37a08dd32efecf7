from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSupplierGateTour(HttpCase):
    def test_buyer_blocked_manager_qualifies_order_confirms(self):
        self.env.company.quality_supplier_scope = "all"
        vendor = self.env["res.partner"].create({"name": "QS Tour Vendor", "is_company": True})
        product = self.env["product.product"].create({"name": "QS Tour Part", "type": "consu"})
        self.env["quality.supplier.qualification"].create({"partner_id": vendor.id})
        order = self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [Command.create({"product_id": product.id, "product_qty": 3, "price_unit": 4.0})],
            }
        )
        self.start_tour(f"/odoo/action-purchase.purchase_rfq/{order.id}", "quality_supplier_gate_tour", login="admin")
        self.assertEqual(order.state, "purchase")
        self.assertEqual(vendor.quality_qualification_ids.state, "approved")
