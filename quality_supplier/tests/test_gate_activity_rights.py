from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import QualitySupplierCase


@tagged("post_install", "-at_install")
class TestGateActivityRights(QualitySupplierCase):
    """The gate's activity for the buyer is scheduled with the rights of whoever confirmed (no sudo)."""

    def _blocked_activities(self, order):
        blocked_type = self.env.ref("quality_supplier.mail_activity_supplier_gate_blocked")
        return self.env["mail.activity"].search(
            [("res_model", "=", order._name), ("res_id", "=", order.id), ("activity_type_id", "=", blocked_type.id)]
        )

    @verifies("QD-016", "QS-004")
    def test_buyer_confirm_schedules_activity_with_own_rights(self):
        self.vendor.buyer_id = self.buyer
        order = self._make_order(self.product_elec)
        self.assertEqual(order.env.uid, self.buyer.id)
        self.assertFalse(order.env.su)
        order.with_context(quality_supplier_auto=True).button_confirm()
        self.assertEqual(order.state, "draft")
        activity = self._blocked_activities(order)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.buyer)
        self.assertEqual(activity.create_uid, self.buyer)
        self.assertIn(self.product_elec.name, activity.note)

    @verifies("QD-016", "QS-004")
    def test_roles_without_order_write_refused_nothing_scheduled(self):
        employee = new_test_user(self.env, login="qs_gate_act_employee", groups="base.group_user")
        # An inventory user reads purchase orders but may not write them.
        stock_user = new_test_user(self.env, login="qs_gate_act_stock", groups="base.group_user,stock.group_stock_user")
        order = self._make_order(self.product_elec)
        # Before, the gate wrote this activity in superuser mode even for a user who may not change the order.
        for user, message in ((employee, "Purchase Order"), (stock_user, "security restrictions")):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError) as refusal:
                    order.with_user(user).with_context(quality_supplier_auto=True).button_confirm()
                self.assertIn(message, str(refusal.exception))
                self.assertEqual(order.state, "draft")
                self.assertFalse(self._blocked_activities(order))
