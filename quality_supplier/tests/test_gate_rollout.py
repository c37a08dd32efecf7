"""Opt-in at install, off / warn only / enforce per company, the signed switch to enforce, the rollout report."""

from contextlib import contextmanager

from odoo import Command
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.addons.quality_supplier.models.purchase_order import WARN_ACTIVITY_SUMMARY
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import QualitySupplierCase

DEMO_CATEGORIES = (
    "quality_supplier.demo_categ_components",
    "quality_supplier.demo_categ_sterile",
    "quality_supplier.demo_categ_electronics",
)


@tagged("post_install", "-at_install")
class TestGateOptIn(QualitySupplierCase):
    @contextmanager
    def refused(self, exception, regex):
        """assertRaisesRegex that also rolls back what the refused call wrote, as a real request would."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield
        self.env.invalidate_all()

    @verifies("QS-001")
    def test_installing_marks_no_category_and_a_new_company_only_warns(self):
        marked = self.env["product.category"].search([("quality_controlled", "=", True)]) - self.categ_root
        demo = self.env["product.category"].browse(
            [r.id for r in (self.env.ref(x, raise_if_not_found=False) for x in DEMO_CATEGORIES) if r]
        )
        self.assertEqual(marked - demo, self.env["product.category"], "only the demo story marks categories")
        self.assertFalse(self.env["product.category"].create({"name": "QS New"}).quality_controlled)
        company = self.env["res.company"].create({"name": "QS Live Company"})
        self.assertEqual(company.quality_supplier_gate_mode, "warn")
        self.assertFalse(company.quality_supplier_gate_change_ids)

    @verifies("QS-001")
    def test_unmarked_category_blocks_nothing_even_when_enforced(self):
        office = self.env["product.category"].create({"name": "QS Office Supplies"})
        product = self._make_product("QS Stapler", office)
        order = self._make_order(product)
        self.assertFalse(order.quality_gate_blocked)
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertFalse(order.activity_ids)
        self.assertFalse(order.message_ids.filtered(lambda m: "supplier quality gate" in (m.body or "")))

    @verifies("QS-001")
    def test_off_mode_gates_nothing(self):
        self.company.with_user(self.qmanager)._quality_supplier_set_gate_mode("off", reason="Pause")
        order = self._make_order(self.product_elec)
        self.assertFalse(order.quality_gate_blocked)
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertFalse(order.activity_ids)

    @verifies("QS-001")
    def test_warn_only_confirms_with_a_warning_and_an_activity_for_the_buyer(self):
        self.company.with_user(self.qmanager)._quality_supplier_set_gate_mode("warn", reason="Rollout")
        order = self._make_order(self.product_elec)
        self.assertTrue(order.quality_gate_blocked)
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
        warning = order.message_ids.filtered(lambda m: "warn only" in (m.body or ""))
        self.assertEqual(len(warning), 1)
        self.assertIn("QS PCB: vendor QS Vendor is not qualified", warning.body)
        activity = order.activity_ids.filtered(lambda a: a.summary == WARN_ACTIVITY_SUMMARY)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.buyer)
        self.assertIn("QS PCB", activity.note)

    @verifies("QS-001")
    def test_warn_only_write_of_the_state_warns_too(self):
        self.company.with_user(self.qmanager)._quality_supplier_set_gate_mode("warn")
        order = self._make_order(self.product_elec)
        order.write({"state": "purchase"})
        self.assertEqual(order.state, "purchase")
        self.assertEqual(len(order.message_ids.filtered(lambda m: "warn only" in (m.body or ""))), 1)


@tagged("post_install", "-at_install")
class TestGateModeSwitch(QualitySupplierCase):
    @contextmanager
    def refused(self, exception, regex):
        """assertRaisesRegex that also rolls back what the refused call wrote, as a real request would."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield
        self.env.invalidate_all()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.with_user(cls.qmanager)._quality_supplier_set_gate_mode("warn", reason="Back to warn")

    def _roles(self):
        portal = new_test_user(self.env, login="qs_sw_portal", groups="base.group_portal", password="qs_sw_portal_pw")
        return {
            "employee": new_test_user(self.env, login="qs_sw_emp", groups="base.group_user", password="qs_sw_emp_pw"),
            "purchase_user": self.buyer,
            "quality_user": new_test_user(
                self.env,
                login="qs_sw_quser",
                groups="base.group_user,quality_documents.group_quality_user",
                password="qs_sw_quser_pw",
            ),
            "portal": portal,
        }

    @verifies("QS-002")
    def test_only_a_quality_manager_changes_the_gate_mode(self):
        changes = self.company.quality_supplier_gate_change_ids
        for role, user in self._roles().items():
            for mode in ("off", "enforce"):
                with self.subTest(role=role, mode=mode), self.assertRaises(AccessError):
                    self.company.with_user(user)._quality_supplier_set_gate_mode(mode, f"{user.login}_pw", "me")
        self.assertEqual(self.company.quality_supplier_gate_mode, "warn")
        self.assertEqual(self.company.quality_supplier_gate_change_ids, changes)

    @verifies("QS-002")
    def test_enforce_with_a_wrong_password_is_refused(self):
        with self.refused(UserError, "Wrong (login or )?password"):
            self.company.with_user(self.qmanager)._quality_supplier_set_gate_mode("enforce", "not-my-password", "x")
        self.assertEqual(self.company.quality_supplier_gate_mode, "warn")

    @verifies("QS-002")
    def test_switch_to_enforce_is_signed_and_tracked(self):
        change = self.company.with_user(self.qmanager)._quality_supplier_set_gate_mode(
            "enforce", "qs_qmanager_pw", "Rollout report reviewed: 0 open orders blocked"
        )
        self.assertEqual(self.company.quality_supplier_gate_mode, "enforce")
        self.assertEqual(change.state, "applied")
        self.assertEqual((change.mode_from, change.mode_to), ("warn", "enforce"))
        self.assertEqual(change.applied_by_id, self.qmanager)
        self.assertEqual(change.signature_id.meaning, "approved")
        self.assertEqual(change.signature_id.signer_id, self.qmanager)
        self.assertEqual(change.reason, "Rollout report reviewed: 0 open orders blocked")
        # The history of the company's gate: every change, who applied it, when, and the signature.
        history = self.company.quality_supplier_gate_change_ids.sorted("id")
        self.assertEqual(history[-1], change)
        self.assertEqual(history.mapped("mode_to")[-2:], ["warn", "enforce"])
        bodies = change.message_ids.mapped("body")
        self.assertTrue(any("Warn only → Enforce" in body for body in bodies), bodies)
        self.assertTrue(any("Electronically signed by" in body for body in bodies), bodies)

    @verifies("QS-002")
    def test_settings_enforce_button_opens_the_sign_dialog(self):
        admin = new_test_user(
            self.env,
            login="qs_sw_admin",
            groups="base.group_system,purchase.group_purchase_manager,quality_documents.group_quality_manager",
            password="qs_sw_admin_pw",
        )
        settings = self.env["res.config.settings"].with_user(admin).create({})
        action = settings.action_quality_supplier_gate_enforce()
        self.assertEqual(action["res_model"], "quality.sign.wizard")
        self.assertEqual(action["context"]["default_meaning"], "approved")
        self.assertEqual(self.company.quality_supplier_gate_mode, "warn", "nothing changes before the signature")
        Wizard = self.env["quality.sign.wizard"].with_user(admin).with_context(**action["context"])
        credentials = {"password": "qs_sw_admin_pw", "comment": "Go"}
        if "login" in Wizard._fields:  # the dialog asks for the login too
            credentials["login"] = admin.login
        wizard = Wizard.create(credentials)
        wizard.action_sign()
        self.assertEqual(self.company.quality_supplier_gate_mode, "enforce")

    @verifies("QS-002")
    def test_gate_mode_is_not_written_on_the_company(self):
        for user in (self.env.ref("base.user_admin"), self.env.user):
            with (
                self.subTest(user=user.login),
                self.refused(UserError, "changes only from Purchase settings"),
            ):
                self.company.with_user(user).sudo().write({"quality_supplier_gate_mode": "enforce"})
        with self.refused(UserError, "changes only from Purchase settings"):
            self.env["res.company"].create({"name": "QS Enforcing Co", "quality_supplier_gate_mode": "enforce"})
        self.assertEqual(self.company.quality_supplier_gate_mode, "warn")

    @verifies("QS-002")
    def test_gate_change_is_not_created_nor_rewritten_directly(self):
        Change = self.env["quality.supplier.gate.change"].with_user(self.qmanager)
        with self.refused(UserError, "change only through its buttons"):
            Change.create({"mode_to": "enforce", "state": "applied"})
        change = self.company.quality_supplier_gate_change_ids[:1]
        with self.refused(UserError, "change only through its buttons"):
            change.sudo().write({"mode_to": "enforce"})
        with self.refused(UserError, "cannot be deleted"):
            change.sudo().unlink()
        self.assertEqual(self.company.quality_supplier_gate_mode, "warn")


