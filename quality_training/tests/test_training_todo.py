from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged

from .common import TrainingCase


@verifies("QT-012")
@tagged("post_install", "-at_install")
class TestTrainingTodo(TrainingCase):
    def _assign(self, due_days=14):
        course = self.env["quality.training.course"].create({"name": "QT todo course"})
        requirement = self.env["quality.training.requirement"].create(
            {
                "name": "QT todo requirement",
                "requirement_type": "course",
                "course_id": course.id,
                "employee_ids": [Command.set(self.operator.ids)],
            }
        )
        assignment = self.env["quality.training.assignment"].search([("requirement_id", "=", requirement.id)])
        self.assertEqual(len(assignment), 1)
        assignment.due_date = self.today + timedelta(days=due_days)
        return assignment

    def _todo(self, assignment):
        todo = self.env.ref("quality_training.mail_activity_training_todo")
        return assignment.activity_ids.filtered(lambda a: a.activity_type_id == todo)

    def test_new_assignment_gives_the_employee_an_activity_with_the_due_date(self):
        assignment = self._assign(due_days=14)
        activity = self._todo(assignment)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.operator_user)
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=14))
        self.assertIn("QT todo requirement", activity.summary)
        # The operator sees it among their own activities.
        mine = self.env["mail.activity"].with_user(self.operator_user).search([("user_id", "=", self.operator_user.id)])
        self.assertIn(activity, mine)

    def test_done_training_closes_its_activity(self):
        assignment = self._assign()
        assignment._mark_done()
        self.assertEqual(assignment.state, "done")
        self.assertFalse(self._todo(assignment))
        self.assertEqual(assignment.due_state, "done")

    def test_cancelled_training_removes_its_activity(self):
        assignment = self._assign()
        assignment.with_user(self.manager).action_cancel()
        self.assertEqual(assignment.state, "cancelled")
        self.assertFalse(self._todo(assignment))
        self.assertEqual(assignment.due_state, "closed")

    def test_employee_without_user_gets_no_activity(self):
        employee = self.env["hr.employee"].create({"name": "QT No User", "job_id": self.job.id})
        course = self.env["quality.training.course"].create({"name": "QT no-user course"})
        requirement = self.env["quality.training.requirement"].create(
            {"requirement_type": "course", "course_id": course.id, "employee_ids": [Command.set(employee.ids)]}
        )
        assignment = self.env["quality.training.assignment"].search([("requirement_id", "=", requirement.id)])
        self.assertEqual(assignment.state, "assigned")
        self.assertFalse(assignment.activity_ids)

    def test_due_state_follows_the_date_and_the_daily_refresh(self):
        assignment = self._assign(due_days=10)
        self.assertEqual(assignment.due_state, "due_later")
        with freeze_time(self.today + timedelta(days=5)):
            self.env["quality.training.assignment"]._cron_refresh_due_state()
            self.assertEqual(assignment.due_state, "due_soon")
        with freeze_time(self.today + timedelta(days=12)):
            self.env["quality.training.assignment"]._cron_refresh_due_state()
            self.assertEqual(assignment.due_state, "overdue")
        # Running it again changes nothing, and writes nothing: the row is not touched.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE quality_training_assignment SET write_date = '2000-01-01' WHERE id = %s", [assignment.id]
        )
        self.env.invalidate_all()
        with freeze_time(self.today + timedelta(days=12)):
            self.env["quality.training.assignment"]._cron_refresh_due_state()
            self.env.flush_all()
            self.assertEqual(assignment.due_state, "overdue")
        self.env.cr.execute("SELECT write_date FROM quality_training_assignment WHERE id = %s", [assignment.id])
        self.assertEqual(str(self.env.cr.fetchone()[0]), "2000-01-01 00:00:00")

    def test_my_training_opens_on_a_kanban_grouped_by_due_state(self):
        action = self.env.ref("quality_training.action_quality_training_my")
        self.assertEqual(action.view_mode.split(",")[0], "kanban")
        arch = (
            self.env["quality.training.assignment"]
            .with_user(self.operator_user)
            .get_views([(action.view_id.id, "kanban")])["views"]["kanban"]["arch"]
        )
        self.assertIn('default_group_by="due_state"', arch)
        self._assign(due_days=-1)
        groups = (
            self.env["quality.training.assignment"]
            .with_user(self.operator_user)
            .read_group([("user_id", "=", self.operator_user.id)], ["due_state"], ["due_state"])
        )
        counts = {g["due_state"]: g["due_state_count"] for g in groups}
        self.assertEqual(list(counts)[:4], ["overdue", "due_soon", "due_later", "no_due_date"])
        self.assertEqual(counts["overdue"], 1)
