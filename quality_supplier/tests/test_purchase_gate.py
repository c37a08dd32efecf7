from datetime import timedelta

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import QualitySupplierCase


@tagged("post_install", "-at_install")
class TestPurchaseGate(QualitySupplierCase):
    @verifies("QS-001")
    def test_unqualified_vendor_blocked_with_message(self):
        order = self._make_order(self.product_elec | self.product_sterile)
        with self.assertRaisesRegex(UserError, r"(?s)cannot be confirmed.*QS PCB.*not qualified.*QS Sterile Pouch"):
            order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.quality_gate_blocked)
        self.assertIn("needs an approved or conditional qualification", order.quality_gate_message)

    @verifies("QS-001")
    def test_approved_vendor_confirms(self):
        self._qualify("approved")
        order = self._make_order(self.product_elec | self.product_sterile)
        self.assertEqual(order.quality_supplier_status, "approved")
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")

    @verifies("QS-001")
    def test_conditional_vendor_per_company_setting(self):
        self._qualify("conditional")
        self.company.quality_supplier_allow_conditional = False
        order = self._make_order(self.product_elec)
        with self.assertRaisesRegex(
            UserError, r"QS PCB: vendor QS Vendor is conditional.*needs an approved qualification"
        ):
            order.with_user(self.buyer).button_confirm()
        self.company.quality_supplier_allow_conditional = True
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")

    @verifies("QS-001")
    def test_out_of_scope_category_blocked(self):
        self._qualify("approved", categs=self.categ_electronic)
        order = self._make_order(self.product_elec | self.product_sterile)
        with self.assertRaisesRegex(UserError, r"QS Sterile Pouch: vendor QS Vendor is not qualified") as ctx:
            order.with_user(self.buyer).button_confirm()
        self.assertNotIn("QS PCB:", str(ctx.exception))

    @verifies("QS-001")
    def test_most_specific_scope_wins(self):
        self._qualify("approved")  # all products
        self._qualify("disqualified", categs=self.categ_sterile, comment="Sterility failures")
        self.assertTrue(self._make_order(self.product_elec).quality_gate_blocked is False)
        order = self._make_order(self.product_sterile)
        with self.assertRaisesRegex(UserError, r"QS Sterile Pouch: vendor QS Vendor is disqualified"):
            order.with_user(self.buyer).button_confirm()

    @verifies("QS-001")
    def test_expired_validity_blocked(self):
        today = quality_today(self.env["res.users"])
        self._qualify("approved", valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=1))
        order = self._make_order(self.product_elec)
        with self.assertRaisesRegex(UserError, r"QS PCB: vendor QS Vendor is approved, not valid on"):
            order.with_user(self.buyer).button_confirm()

    @verifies("QS-001")
    def test_only_categories_marked_by_quality_are_gated(self):
        self.categ_root.quality_controlled = False
        self.categ_sterile.quality_controlled = True
        order = self._make_order(self.product_elec)
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
        order = self._make_order(self.product_sterile)
        with self.assertRaisesRegex(UserError, "QS Sterile Pouch"):
            order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "draft")

    @verifies("QS-002")
    def test_qualification_status_needs_signature(self):
        qual = self._qualify("pending")
        with self.assertRaisesRegex(UserError, "requires an electronic signature"):
            qual.with_user(self.qmanager).write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "requires an electronic signature"):
            qual.with_user(self.qmanager).with_context(quality_supplier_signed=True).write({"state": "approved"})
        quser = new_test_user(
            self.env,
            login="qs_quser",
            groups="base.group_user,quality_documents.group_quality_user",
            password="qs_quser_pw",
        )
        with self.assertRaisesRegex(UserError, "Only a quality manager"):
            qual.with_user(quser)._quality_sign_status("approved", "qs_quser_pw")
        signature = qual.with_user(self.qmanager)._quality_sign_status("approved", "qs_qmanager_pw")
        self.assertEqual(qual.state, "approved")
        self.assertEqual(signature.meaning, "approved")
        self.assertTrue(qual.message_ids.filtered(lambda m: "Electronically signed" in (m.body or "")))

    @verifies("QS-003")
    def test_override_signed_and_logged(self):
        order = self._make_order(self.product_elec)
        with self.assertRaisesRegex(UserError, "needs a reason"):
            order.with_user(self.qmanager)._quality_sign_override("qs_qmanager_pw", "")
        with self.assertRaisesRegex(UserError, "Only a quality manager"):
            order.with_user(self.buyer)._quality_sign_override("qs_buyer_pw", "urgent")
        order.with_user(self.qmanager)._quality_sign_override("qs_qmanager_pw", "Line-down risk, lot inspected 100%")
        override = self.env["quality.supplier.override"].search([("order_id", "=", order.id)])
        self.assertEqual(len(override), 1)
        self.assertEqual(override.signer_id, self.qmanager)
        self.assertIn("QS PCB", override.blocked_lines)
        self.assertFalse(override.used)
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertTrue(override.used)
        bodies = " ".join(order.message_ids.mapped("body"))
        self.assertIn("One-time supplier quality override signed by", bodies)
        self.assertIn("Line-down risk", bodies)
        # one time only: back to draft, the gate applies again
        order.button_cancel()
        order.button_draft()
        with self.assertRaisesRegex(UserError, "cannot be confirmed"):
            order.with_user(self.buyer).button_confirm()

    @verifies("QS-004")
    def test_automatic_rfq_stays_rfq_with_activity(self):
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        buy_route = self.env.ref("purchase_stock.route_warehouse0_buy")
        product = self._make_product(
            "QS Auto Part",
            self.categ_electronic,
            is_storable=True,
            route_ids=[(6, 0, buy_route.ids)],
            seller_ids=[(0, 0, {"partner_id": self.vendor.id, "price": 3.0})],
        )
        self.vendor.buyer_id = self.buyer
        Group = self.env["procurement.group"]
        Group.run(
            [
                Group.Procurement(
                    product,
                    4.0,
                    product.uom_id,
                    warehouse.lot_stock_id,
                    "QS replenishment",
                    "QS replenishment",
                    self.company,
                    {"warehouse_id": warehouse, "route_ids": buy_route},
                )
            ]
        )
        order = self.env["purchase.order"].search([("order_line.product_id", "=", product.id)])
        self.assertEqual(order.state, "draft")
        activity = order.activity_ids.filtered(lambda a: "not qualified" in (a.summary or ""))
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.buyer)
        self.assertIn("QS Auto Part", activity.note)
        # an automatic confirmation leaves the RFQ and does not raise nor duplicate the activity
        order.with_context(quality_supplier_auto=True).button_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(len(order.activity_ids.filtered(lambda a: "not qualified" in (a.summary or ""))), 1)

    @verifies("QS-009")
    def test_gate_query_count_constant(self):
        self._qualify("approved", categs=self.categ_electronic)
        elec = [self._make_product(f"QS Part {i}", self.categ_electronic) for i in range(8)]
        sterile = [self._make_product(f"QS Pouch {i}", self.categ_sterile) for i in range(4)]
        Product = self.env["product.product"]
        small = self._make_order(elec[0] | sterile[0])
        large = self._make_order(Product.concat(*elec) | Product.concat(*sterile))
        counts = []
        for order in (large, small, large, small):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            blocked = order._quality_gate_blocked_lines()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(len(blocked[small.id]), 1)
        self.assertEqual(len(large._quality_gate_blocked_lines()[large.id]), 4)
        # the first run warms the registry caches; then 1 line or 12 lines cost the same
        self.assertEqual(counts[1], counts[2], counts)
        self.assertEqual(counts[2], counts[3], counts)

    @verifies("QS-005")
    def test_receipt_from_disqualified_vendor_refused(self):
        self._qualify("approved")
        order = self._make_order(self.product_elec)
        order.button_confirm()
        self._qualify("disqualified", categs=self.categ_electronic, comment="Audit failed")
        self.company.quality_supplier_block_disqualified_receipt = True
        picking = order.picking_ids
        picking.move_ids.quantity = 2.0
        with self.assertRaisesRegex(UserError, "vendor QS Vendor is disqualified for QS PCB"):
            picking.button_validate()