@tagged("post_install", "-at_install")
class TestGateRolloutReport(QualitySupplierCase):
    @contextmanager
    def refused(self, exception, regex):
        """assertRaisesRegex that also rolls back what the refused call wrote, as a real request would."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield
        self.env.invalidate_all()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.with_user(cls.qmanager)._quality_supplier_set_gate_mode("warn", reason="Rollout")
        cls.office = cls.env["product.category"].create({"name": "QS Office Supplies"})
        cls.stapler = cls._make_product("QS Stapler", cls.office)
        cls.qualified = cls.env["res.partner"].create({"name": "QS Qualified Vendor", "is_company": True})
        cls.quser = new_test_user(
            cls.env, login="qs_ro_quser", groups="base.group_user,quality_documents.group_quality_user"
        )

    def _order(self, products, partner=None, state=None):
        order = self.env["purchase.order"].create(
            {
                "partner_id": (partner or self.vendor).id,
                "order_line": [
                    Command.create({"product_id": p.id, "product_qty": 4, "price_unit": 2.5}) for p in products
                ],
            }
        )
        if state:
            order.write({"state": state})
        return order

    def _report(self, **vals):
        action = self.env["quality.supplier.rollout.report"].with_user(self.quser)._quality_open_for(self.company)
        report = self.env[action["res_model"]].with_user(self.quser).browse(action["res_id"])
        if vals:
            report.write(vals)
        result = report.action_show_lines()
        lines = self.env[result["res_model"]].with_user(self.quser).search(result["domain"])
        mine = lines.filtered(lambda ln: ln.partner_id in (self.vendor | self.qualified))
        return {(ln.order_name, ln.product_id.name, ln.order_state) for ln in mine}, mine, result

    @verifies("QS-001")
    def test_rollout_report_lists_what_would_be_blocked_today_by_vendor_and_line(self):
        self._qualify("approved", partner=self.qualified)
        rfq = self._order(self.product_elec | self.stapler)
        sent = self._order(self.product_sterile, state="sent")
        waiting = self._order(self.product_elec, state="to approve")
        self._order(self.product_elec, partner=self.qualified)
        self._order(self.product_elec).button_cancel()
        confirmed = self._order(self.product_elec)
        confirmed.button_confirm()  # warn only: confirmed, so no longer open
        self.assertEqual(confirmed.state, "purchase")
        found, lines, result = self._report()
        self.assertEqual(
            found,
            {
                (rfq.name, "QS PCB", "draft"),
                (sent.name, "QS Sterile Pouch", "sent"),
                (waiting.name, "QS PCB", "to approve"),
            },
        )
        self.assertEqual(result["view_mode"], "list,pivot")
        self.assertEqual(result["context"]["group_by"], ["partner_id"])
        self.assertEqual(lines.partner_id, self.vendor)
        line = lines.filtered(lambda ln: ln.order_name == rfq.name)
        self.assertEqual((line.product_qty, line.price_subtotal), (4.0, 10.0))
        self.assertIn("vendor QS Vendor is not qualified", line.reason)
        # Nothing was changed by the report.
        self.assertEqual((rfq.state, sent.state, waiting.state), ("draft", "sent", "to approve"))

    @verifies("QS-001")
    def test_rollout_report_opens_from_the_settings(self):
        admin = new_test_user(
            self.env, login="qs_ro_admin", groups="base.group_system,quality_documents.group_quality_user"
        )
        action = self.env["res.config.settings"].with_user(admin).create({}).action_quality_supplier_rollout_report()
        report = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual((action["res_model"], action["target"]), ("quality.supplier.rollout.report", "new"))
        self.assertEqual(report.company_id, self.company)
        self.assertIn(self.categ_root, report.categ_ids)

    @verifies("QS-001")
    def test_rollout_report_for_a_category_about_to_be_marked(self):
        rfq = self._order(self.product_elec | self.stapler)
        found, _lines, _result = self._report(categ_ids=[Command.set(self.office.ids)])
        self.assertEqual(found, {(rfq.name, "QS Stapler", "draft")})
        self.assertFalse(self.office.quality_controlled)
