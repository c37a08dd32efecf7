from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestCompletion(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls._make_document()
        cls.requirement = cls._make_requirement(cls.document, job_ids=[(6, 0, cls.job.ids)], validity_months=12)
        cls.revision = cls._make_effective(cls.document)
        cls.assignment = cls.env["quality.training.assignment"].search(
            [("requirement_id", "=", cls.requirement.id), ("employee_id", "=", cls.operator.id)]
        )

    @verifies("QT-004")
    def test_acknowledgement_signature_completes(self):
        with self.assertRaisesRegex(UserError, "Wrong login or password"):
            self.assignment.with_user(self.operator_user)._quality_sign("acknowledged", "not my password")
        with self.assertRaisesRegex(UserError, "Only QT Operator can acknowledge"):
            self.assignment.with_user(self.approver)._quality_sign("acknowledged", "qt_approver_pw")
        signature = self.assignment.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        self.assertEqual(signature.meaning, "acknowledged")
        self.assertEqual(signature.signer_id, self.operator_user)
        self.assertEqual(self.assignment.state, "done")
        self.assertEqual(self.assignment.signature_id, signature)
        self.assertEqual(self.assignment.completion_date, self.today)
        self.assertEqual(self.assignment.expiry_date, self.today + relativedelta(months=12))
        self.assertEqual(self.requirement._employees_with_valid_training(self.operator), self.operator)
        self.assertEqual(self.operator._quality_valid_requirements(), self.requirement)

    @verifies("QT-008")
    def test_operator_sees_only_own_assignments(self):
        other = self.env["hr.employee"].create({"name": "QT Other", "job_id": self.job.id})
        visible = self.env["quality.training.assignment"].with_user(self.operator_user).search([])
        self.assertEqual(visible, self.assignment)
        self.assertTrue(self._assignments(self.requirement).filtered(lambda a: a.employee_id == other))

    @verifies("QT-004")
    def test_survey_pass_completes_course_assignment(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "QT ESD certification",
                "scoring_type": "scoring_with_answers",
                "certification": True,
                "scoring_success_min": 50,
            }
        )
        question = self.env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": "Wear a wrist strap?",
                "question_type": "simple_choice",
                "suggested_answer_ids": [
                    Command.create({"value": "Yes", "is_correct": True, "answer_score": 10}),
                    Command.create({"value": "No", "answer_score": 0}),
                ],
            }
        )
        course = self.env["quality.training.course"].create({"name": "QT ESD", "survey_id": survey.id})
        requirement = self._make_requirement(
            requirement_type="course", course_id=course.id, employee_ids=[(6, 0, self.operator.ids)]
        )
        assignment = self._assignments(requirement)
        self.assertEqual(len(assignment), 1)
        failed = survey._create_answer(user=self.operator_user)
        self.env["survey.user_input.line"].create(
            {
                "user_input_id": failed.id,
                "question_id": question.id,
                "answer_type": "suggestion",
                "suggested_answer_id": question.suggested_answer_ids[1].id,
            }
        )
        failed._mark_done()
        self.assertEqual(assignment.state, "assigned")
        passed = survey._create_answer(user=self.operator_user, check_attempts=False)
        self.env["survey.user_input.line"].create(
            {
                "user_input_id": passed.id,
                "question_id": question.id,
                "answer_type": "suggestion",
                "suggested_answer_id": question.suggested_answer_ids[0].id,
            }
        )
        passed._mark_done()
        self.assertEqual(assignment.state, "done")
        self.assertEqual(assignment.user_input_id, passed)
        self.assertEqual(assignment.score, 100.0)
        self.assertEqual(assignment.completion_method, "survey")

    @verifies("QT-004")
    def test_classroom_session_completes_all_attendees(self):
        colleague = self.env["hr.employee"].create({"name": "QT Colleague", "job_id": self.job.id})
        visitor = self.env["hr.employee"].create({"name": "QT Visitor"})
        session = self.env["quality.training.session"].create(
            {
                "requirement_id": self.requirement.id,
                "trainer_id": self.approver.id,
                "attendee_ids": [(6, 0, (self.operator | colleague | visitor).ids)],
            }
        )
        count_before = self.env["quality.training.assignment"].search_count([])
        session.with_user(self.approver)._quality_sign("trained", "qt_approver_pw")
        self.assertEqual(session.state, "done")
        self.assertEqual(session.revision_id, self.revision)
        self.assertEqual(session.assignment_ids.employee_id, self.operator | colleague | visitor)
        self.assertEqual(set(session.assignment_ids.mapped("state")), {"done"})
        self.assertEqual(self.assignment.session_id, session)
        # Only the visitor (no open assignment) needed a new record.
        self.assertEqual(self.env["quality.training.assignment"].search_count([]), count_before + 1)

    @verifies("QT-004")
    def test_trainer_without_quality_rights_signs_own_session_only(self):
        trainer = new_test_user(self.env, login="qt_trainer", groups="base.group_user", password="qt_trainer_pw")
        Session = self.env["quality.training.session"]
        mine, other = Session.create(
            [
                {
                    "requirement_id": self.requirement.id,
                    "trainer_id": trainer.id,
                    "attendee_ids": [(6, 0, self.operator.ids)],
                },
                {
                    "requirement_id": self.requirement.id,
                    "trainer_id": self.approver.id,
                    "attendee_ids": [(6, 0, self.operator.ids)],
                },
            ]
        )
        self.assertEqual(Session.with_user(trainer).search([("id", "in", (mine | other).ids)]), mine)
        with self.assertRaises(AccessError):
            other.with_user(trainer).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(trainer).write({"notes": "edited"})
        # Signed as a person does it: the button opens the signing dialog, the password signs.
        action = mine.with_user(trainer).with_context(quality_sign_meaning="trained").action_quality_sign()
        wizard = (
            self.env["quality.sign.wizard"]
            .with_user(trainer)
            .with_context(**action["context"])
            .create({"login": "qt_trainer", "password": "qt_trainer_pw"})
        )
        wizard.action_sign()
        self.assertEqual(mine.state, "done")
        self.assertEqual(self.assignment.state, "done")
        self.assertEqual(self.assignment.session_id, mine)
        self.assertEqual(mine.quality_signature_ids.signer_id, trainer)

    @verifies("QT-004", "QD-015")
    def test_session_is_signed_only_by_signature(self):
        session = self.env["quality.training.session"].create(
            {"requirement_id": self.requirement.id, "attendee_ids": [(6, 0, self.operator.ids)]}
        )
        with self.assertRaisesRegex(UserError, "only by the trainer's electronic signature"):
            session.with_user(self.manager).write({"state": "done"})
        self.assertEqual(session.state, "draft")
        self.assertEqual(self.assignment.state, "assigned")

    @verifies("QT-004", "QD-015")
    def test_training_is_completed_only_by_evidence(self):
        quality_user = self.approver
        for vals in (
            {"state": "done"},
            {"completion_date": self.today, "expiry_date": self.today + timedelta(days=365)},
            {"employee_id": self.env["hr.employee"].create({"name": "QT Somebody else"}).id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "completed only by its evidence"):
                self.assignment.with_user(quality_user).write(vals)
        self.assertEqual(self.assignment.state, "assigned")
        self.assertFalse(self.assignment.completion_date)
        self.assertEqual(self.assignment.employee_id, self.operator)
        # The due date is planning, not evidence: a quality user moves it.
        self.assignment.with_user(quality_user).write({"due_date": self.today + timedelta(days=3)})
        self.assertEqual(self.assignment.due_date, self.today + timedelta(days=3))
        # Cancel: the operator may not, a quality user may.
        with self.assertRaises(AccessError):
            self.assignment.with_user(self.operator_user).action_cancel()
        self.assignment.with_user(quality_user).action_cancel()
        self.assertEqual(self.assignment.state, "cancelled")
        self.assertIn(quality_user.name, self.assignment.cancel_reason)

    @verifies("QT-007")
    def test_matrix_reads_validity_on_the_company_calendar(self):
        calendar = self.env.company.resource_calendar_id
        # Completed on the UTC-11 calendar's today (on another calendar, the completion date could be the
        # day after Pago Pago's at some hours, and the training not yet valid there).
        calendar.tz = "Pacific/Pago_Pago"
        self.assignment.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        # UTC-11 and UTC+14: the second calendar's date is always at least one day after the first's.
        pago_today = fields.Date.context_today(self.env["res.users"].with_context(tz="Pacific/Pago_Pago"))
        self.assertEqual(self.assignment.completion_date, pago_today)
        self.assignment._quality_workflow_write({"expiry_date": pago_today})
        Matrix = self.env["quality.training.matrix"]
        pair = [("employee_id", "=", self.operator.id), ("requirement_id", "=", self.requirement.id)]
        for tz, valid in (("Pacific/Pago_Pago", True), ("Pacific/Kiritimati", False)):
            calendar.tz = tz
            self.env.flush_all()
            self.env.invalidate_all()
            with self.subTest(tz=tz):
                self.assertEqual(Matrix.search(pair).is_valid, valid)
                self.assertEqual(
                    bool(self.env["quality.training.assignment"]._valid_assignments(self.operator, self.requirement)),
                    valid,
                    "the gate agrees with the matrix",
                )

    @verifies("QT-006")
    def test_refresher_and_expiry_cron(self):
        self.assignment.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        Assignment = self.env["quality.training.assignment"]
        # Nothing to refresh a year before expiry.
        self.assertFalse(Assignment._cron_refresher_and_expiry())
        # 20 days before expiry (lead time 30): one refresher, due on the expiry date; twice creates nothing twice.
        self.assignment._quality_workflow_write({"expiry_date": self.today + timedelta(days=20)})  # time passes
        refresher = Assignment._cron_refresher_and_expiry()
        self.assertEqual(len(refresher), 1)
        self.assertEqual(refresher.employee_id, self.operator)
        self.assertEqual(refresher.revision_id, self.revision)
        self.assertEqual(refresher.due_date, self.today + timedelta(days=20))
        self.assertTrue(self.assignment.is_expiring)
        self.assertFalse(Assignment._cron_refresher_and_expiry())
        # After the expiry date the completion is expired.
        self.assignment._quality_workflow_write({"expiry_date": self.today - timedelta(days=1)})  # time passes
        self.assertFalse(Assignment._cron_refresher_and_expiry())
        self.assertEqual(self.assignment.state, "expired")
        self.assertEqual(refresher.state, "assigned")

    @verifies("QT-007")
    def test_matrix_keeps_one_row_per_pair_through_refresher_expiry_and_new_revision(self):
        Matrix = self.env["quality.training.matrix"]
        Assignment = self.env["quality.training.assignment"]
        pair = [("employee_id", "=", self.operator.id), ("requirement_id", "=", self.requirement.id)]

        def matrix_row():
            self.env.flush_all()
            self.env.invalidate_all()
            rows = Matrix.search(pair)
            self.assertEqual(len(rows), 1, "one matrix row per employee and requirement")
            return rows

        self.assertEqual(matrix_row().assignment_id, self.assignment)
        self.assertEqual(matrix_row().compliance, 0.0)
        self.assignment.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        self.assertEqual(matrix_row().compliance, 100.0)
        # A refresher is open while the completion is still valid: the valid completion stands.
        self.assignment._quality_workflow_write({"expiry_date": self.today + timedelta(days=20)})  # time passes
        refresher = Assignment._cron_refresher_and_expiry()
        self.assertEqual(len(Assignment.search(pair + [("state", "!=", "cancelled")])), 2)
        self.assertEqual(matrix_row().assignment_id, self.assignment)
        self.assertTrue(matrix_row().is_valid)
        # The completion lapses: the open refresher stands, not compliant.
        self.assignment._quality_workflow_write({"expiry_date": self.today - timedelta(days=1)})  # time passes
        Assignment._cron_refresher_and_expiry()
        self.assertEqual(matrix_row().assignment_id, refresher)
        self.assertEqual(matrix_row().compliance, 0.0)
        # A new revision: the assignment for it stands, the refresher for the old one is cancelled.
        new_revision = self._make_effective(self.document)
        row = matrix_row()
        self.assertEqual(row.assignment_id.revision_id, new_revision)
        self.assertEqual(row.state, "assigned")
        self.assertEqual(refresher.state, "cancelled")
        self.assertEqual(
            Assignment.search(pair + [("is_matrix_row", "=", True)]), row.assignment_id, "exactly one flagged row"
        )

    @verifies("QT-006")
    def test_overdue_activity_for_manager_is_idempotent(self):
        boss_user = self.approver
        boss = self.env["hr.employee"].create({"name": "QT Boss", "user_id": boss_user.id})
        self.operator.parent_id = boss
        self.assignment.due_date = self.today - timedelta(days=3)
        self.assertTrue(self.assignment.is_overdue)
        self.assertIn(self.assignment, self.env["quality.training.assignment"].search([("is_overdue", "=", True)]))
        activities = self.env["quality.training.assignment"]._cron_overdue_activities()
        mine = activities.filtered(lambda a: a.res_id == self.operator.id)
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine.user_id, boss_user)
        again = self.env["quality.training.assignment"]._cron_overdue_activities()
        self.assertFalse(again.filtered(lambda a: a.res_id == self.operator.id))

    @verifies("QT-007")
    def test_compliance_percentages_on_known_dataset(self):
        # Department QT Assembly: operator + colleague; two requirements (document, course) -> 4 required.
        colleague = self.env["hr.employee"].create(
            {"name": "QT Colleague", "job_id": self.job.id, "department_id": self.department.id}
        )
        course = self.env["quality.training.course"].create({"name": "QT Gowning"})
        course_req = self._make_requirement(
            requirement_type="course", course_id=course.id, job_ids=[(6, 0, self.job.ids)]
        )
        # 3 of 4 done: operator acknowledges the SOP, a session trains both on the course.
        self.assignment.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        session = self.env["quality.training.session"].create(
            {"requirement_id": course_req.id, "attendee_ids": [(6, 0, (self.operator | colleague).ids)]}
        )
        session.with_user(self.approver)._quality_sign("trained", "qt_approver_pw")
        compliance = (self.operator | colleague)._quality_training_compliance()
        self.assertEqual(compliance, {self.operator.id: 100.0, colleague.id: 50.0})
        by_department = dict(
            self.env["quality.training.matrix"]._read_group(
                [("department_id", "=", self.department.id)], ["department_id"], ["compliance:avg"]
            )
        )
        self.assertEqual(by_department[self.department], 75.0)
        # A new revision: the SOP acknowledgement no longer counts -> operator 50%, department 50%.
        self._make_effective(self.document)
        self.env.invalidate_all()
        compliance = (self.operator | colleague)._quality_training_compliance()
        self.assertEqual(compliance, {self.operator.id: 50.0, colleague.id: 50.0})
        self.assertEqual(self.operator.quality_training_compliance, 50.0)
