from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PASSWORD, QualityAuditCommon


@tagged("post_install", "-at_install")
class TestOutcomeLogNotes(QualityAuditCommon):
    """The notes of a signed supplier-audit outcome are written with the signer's own rights (no sudo)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "QA Log Note Vendor", "is_company": True})
        cls.env["quality.supplier.qualification"].create({"partner_id": cls.vendor.id})
        cls.vendor_unit = cls.env["quality.audit.unit"].create(
            {"name": "Log note vendor", "unit_type": "vendor", "partner_id": cls.vendor.id, "risk_level": "high"}
        )

    def _notes(self, record, text):
        return self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id), ("body", "ilike", text)]
        )

    @verifies("QD-016", "QA-006")
    def test_lead_auditor_signs_outcome_notes_written_without_partner_write(self):
        audit = self._create_audit(unit_id=self.vendor_unit.id, audit_type="supplier")
        audit.action_prepare()
        audit.action_start()
        audit.outcome = "pass"
        # The lead auditor (quality user) may not write the vendor: the note on it is a system log note.
        self.assertFalse(self.vendor.with_user(self.auditor_user).has_access("write"))

        # A quality user who is not the lead auditor is refused: no signature, no note anywhere.
        with self.assertRaisesRegex(UserError, "Only the lead auditor or a quality manager"):
            audit.with_user(self.other_auditor_user)._quality_sign("approved", PASSWORD)
        self.assertFalse(audit.outcome_signed)
        self.assertFalse(self._notes(self.vendor, audit.name))
        self.assertFalse(self._notes(audit, "Electronically signed by"))

        audit.with_user(self.auditor_user)._quality_sign("approved", PASSWORD)
        self.assertTrue(audit.outcome_signed)
        vendor_note = self._notes(self.vendor, audit.name)
        self.assertEqual(len(vendor_note), 1)
        self.assertIn("signed outcome: Pass", vendor_note.body)
        self.assertEqual(vendor_note.author_id, self.auditor_user.partner_id)
        self.assertEqual(vendor_note.subtype_id, self.env.ref("mail.mt_note"))
        signed_note = self._notes(audit, "Electronically signed by")
        self.assertEqual(len(signed_note), 1)
        self.assertEqual(signed_note.author_id, self.auditor_user.partner_id)
