from datetime import timedelta

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged

from .common import QualitySupplierCase


@tagged("post_install", "-at_install")
class TestCertificateExpiry(QualitySupplierCase):
    @verifies("QS-006")
    def test_certificate_expiry_cron_idempotent_and_downgrades(self):
        today = quality_today(self.env["res.users"])
        iso13485 = self.env.ref("quality_supplier.certificate_type_iso13485")
        iso9001 = self.env.ref("quality_supplier.certificate_type_iso9001")
        self.categ_sterile.quality_certificate_type_ids = iso13485
        self.vendor.buyer_id = self.buyer
        qual_sterile = self._qualify("approved", categs=self.categ_sterile, responsible_id=self.qmanager.id)
        qual_elec = self._qualify("approved", categs=self.categ_electronic)
        Certificate = self.env["quality.supplier.certificate"]
        expired = Certificate.create(
            {
                "partner_id": self.vendor.id,
                "type_id": iso13485.id,
                "name": "MD-001",
                "valid_until": today - timedelta(days=1),
            }
        )
        expiring = Certificate.create(
            {
                "partner_id": self.vendor.id,
                "type_id": iso9001.id,
                "name": "QMS-002",
                "valid_until": today + timedelta(days=10),
            }
        )
        for _run in range(2):
            Certificate._cron_check_expiry()
        self.assertEqual(expired.state, "expired")
        self.assertEqual(qual_sterile.state, "probation")
        self.assertEqual(qual_elec.state, "approved", "ISO 13485 is not required for electronics")
        messages = qual_sterile.message_ids.filtered(lambda m: "Moved to probation" in (m.body or ""))
        self.assertEqual(len(messages), 1)
        self.assertIn("ISO 13485 MD-001 expired", messages.body)
        self.assertEqual(expiring.state, "expiring")
        activities = expiring.activity_ids
        self.assertEqual(activities.user_id, self.buyer | self.qmanager)
        self.assertEqual(len(activities), 2, "running the job twice warns once")
        # the gate now refuses the sterile category
        order = self._make_order(self.product_sterile)
        self.assertIn("probation", order.quality_gate_message)

    @verifies("QS-006")
    def test_renewed_certificate_keeps_qualification(self):
        today = quality_today(self.env["res.users"])
        iso13485 = self.env.ref("quality_supplier.certificate_type_iso13485")
        self.categ_sterile.quality_certificate_type_ids = iso13485
        qual = self._qualify("approved", categs=self.categ_sterile)
        Certificate = self.env["quality.supplier.certificate"]
        Certificate.create(
            [
                {
                    "partner_id": self.vendor.id,
                    "type_id": iso13485.id,
                    "name": "OLD",
                    "valid_until": today - timedelta(days=1),
                },
                {
                    "partner_id": self.vendor.id,
                    "type_id": iso13485.id,
                    "name": "NEW",
                    "valid_until": today + timedelta(days=900),
                },
            ]
        )
        Certificate._cron_check_expiry()
        self.assertEqual(qual.state, "approved")
