from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PASSWORD, QualityAuditCommon


@tagged("post_install", "-at_install")
class TestAudit(QualityAuditCommon):
    @verifies("QA-001")
    def test_independence_refuses_auditor_of_audited_department(self):
        with self.assertRaisesRegex(ValidationError, "Auditor independence.*QA Audit Production Dept"):
            self._create_audit(lead_auditor_id=self.other_auditor_user.id)

    @verifies("QA-001")
    def test_independence_refuses_team_member_of_audited_department(self):
        audit = self._create_audit()
        with self.assertRaisesRegex(ValidationError, "cannot audit it"):
            audit.auditor_ids = self.other_auditor_user

    @verifies("QA-001")
    def test_independence_covers_sub_departments(self):
        sub = self.env["hr.department"].create({"name": "Sub line", "parent_id": self.dept_production.id})
        self.other_auditor_employee.department_id = sub
        with self.assertRaisesRegex(ValidationError, "Auditor independence"):
            self._create_audit(lead_auditor_id=self.other_auditor_user.id)

    @verifies("QA-003")
    def test_checklist_copied_from_template(self):
        audit = self._create_audit(template_id=self.template.id)
        self.assertEqual(audit.question_ids.mapped("name"), self.template.question_ids.mapped("name"))
        self.assertEqual(audit.question_ids.mapped("clause"), ["7.5.1", "6.2"])
        self.assertEqual(audit.answer_open_count, 2)
        # Changing the template afterwards does not change the audit's copy.
        self.template.question_ids[0].name = "Changed"
        self.assertEqual(audit.question_ids[0].name, "Are work instructions available?")

    @verifies("QA-003")
    def test_answer_raises_finding_with_evidence_and_default_due_date(self):
        audit = self._create_audit(template_id=self.template.id)
        question = audit.question_ids[0]
        question.write({"answer": "major_nc", "evidence": "WI-12 missing at line 3"})
        audit.question_ids[1].answer = "conforming"
        audit.action_create_findings()
        finding = question.finding_id
        self.assertEqual(audit.finding_ids, finding)
        self.assertEqual(finding.severity, "major")
        self.assertEqual(finding.clause, "7.5.1")
        self.assertEqual(finding.evidence, "WI-12 missing at line 3")
        self.assertTrue(finding.capa_required)
        today = quality_today(finding)
        self.assertEqual(finding.due_date, today + relativedelta(days=30))
        with self.assertRaisesRegex(UserError, "only a nonconformity"):
            audit.question_ids[1]._create_finding()

    @verifies("QA-003")
    def test_report_refused_with_unanswered_questions(self):
        audit = self._create_audit(template_id=self.template.id)
        audit.action_prepare()
        audit.action_start()
        with self.assertRaisesRegex(UserError, "2 unanswered checklist question"):
            audit.action_report()

    @verifies("QA-003")
    def test_followup_shows_open_findings_of_previous_audit(self):
        previous = self._create_audit(planned_date=date(2025, 6, 1))
        Finding = self.env["quality.audit.finding"]
        open_finding = Finding.create({"audit_id": previous.id, "severity": "observation", "description": "Open one"})
        closed_finding = Finding.create({"audit_id": previous.id, "severity": "opportunity", "description": "Done"})
        closed_finding.action_close()
        other_unit = self.env["quality.audit.unit"].create({"name": "Other unit", "risk_level": "low"})
        self._create_audit(unit_id=other_unit.id, planned_date=date(2025, 7, 1))
        current = self._create_audit(planned_date=date(2026, 1, 15))
        self.assertEqual(current.followup_finding_ids, open_finding)
        self.assertFalse(previous.followup_finding_ids)
        open_finding.with_context(quality_followup_audit_id=current.id).action_close()
        self.assertEqual(open_finding.closed_in_audit_id, current)
        current.invalidate_recordset(["followup_finding_ids"])
        self.assertFalse(current.followup_finding_ids)

    @verifies("QA-004")
    def test_closed_audit_cannot_be_deleted(self):
        audit = self._create_audit()
        audit._quality_workflow_write({"state": "closed"})  # fixture: closed (the signed path is tested below)
        with self.assertRaisesRegex(UserError, "cancel it instead"):
            audit.unlink()

    @verifies("QD-018")
    def test_audit_report_pdf_renders_scope_findings_and_summary(self):
        audit = self._create_audit(template_id=self.template.id, scope="Line 3 assembly")
        audit.question_ids[0].write({"answer": "minor_nc", "evidence": "WI missing"})
        audit.action_create_findings()
        html = self.env["ir.actions.report"]._render_qweb_html("quality_audit.report_quality_audit", audit.ids)[0]
        self.assertIn(b"Line 3 assembly", html)
        self.assertIn(audit.finding_ids.name.encode(), html)
        self.assertIn(b"Electronic signatures", html)

    @verifies("QA-002")
    def test_competence_refuses_unqualified_lead_auditor(self):
        audit = self._create_audit(lead_auditor_id=self.manager_user.id)
        with self.assertRaisesRegex(ValidationError, "is not qualified as lead auditor"):
            audit.action_prepare()
        self.assertEqual(audit.state, "planned")
        audit.lead_auditor_id = self.auditor_user
        audit.action_prepare()
        self.assertEqual(audit.state, "prepared")

    @verifies("QA-002")
    def test_competence_refuses_expired_auditor_training(self):
        assignment = self.env["quality.training.assignment"].search(
            [("employee_id", "=", self.auditor_employee.id), ("requirement_id.is_auditor_qualification", "=", True)]
        )
        assignment._quality_workflow_write({"expiry_date": date(2020, 1, 1)})  # fixture: expired long ago
        audit = self._create_audit()
        with self.assertRaisesRegex(ValidationError, "not qualified as lead auditor"):
            audit.action_prepare()

    @verifies("QA-004")
    def test_workflow_to_closed_by_signature(self):
        audit = self._create_audit(template_id=self.template.id)
        audit.action_prepare()
        audit.action_start()
        self.assertEqual(audit.state, "in_progress")
        audit.question_ids.write({"answer": "conforming"})
        audit.action_report()
        signature = audit.with_user(self.auditor_user)._quality_sign("closed", PASSWORD, "Report issued")
        self.assertEqual(signature.meaning, "closed")
        self.assertEqual(audit.state, "closed")
        with self.assertRaisesRegex(UserError, "can no longer change"):
            audit.question_ids[0].answer = "major_nc"
