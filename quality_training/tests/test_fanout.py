from odoo import models
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestFanOut(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague = cls.env["hr.employee"].create({"name": "QT Colleague", "job_id": cls.job.id})
        cls.buyer = cls.env["hr.employee"].create({"name": "QT Buyer Employee", "job_id": cls.other_job.id})
        cls.document = cls._make_document()
        cls.requirement = cls._make_requirement(cls.document, job_ids=[(6, 0, cls.job.ids)], days_to_complete=10)

    @verifies("QT-005")
    def test_effective_revision_fans_out_with_revision_and_due_date(self):
        self.assertFalse(self._assignments(self.requirement), "No effective revision yet: nothing to learn.")
        revision = self._make_effective(self.document)
        assignments = self._assignments(self.requirement)
        self.assertEqual(assignments.employee_id, self.operator | self.colleague)
        self.assertEqual(len(assignments), 2)
        self.assertEqual(assignments.revision_id, revision)
        self.assertEqual(set(assignments.mapped("due_date")), {self.today + self._days(10)})

    @verifies("QT-005")
    def test_supersession_cancels_old_open_assignments(self):
        rev_a = self._make_effective(self.document)
        old = self._assignments(self.requirement)
        rev_b = self._make_effective(self.document)
        self.assertEqual(rev_a.state, "superseded")
        self.assertEqual(set(old.mapped("state")), {"cancelled"})
        new = self._assignments(self.requirement)
        self.assertEqual(len(new), 2)
        self.assertEqual(new.revision_id, rev_b)

    @verifies("QT-005")
    def test_job_change_assigns_new_scope_and_cancels_old(self):
        self._make_effective(self.document)
        self.assertFalse(self._assignments(self.requirement).filtered(lambda a: a.employee_id == self.buyer))
        self.buyer.job_id = self.job
        self.assertEqual(len(self._assignments(self.requirement).filtered(lambda a: a.employee_id == self.buyer)), 1)
        self.colleague.job_id = self.other_job
        cancelled = self._assignments(self.requirement, ("cancelled",))
        self.assertEqual(cancelled.employee_id, self.colleague)

    @verifies("QT-005")
    def test_new_employee_and_archived_employee(self):
        self._make_effective(self.document)
        newcomer = self.env["hr.employee"].create({"name": "QT Newcomer", "job_id": self.job.id})
        self.assertEqual(len(self._assignments(self.requirement).filtered(lambda a: a.employee_id == newcomer)), 1)
        newcomer.action_archive()
        self.assertFalse(self._assignments(self.requirement).filtered(lambda a: a.employee_id == newcomer))
        self.assertTrue(
            self._assignments(self.requirement, ("cancelled",)).filtered(lambda a: a.employee_id == newcomer)
        )

    @verifies("QT-005")
    def test_requirement_scope_change_assigns(self):
        self._make_effective(self.document)
        self.requirement.employee_ids = self.buyer
        self.assertIn(self.buyer, self._assignments(self.requirement).employee_id)

    @verifies("QT-005")
    def test_every_trigger_is_idempotent(self):
        revision = self._make_effective(self.document)
        before = self._assignments(self.requirement)
        self.assertFalse(self.requirement._sync_assignments())
        revision._quality_on_effective(self.env["quality.document.revision"])
        self.operator._quality_sync_training()
        self.operator.job_id = self.job
        self.requirement.job_ids = self.job
        self.assertEqual(self._assignments(self.requirement), before)
        # The database refuses a second open assignment for the same employee, requirement and revision (an
        # assignment is created for the requirement's current revision).
        with self.assertRaisesRegex(Exception, "quality_training_assignment_open_uniq"), self.cr.savepoint():
            self.env["quality.training.assignment"].create(
                {
                    "employee_id": self.operator.id,
                    "requirement_id": self.requirement.id,
                }
            )

    @verifies("QT-005")
    def test_obsolete_document_cancels_open_assignments(self):
        self._make_effective(self.document)
        self.assertEqual(len(self._assignments(self.requirement)), 2)
        self.document.action_make_obsolete()
        self.assertFalse(self._assignments(self.requirement))
        self.assertEqual(len(self._assignments(self.requirement, ("cancelled",))), 2)

    @verifies("QT-005")
    def test_set_based_fanout_stores_what_create_stores(self):
        """The fan-out inserts its rows in SQL: each stores what ``create`` stores (every stored field), the
        employee gets the to-do activity and the row stands in the matrix."""
        self._make_effective(self.document)
        fanned = self._assignments(self.requirement).filtered(lambda a: a.employee_id == self.operator)
        self.assertEqual(len(fanned), 1)
        todo = self.env.ref("quality_training.mail_activity_training_todo")
        self.assertEqual(fanned.activity_ids.filtered(lambda a: a.activity_type_id == todo).user_id, self.operator_user)
        self.assertTrue(fanned.is_matrix_row)
        self.assertEqual(
            self.env["quality.training.matrix"].search([("assignment_id", "=", fanned.id)]).state, "assigned"
        )
        Assignment = self.env["quality.training.assignment"]
        names = [
            name
            for name, field in Assignment._fields.items()
            if field.store and field.column_type and name not in ("id", *models.LOG_ACCESS_COLUMNS)
        ]
        stored = fanned.read(names, load=None)[0]
        given = {
            name: stored[name] for name in ("employee_id", "requirement_id", "assigned_date", "due_date", "company_id")
        }
        fanned.unlink()
        created = Assignment._quality_workflow_create([given])
        self.assertEqual(created.read(names, load=None)[0] | {"id": False}, stored | {"id": False})
        self.assertEqual(created.activity_ids.activity_type_id, todo)
