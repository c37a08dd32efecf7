"""CAPA actions done by their evidence run with the rights of whoever produced it.

A quality user making a procedure change effective marks the actions waiting for it done with their own rights
(no superuser); a trainee completing the training an action asks for cannot write CAPA actions, and the
system marks the action done on their behalf without giving them that right."""

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import QualityCapaCommon


@verifies("QC-013")
@tagged("post_install", "-at_install")
class TestEvidenceDoneRights(QualityCapaCommon):
    def _revision(self, title):
        document = self.env["quality.document"].create({"title": title, "approver_ids": [(6, 0, self.verifier.ids)]})
        revision = self.env["quality.document.revision"].create({"document_id": document.id, "body": "<p>v</p>"})
        revision.action_submit_review()
        return revision

    def test_revision_made_effective_by_a_quality_user_does_its_actions_with_their_rights(self):
        capa = self._capa_in_plan()
        revision = self._revision("Seal SOP rights")
        action = self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Update seal SOP", "kind": "corrective", "revision_id": revision.id}
        )
        revision.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")
        self.assertEqual(revision.state, "effective")
        self.assertEqual(action.state, "done")
        self.assertEqual(action.write_uid, self.verifier, "done by the approver, in their own environment")
        self.assertIn("is effective", capa.message_ids[:1].body)

    def test_trainee_completing_training_gets_the_action_done_but_no_right_on_it(self):
        capa = self._capa_in_plan()
        revision = self._revision("Seal SOP training")
        revision.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")
        trainee_user = new_test_user(
            self.env, login="capa_trainee", groups="base.group_user", password="capa_trainee_pw"
        )
        trainee = self.env["hr.employee"].create({"name": "Seal Trainee", "user_id": trainee_user.id})
        self.env["quality.training.requirement"].create(
            {
                "requirement_type": "document",
                "document_id": revision.document_id.id,
                "employee_ids": [(6, 0, trainee.ids)],
            }
        )
        action = self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Train on seal SOP", "kind": "corrective", "training_revision_id": revision.id}
        )
        with self.assertRaises(AccessError), self.cr.savepoint():
            action.with_user(trainee_user).write({"name": "Renamed by the trainee"})
        assignment = self.env["quality.training.assignment"].search([("revision_id", "=", revision.id)])
        assignment.with_user(trainee_user)._quality_sign("acknowledged", "capa_trainee_pw")
        self.assertEqual(assignment.state, "done")
        self.assertEqual(action.state, "done")
        self.assertEqual(action.name, "Train on seal SOP")
