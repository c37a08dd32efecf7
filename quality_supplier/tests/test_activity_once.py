"""Reminders are found by their activity type and record, not by their summary text."""

from datetime import timedelta

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged

from .common import QualitySupplierCase


@tagged("post_install", "-at_install")
class TestActivityOnce(QualitySupplierCase):
    @verifies("QS-004")
    def test_blocked_rfq_activity_found_by_type_when_its_summary_changed(self):
        self.vendor.buyer_id = self.buyer
        order = self._make_order(self.product_elec)
        order.with_context(quality_supplier_auto=True).button_confirm()
        blocked_type = self.env.ref("quality_supplier.mail_activity_supplier_gate_blocked")
        activity = order.activity_ids.filtered(lambda a: a.activity_type_id == blocked_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.buyer)
        self.assertIn(self.product_elec.name, activity.note)
        # The buyer rewrites the summary (or reads it in another language): the gate still sees its activity.
        activity.with_user(self.buyer).summary = "Appeler le fournisseur"
        order.with_context(quality_supplier_auto=True).button_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.activity_ids.filtered(lambda a: a.activity_type_id == blocked_type), activity)
        # Once done, the next blocked confirmation schedules a new one.
        activity.action_feedback(feedback="Vendor asked for its certificate")
        order.with_context(quality_supplier_auto=True).button_confirm()
        self.assertEqual(len(order.activity_ids.filtered(lambda a: a.activity_type_id == blocked_type)), 1)

    @verifies("QS-006")
    def test_certificate_expiry_activity_once_per_user(self):
        Certificate = self.env["quality.supplier.certificate"]
        cert_type = self.env.ref("quality_supplier.certificate_type_iso9001")
        cert = Certificate.create(
            {
                "partner_id": self.vendor.id,
                "type_id": cert_type.id,
                "name": "ISO-H8-1",
                "valid_until": quality_today(self.env["res.users"]) + timedelta(days=10),
            }
        )
        self.vendor.buyer_id = self.buyer
        expiry_type = self.env.ref("quality_supplier.mail_activity_certificate_expiry")
        Certificate._cron_check_expiry()
        activities = cert.activity_ids.filtered(lambda a: a.activity_type_id == expiry_type)
        self.assertIn(self.buyer, activities.user_id)
        self.assertEqual(len(activities), len(activities.user_id))
        cert._quality_workflow_write({"expiry_notified": False})  # test fixture: as if the job had not noted it
        Certificate._cron_check_expiry()
        self.assertEqual(cert.activity_ids.filtered(lambda a: a.activity_type_id == expiry_type), activities)
