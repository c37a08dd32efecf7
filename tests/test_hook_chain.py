"""Signature hooks chain through every addon that extends a model: one signing runs them all."""

from odoo.addons.quality_capa.tests.common import QualityCapaCommon
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestSignatureHookChain(QualityCapaCommon):
    def _approve(self, revision):
        revision.action_submit_review()
        revision.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")

    @verifies("QD-001", "QT-005", "QC-013")
    def test_one_approval_runs_documents_training_and_capa_hooks(self):
        """quality.document.revision is extended by quality_documents (the signing makes it effective),
        quality_training (assignments move to the new revision) and quality_capa (the procedure-change action
        is done): one approval signature runs all three."""
        document = self.env["quality.document"].create(
            {"title": "Hook chain SOP", "approver_ids": [(6, 0, self.verifier.ids)]}
        )
        first = self.env["quality.document.revision"].create({"document_id": document.id, "body": "<p>v1</p>"})
        self._approve(first)
        employee = self.env["hr.employee"].create({"name": "Hook chain operator"})
        self.env["quality.training.requirement"].create(
            {"requirement_type": "document", "document_id": document.id, "employee_ids": [(6, 0, employee.ids)]}
        )
        Assignment = self.env["quality.training.assignment"]
        old_assignment = Assignment.search([("employee_id", "=", employee.id), ("revision_id", "=", first.id)])
        self.assertEqual(len(old_assignment), 1)

        capa = self._capa_in_plan()
        second = self.env["quality.document.revision"].create(
            {
                "document_id": document.id,
                "body": "<p>v2</p>",
                "change_summary": "Seal step rewritten",
                "change_reason": "CAPA: procedure unclear",
            }
        )
        action = self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Rewrite SOP", "kind": "corrective", "revision_id": second.id}
        )
        self.assertEqual(action.state, "open")

        self._approve(second)

        # quality_documents' own hook: the approval made the revision effective, the previous one superseded.
        self.assertEqual(second.state, "effective")
        self.assertEqual(first.state, "superseded")
        self.assertEqual(document.effective_revision_id, second)
        # quality_training's hook: the employee is assigned the new revision, the old assignment no longer open.
        new_assignment = Assignment.search([("employee_id", "=", employee.id), ("revision_id", "=", second.id)])
        self.assertEqual(len(new_assignment), 1)
        self.assertEqual(old_assignment.state, "cancelled")
        # quality_capa's hook: the procedure-change action waiting for this revision is done.
        self.assertEqual(action.state, "done")
