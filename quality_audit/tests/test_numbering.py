"""Audits, findings and management reviews are numbered by the one rule of quality numbers (quality_sequence_names):
the next number of their sequence, the record's company's own where it has one; a name given is kept."""

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged

from .common import QualityAuditCommon


@verifies("QA-007")
@tagged("post_install", "-at_install")
class TestNumbering(QualityAuditCommon):
    def test_audit_finding_and_review_numbers(self):
        today = quality_today(self.env["quality.audit"])
        year = today.year
        audit = self.env["quality.audit"].create(
            {"audit_type": "internal", "lead_auditor_id": self.auditor_user.id, "planned_date": today}
        )
        self.assertRegex(audit.name, rf"^AUD/{year}/\d+$")
        finding = self.env["quality.audit.finding"].create(
            {"audit_id": audit.id, "severity": "minor", "description": "Numbered"}
        )
        self.assertRegex(finding.name, rf"^AF/{year}/\d+$")
        review = self.env["quality.management.review"].create(
            {"title": "Numbered", "date_from": today, "date_to": today, "chair_id": self.manager_user.id}
        )
        self.assertRegex(review.name, rf"^MR/{year}/\d+$")
        named = self.env["quality.audit.finding"].create(
            {"audit_id": audit.id, "severity": "minor", "description": "Named", "name": "AF-KEEP"}
        )
        self.assertEqual(named.name, "AF-KEEP")

    def test_company_own_sequence_numbers_its_audits(self):
        company = self.env["res.company"].create({"name": "QA Numbering Company"})
        self.env["ir.sequence"].create(
            {
                "name": "Audits of QA Numbering",
                "code": "quality.audit",
                "prefix": "NUM-A-",
                "padding": 3,
                "company_id": company.id,
            }
        )
        audit = self.env["quality.audit"].create(
            {
                "audit_type": "internal",
                "lead_auditor_id": self.auditor_user.id,
                "planned_date": quality_today(self.env["quality.audit"]),
                "company_id": company.id,
            }
        )
        self.assertEqual(audit.name, "NUM-A-001")
        # The other companies keep the shared sequence.
        other = self.env["quality.audit"].create(
            {"audit_type": "internal", "lead_auditor_id": self.auditor_user.id, "planned_date": audit.planned_date}
        )
        self.assertRegex(other.name, r"^AUD/\d{4}/\d+$")
