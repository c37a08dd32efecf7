from odoo import Command
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSupplierGateTour(HttpCase):
    @verifies("QS-001", "QS-002")
    def test_buyer_blocked_manager_qualifies_order_confirms(self):
        admin = self.env.ref("base.user_admin")
        self.env.company.with_user(admin)._quality_supplier_set_gate_mode("enforce", "admin", "QS tour")
        categ = self.env["product.category"].create({"name": "QS Tour Components", "quality_controlled": True})
        vendor = self.env["res.partner"].create({"name": "QS Tour Vendor", "is_company": True})
        product = self.env["product.product"].create({"name": "QS Tour Part", "type": "consu", "categ_id": categ.id})
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
