"""Valid training is defined once: the assignment's stored valid_from / valid_until, read by the work-order
gate (both its paths), the training matrix and the reports."""

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestTrainingValidity(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls._make_document(operation_ids=[(6, 0, cls.operation.ids)])
        cls.requirement = cls._make_requirement(
            cls.document, job_ids=[(6, 0, cls.job.ids)], days_to_complete=7, validity_months=12
        )
        cls.revision = cls._make_effective(cls.document)

    def _acknowledge(self):
        assignment = self._assignments(self.requirement).filtered(lambda a: a.employee_id == self.operator)
        assignment.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        return assignment

    def _readers(self):
        """What each reader of validity says today for the operator and the requirement."""
        workorder = self._make_workorder()
        gate_sql = workorder._quality_training_all_valid(self.operator)
        gate_python = not workorder._quality_training_missing(self.operator)
        matrix = self.env["quality.training.matrix"].search(
            [("employee_id", "=", self.operator.id), ("requirement_id", "=", self.requirement.id)]
        )
        valid = self.env["quality.training.assignment"]._valid_assignments(self.operator, self.requirement)
        return {
            "gate (SQL)": gate_sql,
            "gate (Python)": gate_python,
            "matrix": bool(matrix.is_valid),
            "reports": bool(valid),
            "employee": self.requirement in self.operator._quality_valid_requirements(),
        }

    def _assert_all(self, expected):
        readers = self._readers()
        self.assertEqual(readers, dict.fromkeys(readers, expected))

    @verifies("QT-002", "QT-007")
    def test_completion_is_stored_as_the_validity_every_reader_uses(self):
        self._assert_all(False)
        assignment = self._acknowledge()
        self.assertEqual(assignment.valid_from, self.today)
        self.assertEqual(assignment.valid_until, assignment.expiry_date)
        self.assertTrue(assignment.valid_until)
        self._assert_all(True)

    @verifies("QT-002", "QT-007")
    def test_a_new_revision_ends_validity_for_every_reader(self):
        assignment = self._acknowledge()
        self._make_effective(self.document)
        self.assertFalse(assignment.valid_from, "training on a superseded revision counts nowhere")
        self.assertFalse(assignment.valid_until)
        self._assert_all(False)
        with self.assertRaisesRegex(UserError, "rev B"):
            self._make_workorder().with_user(self.operator_user).button_start()

    @verifies("QT-002", "QT-007")
    def test_validity_by_day_and_expiry(self):
        assignment = self._acknowledge()
        Assignment = self.env["quality.training.assignment"]
        # A completion of ten days ago that lapsed five days ago (written by the workflow, as the import does).
        assignment._quality_workflow_write(
            {"completion_date": self.today - self._days(10), "expiry_date": self.today - self._days(5)}
        )
        self.assertEqual(assignment.valid_until, self.today - self._days(5))
        for days_ago, counts in ((11, False), (10, True), (7, True), (5, True), (4, False), (0, False)):
            day = self.today - self._days(days_ago)
            with self.subTest(days_ago=days_ago):
                found = Assignment.search([("id", "=", assignment.id)] + Assignment._valid_on_domain(day))
                self.assertEqual(bool(found), counts)
                self.assertEqual(assignment._is_valid_on(day), counts)
        self._assert_all(False)
