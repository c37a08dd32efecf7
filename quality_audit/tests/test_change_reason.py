from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PASSWORD, QualityAuditCommon


@verifies("QD-030")
@tagged("post_install", "-at_install")
class TestAuditChangeReason(QualityAuditCommon):
    """A closed audit asks for a reason for change, also for its signed conclusion (html, not tracked)."""

    def setUp(self):
        super().setUp()
        audit = self._create_audit(template_id=self.template.id, scope="Line 2 assembly")
        audit.action_prepare()
        audit.action_start()
        audit.question_ids.write({"answer": "conforming"})
        audit.write({"conclusion": "<p>Conforming.</p>"})
        audit.action_report()
        audit.with_user(self.auditor_user)._quality_sign("closed", PASSWORD, "Report issued")
        self.assertEqual(audit.state, "closed")
        # With the chatter on, as in the application.
        self.audit = audit.with_user(self.auditor_user).with_context(tracking_disable=False, mail_notrack=False)

    def _logs(self):
        self.env.flush_all()
        self.env.cr.precommit.run()
        return self.audit.sudo().message_ids.filtered(lambda m: "o_quality_change_reason" in (m.body or ""))

    def test_closed_audit_scope_change_needs_a_reason(self):
        with self.assertRaises(UserError) as caught:
            self.audit.write({"scope": "Line 2 and 3 assembly"})
        self.assertIn("is closed: give a reason for change", str(caught.exception))
        self.audit.invalidate_recordset()
        self.assertEqual(self.audit.scope, "Line 2 assembly")
        self.audit.write({"scope": "Line 2 and 3 assembly", "quality_change_reason": "Typo: line 3 was audited too"})
        log = self._logs()
        self.assertEqual(len(log), 1)
        self.assertIn("Typo: line 3 was audited too", log.body)
        self.assertEqual(log.sudo().tracking_value_ids.field_id.name, "scope")

    def test_closed_audit_conclusion_change_needs_a_reason_and_is_logged(self):
        with self.assertRaises(UserError) as caught:
            self.audit.write({"conclusion": "<p>Conforming, one observation.</p>"})
        self.assertIn("Conclusion", str(caught.exception))
        self.audit.invalidate_recordset()
        self.assertEqual(str(self.audit.conclusion), "<p>Conforming.</p>")
        self.audit.write(
            {"conclusion": "<p>Conforming, one observation.</p>", "quality_change_reason": "Observation omitted"}
        )
        self.assertEqual(str(self.audit.conclusion), "<p>Conforming, one observation.</p>")
        log = self._logs()
        self.assertEqual(len(log), 1)
        self.assertIn("Conclusion", log.body)
        self.assertIn("Observation omitted", log.body)
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.manager_user)
            .with_context(active_model="quality.audit")
            ._render_qweb_html("quality_documents.action_report_audit_trail", self.audit.ids)
        )
        page = html.decode()
        self.assertIn("Changed (content not tracked value by value): Conclusion.", page)
        self.assertIn("Observation omitted", page)
        # The closing signature shows that its signed content changed since.
        self.assertIn("Content changed since signing: Conclusion", page)

    def test_audit_in_progress_needs_no_reason(self):
        audit = self._create_audit(scope="Warehouse").with_user(self.auditor_user)
        audit.write({"scope": "Warehouse and shipping", "conclusion": "<p>Draft.</p>"})
        self.assertEqual(audit.scope, "Warehouse and shipping")
