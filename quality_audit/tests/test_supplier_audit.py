from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PASSWORD, QualityAuditCommon


@tagged("post_install", "-at_install")
class TestSupplierAudit(QualityAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "QA Tubing Vendor", "is_company": True})
        cls.qualification = cls.env["quality.supplier.qualification"].create({"partner_id": cls.vendor.id})
        cls.vendor_unit = cls.env["quality.audit.unit"].create(
            {"name": "Tubing vendor", "unit_type": "vendor", "partner_id": cls.vendor.id, "risk_level": "high"}
        )

    def _supplier_audit(self, outcome):
        audit = self._create_audit(unit_id=self.vendor_unit.id, audit_type="supplier")
        self.assertEqual(audit.partner_id, self.vendor)
        audit.action_prepare()
        audit.action_start()
        audit.outcome = outcome
        return audit

    @verifies("QA-006")
    def test_supplier_audit_fail_moves_vendor_to_probation(self):
        audit = self._supplier_audit("fail")
        self.assertEqual(self.qualification.state, "pending")
        signature = audit.with_user(self.manager_user)._quality_sign("approved", PASSWORD, "Failed on-site audit")
        self.assertEqual(signature.meaning, "approved")
        self.assertTrue(audit.outcome_signed)
        self.assertEqual(self.qualification.state, "probation")
        self.assertIn(audit.name, self.qualification.reason)

    @verifies("QA-006")
    def test_supplier_outcome_needs_outcome_and_right_signer(self):
        audit = self._create_audit(unit_id=self.vendor_unit.id, audit_type="supplier")
        audit.action_prepare()
        audit.action_start()
        with self.assertRaisesRegex(UserError, "Choose the outcome"):
            audit.with_user(self.manager_user)._quality_sign("approved", PASSWORD)
        audit.outcome = "pass"
        with self.assertRaisesRegex(UserError, "Only the lead auditor or a quality manager"):
            audit.with_user(self.other_auditor_user)._quality_sign("approved", PASSWORD)
        audit.with_user(self.auditor_user)._quality_sign("approved", PASSWORD)
        self.assertEqual(self.qualification.state, "pending")
        self.assertTrue(audit.outcome_signed)

    @verifies("QA-006")
    def test_supplier_audit_conditional_makes_approved_qualification_conditional(self):
        self.qualification.with_user(self.manager_user)._quality_sign_status("approved", PASSWORD)
        self.assertEqual(self.qualification.state, "approved")
        audit = self._supplier_audit("conditional")
        audit.with_user(self.manager_user)._quality_sign("approved", PASSWORD)
        self.assertEqual(self.qualification.state, "conditional")
