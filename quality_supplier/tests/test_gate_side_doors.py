"""Every way into purchase/done passes the supplier gate; an override covers exactly what was signed."""

from contextlib import contextmanager
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import new_test_user
from odoo.tools import mute_logger

from .common import QualitySupplierCase

REFUSED = (
    r"(?s)cannot be confirmed: the supplier quality gate blocks these lines.*QS PCB: vendor QS Vendor is not qualified"
)


@tagged("post_install", "-at_install")
class TestGateSideDoors(QualitySupplierCase):
    @contextmanager
    def refused(self, exception, regex):
        """assertRaisesRegex that also rolls back what the refused call wrote, as a real request would."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield
        self.env.invalidate_all()

    def _snapshot(self, order):
        order.invalidate_recordset()
        return (
            order.state,
            order.partner_id,
            [(line.product_id, line.product_qty, line.price_unit) for line in order.order_line],
            len(order.picking_ids),
            order.date_approve,
        )

    def _waiting_approval(self):
        order = self._make_order(self.product_elec)
        # An order waiting for its second approval (reached before the gate was enforced, say).
        order.write({"state": "to approve"})
        return order

    @verifies("QS-001")
    def test_button_approve_of_unqualified_order_refused(self):
        order = self._waiting_approval()
        before = self._snapshot(order)
        manager = new_test_user(
            self.env, login="qs_purchase_manager", groups="base.group_user,purchase.group_purchase_manager"
        )
        with self.refused(UserError, REFUSED):
            order.with_user(manager).button_approve()
        self.assertEqual(self._snapshot(order), before)
        self.assertEqual(before[0], "to approve")

    @verifies("QS-001")
    def test_double_validation_refused_at_confirmation_already(self):
        self.company.write({"po_double_validation": "two_step", "po_double_validation_amount": 1.0})
        order = self._make_order(self.product_elec)
        before = self._snapshot(order)
        with self.refused(UserError, REFUSED):
            order.with_user(self.buyer).button_confirm()
        self.assertEqual(self._snapshot(order), before)
        self.assertEqual(order.state, "draft")

    @verifies("QS-001")
    def test_write_state_purchase_refused(self):
        order = self._make_order(self.product_elec)
        before = self._snapshot(order)
        with self.refused(UserError, REFUSED):
            order.with_user(self.buyer).write({"state": "purchase"})
        self.assertEqual(self._snapshot(order), before)

    @verifies("QS-001")
    def test_write_state_done_refused_even_as_superuser(self):
        order = self._make_order(self.product_elec)
        before = self._snapshot(order)
        with self.refused(UserError, REFUSED):
            order.sudo().write({"state": "done"})
        self.assertEqual(self._snapshot(order), before)

    @verifies("QS-001")
    def test_write_state_with_new_lines_judges_the_new_content(self):
        self._qualify("approved", categs=self.categ_electronic)
        order = self._make_order(self.product_elec)
        before = self._snapshot(order)
        with self.refused(UserError, "QS Sterile Pouch: vendor QS Vendor is not qualified"):
            order.write(
                {
                    "state": "purchase",
                    "order_line": [Command.create({"product_id": self.product_sterile.id, "product_qty": 1})],
                }
            )
        self.assertEqual(self._snapshot(order), before)

    @verifies("QS-001")
    def test_create_directly_confirmed_refused(self):
        Order = self.env["purchase.order"].with_user(self.buyer)
        count = Order.search_count([("partner_id", "=", self.vendor.id)])
        for state in ("purchase", "done"):
            with self.subTest(state=state), self.refused(UserError, REFUSED):
                Order.create(
                    {
                        "partner_id": self.vendor.id,
                        "state": state,
                        "order_line": [Command.create({"product_id": self.product_elec.id, "product_qty": 3})],
                    }
                )
        self.assertEqual(Order.search_count([("partner_id", "=", self.vendor.id)]), count)

    @verifies("QS-001")
    def test_create_directly_confirmed_for_qualified_vendor_confirms(self):
        self._qualify("approved")
        order = (
            self.env["purchase.order"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "state": "purchase",
                    "order_line": [Command.create({"product_id": self.product_elec.id, "product_qty": 3})],
                }
            )
        )
        self.assertEqual(order.state, "purchase")

    @verifies("QS-001")
    def test_button_done_on_rfq_refused(self):
        order = self._make_order(self.product_elec)
        before = self._snapshot(order)
        with self.refused(UserError, REFUSED):
            order.with_user(self.buyer).button_done()
        self.assertEqual(self._snapshot(order), before)

    @verifies("QS-001")
    def test_button_unlock_of_cancelled_rfq_refused(self):
        order = self._make_order(self.product_elec)
        order.button_cancel()
        before = self._snapshot(order)
        with self.refused(UserError, REFUSED):
            order.with_user(self.buyer).button_unlock()
        self.assertEqual(self._snapshot(order), before)
        self.assertEqual(order.state, "cancel")

    @verifies("QS-001")
    def test_lock_and_unlock_of_a_confirmed_order_not_gated_again(self):
        self._qualify("approved", valid_until=quality_today(self.env["res.users"]) + timedelta(days=1))
        order = self._make_order(self.product_elec)
        order.with_user(self.buyer).button_confirm()
        order.button_done()
        self.assertEqual(order.state, "done")
        order.button_unlock()
        self.assertEqual(order.state, "purchase")

    @verifies("QS-001", "QS-004")
    def test_procurement_rfq_confirmed_by_the_buyer_refused(self):
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        buy_route = self.env.ref("purchase_stock.route_warehouse0_buy")
        product = self._make_product(
            "QS Replenished PCB",
            self.categ_electronic,
            is_storable=True,
            route_ids=[Command.set(buy_route.ids)],
            seller_ids=[Command.create({"partner_id": self.vendor.id, "price": 3.0})],
        )
        Group = self.env["procurement.group"]
        Group.run(
            [
                Group.Procurement(
                    product,
                    4.0,
                    product.uom_id,
                    warehouse.lot_stock_id,
                    "QS side door",
                    "QS side door",
                    self.company,
                    {"warehouse_id": warehouse, "route_ids": buy_route},
                )
            ]
        )
        order = self.env["purchase.order"].search([("order_line.product_id", "=", product.id)])
        self.assertEqual(order.state, "draft")
        before = self._snapshot(order)
        with self.refused(UserError, "QS Replenished PCB: vendor QS Vendor is not qualified"):
            order.with_user(self.buyer).button_confirm()
        self.assertEqual(self._snapshot(order), before)

    @verifies("QS-001")
    def test_back_dated_order_does_not_pass_an_expired_qualification(self):
        today = quality_today(self.env["res.users"])
        self._qualify("approved", valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=1))
        order = self._make_order(self.product_elec)
        order.date_order = fields.Datetime.now() - timedelta(days=200)
        before = self._snapshot(order)
        with self.refused(UserError, rf"QS PCB: vendor QS Vendor is approved, not valid on {today}"):
            order.with_user(self.buyer).button_confirm()
        self.assertEqual(self._snapshot(order), before)

    @verifies("QS-001")
    def test_line_added_to_a_confirmed_order_refused(self):
        self._qualify("approved", categs=self.categ_electronic)
        order = self._make_order(self.product_elec)
        order.with_user(self.buyer).button_confirm()
        before = self._snapshot(order)
        with self.refused(UserError, r"(?s)is confirmed: the supplier quality gate refuses.*QS Sterile Pouch"):
            order.with_user(self.buyer).write(
                {"order_line": [Command.create({"product_id": self.product_sterile.id, "product_qty": 1})]}
            )
        self.assertEqual(self._snapshot(order), before)

    @verifies("QS-001")
    def test_confirmed_order_moved_to_an_unqualified_vendor_refused(self):
        self._qualify("approved")
        order = self._make_order(self.product_elec)
        order.with_user(self.buyer).button_confirm()
        other = self.env["res.partner"].create({"name": "QS Other Vendor", "is_company": True})
        before = self._snapshot(order)
        with self.refused(UserError, "QS PCB: vendor QS Other Vendor is not qualified"):
            order.with_user(self.buyer).write({"partner_id": other.id})
        self.assertEqual(self._snapshot(order), before)


@tagged("post_install", "-at_install")
class TestOverrideCoversWhatWasSigned(QualitySupplierCase):
    @contextmanager
    def refused(self, exception, regex):
        """assertRaisesRegex that also rolls back what the refused call wrote, as a real request would."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield
        self.env.invalidate_all()

    def setUp(self):
        super().setUp()
        self.order = self._make_order(self.product_elec)
        self.order.order_line.product_qty = 50
        self.order.with_user(self.qmanager)._quality_sign_override("qs_qmanager_pw", "Line-down risk")
        self.override = self.order.quality_override_ids

    def _assert_void_and_gated(self, order=None):
        order = order or self.order
        self.assertTrue(self.override.void)
        self.assertFalse(self.override.used)
        void_messages = order.message_ids.filtered(lambda m: "is void" in (m.body or ""))
        self.assertEqual(len(void_messages), 1)
        self.assertIn("changed after signing", void_messages.body)
        self.assertFalse(order.quality_override_available)
        with self.refused(UserError, "cannot be confirmed"):
            order.with_user(self.buyer).button_confirm()
        self.assertIn(order.state, ("draft", "sent"))
        self.assertFalse(self.override.used)

    @verifies("QS-003")
    def test_override_stores_the_signed_content(self):
        self.assertEqual(len(self.override), 1)
        self.assertEqual(self.override.signed_content, self.order._quality_gate_content_key())
        self.assertIn(f"[{self.product_elec.id},", self.override.signed_content)
        self.assertIn("50.0", self.override.signed_content)
        signature = self.override.signature_id
        self.assertEqual(signature.meaning, "override")
        self.assertEqual(signature.content_hash, self.order._quality_signature_hash())

    @verifies("QS-003")
    def test_override_void_when_quantity_raised(self):
        self.order.with_user(self.buyer).order_line.product_qty = 5000
        self._assert_void_and_gated()

    @verifies("QS-003")
    def test_override_void_when_quantity_raised_through_the_order_form(self):
        line = self.order.order_line
        self.order.with_user(self.buyer).write({"order_line": [Command.update(line.id, {"product_qty": 5000})]})
        self._assert_void_and_gated()

    @verifies("QS-003")
    def test_override_void_when_vendor_changed(self):
        other = self.env["res.partner"].create({"name": "QS Other Vendor", "is_company": True})
        self.order.with_user(self.buyer).partner_id = other
        self._assert_void_and_gated()

    @verifies("QS-003")
    def test_override_void_when_unit_price_changed(self):
        self.order.with_user(self.buyer).order_line.price_unit = 1.0
        self._assert_void_and_gated()

    @verifies("QS-003")
    def test_override_void_when_product_changed(self):
        other = self._make_product("QS Other PCB", self.categ_electronic)
        self.order.with_user(self.buyer).order_line.product_id = other
        self._assert_void_and_gated()

    @verifies("QS-003")
    def test_override_void_when_a_line_is_added(self):
        self.env["purchase.order.line"].with_user(self.buyer).create(
            {"order_id": self.order.id, "product_id": self.product_elec.id, "product_qty": 1}
        )
        self._assert_void_and_gated()

    @verifies("QS-003")
    def test_override_void_when_currency_changed(self):
        other = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("id", "!=", self.order.currency_id.id)], limit=1)
        )
        other.active = True
        self.order.with_user(self.buyer).currency_id = other
        self._assert_void_and_gated()

    @verifies("QS-003")
    def test_override_unchanged_confirms_once(self):
        self.order.with_user(self.buyer).notes = "Deliver to dock 3"  # not part of the signed content
        self.order.with_user(self.buyer).button_confirm()
        self.assertEqual(self.order.state, "purchase")
        self.assertTrue(self.override.used)
        self.assertFalse(self.override.void)

    @verifies("QS-003")
    def test_override_cannot_be_rewritten_even_as_superuser(self):
        for vals in (
            {"used": False},
            {"void": False},
            {"signed_content": "{}"},
            {"order_id": self._make_order(self.product_sterile).id},
        ):
            with self.subTest(vals=vals), self.refused(UserError, "change only through its buttons"):
                self.override.sudo().write(vals)
        self.assertFalse(self.override.used)
        self.assertEqual(self.override.order_id, self.order)

    @verifies("QS-003")
    def test_override_cannot_be_deleted(self):
        with self.refused(UserError, "cannot be deleted"):
            self.override.sudo().unlink()
        self.assertTrue(self.override.exists())

    @verifies("QS-003")
    @mute_logger("odoo.sql_db")
    def test_order_with_an_override_cannot_be_deleted(self):
        self.order.button_cancel()
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.order.unlink()
        self.assertTrue(self.order.exists())
        self.assertTrue(self.override.exists())

    @verifies("QS-003")
    def test_only_a_quality_manager_signs_an_override(self):
        portal_vendor = new_test_user(self.env, login="qs_portal", groups="base.group_portal", password="qs_portal_pw")
        portal_vendor.partner_id.parent_id = self.vendor
        roles = {
            "employee": new_test_user(self.env, login="qs_emp", groups="base.group_user", password="qs_emp_pw"),
            "purchase_user": self.buyer,
            "quality_user": new_test_user(
                self.env,
                login="qs_quser",
                groups="base.group_user,purchase.group_purchase_user,quality_documents.group_quality_user",
                password="qs_quser_pw",
            ),
            "portal": portal_vendor,
        }
        order = self._make_order(self.product_sterile)
        for role, user in roles.items():
            with self.subTest(role=role):
                with self.refused((AccessError, UserError), "Only a quality manager|not allowed"):
                    order.with_user(user)._quality_sign_override(f"{user.login}_pw", "I want it")
                self.assertFalse(order.quality_override_ids)
                self.assertFalse(order._quality_signatures("override"))
        signature = order.with_user(self.qmanager)._quality_sign_override("qs_qmanager_pw", "Inspected 100 %")
        self.assertEqual(signature.signer_id, self.qmanager)
        self.assertEqual(order.quality_override_ids.signer_id, self.qmanager)
