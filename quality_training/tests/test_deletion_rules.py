"""Deletion rules of training records are @api.ondelete hooks: refused for completed training, open ones go."""

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestTrainingDeletionRules(TrainingCase):
    def _requirement_with_assignment(self, title):
        document = self._make_document(title)
        requirement = self._make_requirement(document, job_ids=[(6, 0, self.job.ids)])
        self._make_effective(document)
        assignment = self._assignments(requirement)
        self.assertEqual(len(assignment), 1)
        return requirement, assignment

    @verifies("QT-010")
    def test_completed_training_and_its_requirement_are_not_deleted(self):
        requirement, assignment = self._requirement_with_assignment("QT Deletion SOP")
        assignment._mark_done()
        self.assertEqual(assignment.state, "done")
        with self.assertRaisesRegex(UserError, "Completed training is a quality record"):
            assignment.unlink()
        with self.assertRaisesRegex(UserError, "Training was completed against these requirements"):
            requirement.unlink()
        self.assertTrue(assignment.exists())
        self.assertTrue(requirement.exists())

    @verifies("QT-010")
    def test_open_assignment_and_unused_requirement_are_deleted(self):
        requirement, assignment = self._requirement_with_assignment("QT Deletion SOP 2")
        assignment.unlink()
        self.assertFalse(assignment.exists())
        requirement.unlink()
        self.assertFalse(requirement.exists())
