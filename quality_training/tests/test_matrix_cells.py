"""The training matrix shows each cell's state (done, expiring, due, overdue) instead of a 0.00 that reads like
an empty cell; a pair without a row is "not required"."""

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestMatrixCells(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls._make_document(operation_ids=[(6, 0, cls.operation.ids)])
        cls.requirement = cls._make_requirement(
            cls.document, job_ids=[(6, 0, cls.job.ids)], days_to_complete=7, validity_months=12
        )
        cls.revision = cls._make_effective(cls.document)
        cls.buyer = cls.env["hr.employee"].create({"name": "QT Matrix Buyer", "job_id": cls.other_job.id})

    def _cells(self, user=None):
        Matrix = self.env["quality.training.matrix"].with_user(user or self.approver)
        domain = [("requirement_id", "=", self.requirement.id)]
        return {(row[0], row[1]): row for row in Matrix.quality_matrix_cells(domain)}

    @verifies("QT-007")
    def test_cells_read_due_overdue_done_expiring_and_nothing_for_not_required(self):
        assignment = self._assignments(self.requirement).filtered(lambda a: a.employee_id == self.operator)
        cell = self._cells()[(self.operator.id, self.requirement.id)]
        self.assertEqual(cell[2:4], ["due", "Due"])
        self.assertEqual(cell[5], assignment.id)
        self.assertIn("due", cell[4])
        # The pair the buyer's job does not ask for has no row: the view shows it as "not required".
        self.assertNotIn((self.buyer.id, self.requirement.id), self._cells())

        assignment.write({"due_date": self.today - self._days(1)})
        self.assertEqual(self._cells()[(self.operator.id, self.requirement.id)][2], "overdue")

        assignment.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        cell = self._cells()[(self.operator.id, self.requirement.id)]
        self.assertEqual(cell[2], "done")
        self.assertIn("valid until", cell[4])

        # Within the refresher lead time of its expiry, a done training reads "expiring".
        self.requirement.refresher_lead_days = 400
        self.env["quality.training.assignment"].invalidate_model(["is_expiring"])
        self.assertEqual(self._cells()[(self.operator.id, self.requirement.id)][2:4], ["expiring", "Expiring"])

    @verifies("QT-007")
    def test_cells_follow_the_readers_rights(self):
        # The employee reads the matrix rows their rules allow, no more: the same call, another answer.
        other = self.env["hr.employee"].create({"name": "QT Matrix Peer", "job_id": self.job.id})
        self.assertIn((other.id, self.requirement.id), self._cells())
        readable = (
            self.env["quality.training.matrix"]
            .with_user(self.operator_user)
            .search([("requirement_id", "=", self.requirement.id)])
        )
        cells = self._cells(self.operator_user)
        self.assertEqual(set(cells), {(r.employee_id.id, r.requirement_id.id) for r in readable})
        self.assertIn((self.operator.id, self.requirement.id), cells)
        self.assertNotIn((other.id, self.requirement.id), cells)

    @verifies("QT-007")
    def test_archived_employee_or_requirement_leaves_the_matrix(self):
        """The matrix reads the flag alone: archiving the employee or the requirement takes the completed
        training out of it; restoring them brings it back."""
        assignment = self._assignments(self.requirement).filtered(lambda a: a.employee_id == self.operator)
        assignment.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        pair = (self.operator.id, self.requirement.id)
        self.assertEqual(self._cells()[pair][2], "done")
        self.operator.action_archive()
        self.assertNotIn(pair, self._cells())
        self.assertFalse(assignment.is_matrix_row)
        self.operator.action_unarchive()
        self.assertEqual(self._cells()[pair][2], "done")
        self.requirement.action_archive()
        self.assertNotIn(pair, self._cells())
        self.requirement.action_unarchive()
        self.assertEqual(self._cells()[pair][2], "done")

    @verifies("QT-007")
    def test_matrix_groups_keep_the_models_order(self):
        """Grouped by requirement and department, the groups come in the requirements' and departments' own
        order (their names), as the ORM's query orders them, with the same counts and compliance."""
        Matrix = self.env["quality.training.matrix"]
        departments = self.env["hr.department"].create([{"name": "QT Zeta dept"}, {"name": "QT Alpha dept"}])
        self.operator.department_id = departments[0]
        self.buyer.department_id = departments[1]
        second = self._make_requirement(
            self.document, name="QT AAA first by name", employee_ids=[(6, 0, self.buyer.ids)]
        )
        self.assertLess(self.requirement.id, second.id)
        for groupby in (["requirement_id"], ["department_id"], ["department_id", "requirement_id"]):
            for orderby in (False, ", ".join(f"{g} desc" for g in groupby)):
                groups = Matrix.read_group([], ["compliance:avg"], groupby, orderby=orderby, lazy=False)
                # The same call with a limit takes the ORM's own query (ordered in SQL).
                expected = Matrix.read_group([], ["compliance:avg"], groupby, orderby=orderby, lazy=False, limit=1000)
                self.assertEqual(groups, expected)
        by_requirement = Matrix.read_group(
            [("requirement_id", "in", (self.requirement | second).ids)], ["compliance:avg"], ["requirement_id"]
        )
        self.assertEqual([g["requirement_id"][0] for g in by_requirement], [second.id, self.requirement.id])
