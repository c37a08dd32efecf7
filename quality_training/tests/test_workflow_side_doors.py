"""Side doors of the training workflow: each asserts the refusal message and that nothing changed."""

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TrainingCase


@verifies("QT-004", "QD-015")
@tagged("post_install", "-at_install")
class TestTrainingWorkflowSideDoors(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls._make_document()
        cls.requirement = cls._make_requirement(cls.document, job_ids=[(6, 0, cls.job.ids)], validity_months=12)
        cls.revision = cls._make_effective(cls.document)
        cls.newcomer = cls.env["hr.employee"].create({"name": "QT Newcomer"})
        cls.hr_officer = new_test_user(
            cls.env, login="qt_hr_officer", groups="base.group_user,hr.group_hr_user", password="qt_hr_pw"
        )

    def _newcomer_assignments(self):
        return self.env["quality.training.assignment"].search([("employee_id", "=", self.newcomer.id)])

    def test_quality_user_cannot_create_assignment_done_without_evidence(self):
        Assignment = self.env["quality.training.assignment"]
        base = {"employee_id": self.newcomer.id, "requirement_id": self.requirement.id}
        attempts = (
            {"state": "done"},
            {"state": "done", "completion_date": self.today, "completion_method": "session"},
            {"completion_date": self.today, "expiry_date": self.today + self._days(365)},
            {"revision_id": self.revision.id, "score": 100.0},
        )
        for values in attempts:
            for who, env_assignment in (
                ("quality user", Assignment.with_user(self.approver)),
                ("superuser", Assignment.sudo()),
            ):
                with (
                    self.subTest(values=values, who=who),
                    self.assertRaisesRegex(UserError, "completed only by its evidence"),
                    self.env.cr.savepoint(),
                ):
                    env_assignment.create({**base, **values})
        self.assertFalse(self._newcomer_assignments())
        # A quality user may assign by hand: the record starts open, for the current revision, without evidence.
        assignment = Assignment.with_user(self.approver).create(base)
        self.assertEqual(assignment.state, "assigned")
        self.assertEqual(assignment.revision_id, self.revision)
        self.assertFalse(assignment.completion_date)

    def test_employee_cannot_complete_own_assignment_by_write(self):
        assignment = self._assignments(self.requirement).filtered(lambda a: a.employee_id == self.operator)
        for values in ({"state": "done"}, {"due_date": self.today + self._days(90)}):
            with self.subTest(values=values), self.assertRaises(UserError), self.env.cr.savepoint():
                assignment.with_user(self.operator_user).write(values)
        self.env.invalidate_all()
        self.assertEqual(assignment.state, "assigned")
        self.assertEqual(assignment.due_date, self.today + self._days(self.requirement.days_to_complete))
        # ... and cannot create training for themselves.
        with self.assertRaisesRegex(AccessError, "Only quality users assign"), self.env.cr.savepoint():
            self.env["quality.training.assignment"].with_user(self.operator_user).create(
                {"employee_id": self.operator.id, "requirement_id": self.requirement.id}
            )

    def test_hr_officer_reads_training_but_cannot_change_it(self):
        assignment = self._assignments(self.requirement).filtered(lambda a: a.employee_id == self.operator)
        self.assertEqual(assignment.with_user(self.hr_officer).read(["state"])[0]["state"], "assigned")
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            assignment.with_user(self.hr_officer).write({"due_date": self.today + self._days(90)})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            assignment.with_user(self.hr_officer).action_cancel()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env["quality.training.assignment"].with_user(self.hr_officer).create(
                {"employee_id": self.newcomer.id, "requirement_id": self.requirement.id}
            )
        self.env.invalidate_all()
        self.assertEqual(assignment.state, "assigned")
        self.assertFalse(self._newcomer_assignments())

    def test_signed_session_attendees_and_date_are_frozen(self):
        session = self.env["quality.training.session"].create(
            {"requirement_id": self.requirement.id, "trainer_id": self.approver.id, "attendee_ids": self.operator.ids}
        )
        session.with_user(self.approver)._quality_sign("trained", "qt_approver_pw")
        attempts = (
            ({"attendee_ids": [(6, 0, self.newcomer.ids)]}, "Attendees"),
            ({"date": self.today - self._days(30)}, "Date"),
            ({"trainer_id": self.manager.id, "requirement_id": self.requirement.id}, "Requirement, Trainer"),
        )
        for who, record in (("quality manager", session.with_user(self.manager)), ("superuser", session.sudo())):
            for values, labels in attempts:
                with self.subTest(values=values, who=who):
                    with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                        record.write(values)
                    self.assertEqual(
                        str(refused.exception),
                        f"{session.display_name}: a signed session cannot change; record a new session instead. "
                        f"Fields that cannot change: {labels}.",
                    )
            with self.subTest(who=who):
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    record.unlink()
                self.assertEqual(
                    str(refused.exception),
                    f"{session.display_name}: a signed classroom training session is a quality record, it cannot be "
                    "deleted.",
                )
        self.env.invalidate_all()
        self.assertTrue(session.exists())
        self.assertEqual(session.state, "done")
        self.assertEqual(session.attendee_ids, self.operator)
        self.assertEqual(session.date, self.today)
        self.assertEqual(session.trainer_id, self.approver)
        # Not signed content: the notes stay open.
        session.with_user(self.manager).write({"notes": "Held in room 2"})
        self.assertEqual(session.notes, "Held in room 2")
