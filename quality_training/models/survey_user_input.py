from odoo import models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    def _mark_done(self):
        res = super()._mark_done()
        self._quality_training_complete()
        return res

    def _quality_training_complete(self):
        """A passed certification completes the open course assignments of its participant."""
        passed = self.filtered(lambda ui: ui.scoring_success and not ui.test_entry and ui.partner_id)
        if not passed:
            return
        # Found in superuser mode; completed with the rights of whoever finishes the certification (the employee
        # on their own training, or the survey's token access, which Odoo runs in superuser mode).
        Assignment = self.env["quality.training.assignment"]
        open_assignments = Assignment.sudo().search(
            [
                ("state", "=", "assigned"),
                ("requirement_id.course_id.survey_id", "in", passed.survey_id.ids),
                "|",
                ("employee_id.user_id.partner_id", "in", passed.partner_id.ids),
                ("employee_id.work_contact_id", "in", passed.partner_id.ids),
            ]
        )
        for user_input in passed:
            partner = user_input.partner_id
            for assignment in open_assignments.filtered(
                lambda a, ui=user_input, p=partner: (
                    a.requirement_id.course_id.survey_id == ui.survey_id
                    and a.state == "assigned"
                    and p in (a.employee_id.user_id.partner_id | a.employee_id.work_contact_id)
                )
            ):
                assignment.with_env(self.env)._mark_done(
                    user_input_id=user_input.id, score=user_input.scoring_percentage, completion_method="survey"
                )
