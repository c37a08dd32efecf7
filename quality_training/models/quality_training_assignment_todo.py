"""Training reaches the operator before the gate does: an activity with the due date on every new
assignment, and the due state that "My Training" groups its kanban by."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today

DUE_STATES = [
    ("overdue", "Overdue"),
    ("due_soon", "Due within 7 days"),
    ("due_later", "Due later"),
    ("no_due_date", "No due date"),
    ("done", "Done"),
    ("closed", "Expired or cancelled"),
]
DUE_SOON_DAYS = 7
TODO_ACTIVITY = "quality_training.mail_activity_training_todo"


class QualityTrainingAssignment(models.Model):
    _inherit = "quality.training.assignment"

    # Stored so that the kanban can group by it; today moves, so a daily job refreshes the open ones.
    due_state = fields.Selection(
        DUE_STATES, compute="_compute_due_state", store=True, group_expand="_group_expand_due_state"
    )

    @api.depends("state", "due_date")
    def _compute_due_state(self):
        today = quality_today(self) if self else None
        for assignment in self:
            assignment.due_state = assignment._due_state_on(today)

    def _due_state_on(self, today):
        """The due state of this assignment on the quality calendar's ``today`` (one rule, for the
        compute and for the daily job)."""
        self.ensure_one()
        if self.state == "done":
            return "done"
        if self.state != "assigned":
            return "closed"
        if not self.due_date:
            return "no_due_date"
        if self.due_date < today:
            return "overdue"
        if self.due_date <= today + timedelta(days=DUE_SOON_DAYS):
            return "due_soon"
        return "due_later"

    @api.model
    def _group_expand_due_state(self, states, domain):
        return [key for key, _label in DUE_STATES if key != "closed"]

    @api.model
    def _cron_refresh_due_state(self):
        """Daily: the open assignments whose due state moved with the date (idempotent, batched).

        Only the rows whose state changes are written: rewriting every open assignment each day (an
        UPDATE of write_date alone) collided with the operators' own acknowledgements under load and
        failed the whole job (make bench's load run).
        """
        open_assignments = self.sudo().search([("state", "=", "assigned"), ("due_date", "!=", False)])
        today = quality_today(self)
        moved = {}
        for assignment in open_assignments:
            due_state = assignment._due_state_on(today)
            if due_state != assignment.due_state:
                moved.setdefault(due_state, []).append(assignment.id)
        for due_state, ids in moved.items():
            self.sudo().browse(ids).write({"due_state": due_state})
        return True

    # ------------------------------------------------------------------
    # The activity that tells the employee
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._schedule_todo_activities()
        return records

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals:
            self._close_todo_activities()
        elif "due_date" in vals:
            activities = self.sudo().activity_ids.filtered(lambda a: a.activity_type_id == self._todo_activity_type())
            for activity in activities:
                assignment = self.browse(activity.res_id)
                activity.date_deadline = assignment.due_date or quality_today(assignment)
        return result

    @api.model
    def _todo_activity_type(self):
        return self.env.ref(TODO_ACTIVITY, raise_if_not_found=False) or self.env["mail.activity.type"]

    def _schedule_todo_activities(self):
        """One activity per new open assignment, for the employee's own user, with the due date; created in one
        batch. Scheduled as the system: it is a notice to the employee, not a change the assigner makes."""
        activity_type = self._todo_activity_type()
        targets = self.filtered(lambda a: a.state == "assigned" and a.user_id and a.user_id.active)
        if not activity_type or not targets:
            return self.env["mail.activity"]
        model_id = self.env["ir.model"]._get_id(self._name)
        today = quality_today(self)
        values = [
            {
                "res_model_id": model_id,
                "res_id": assignment.id,
                "activity_type_id": activity_type.id,
                "user_id": assignment.user_id.id,
                "date_deadline": assignment.due_date or today,
                "summary": self.env._("Training: %(name)s", name=assignment.requirement_id.sudo().display_name),
            }
            for assignment in targets.sudo()
        ]
        return self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(values)

    def _close_todo_activities(self):
        activity_type = self._todo_activity_type()
        if not activity_type:
            return
        closed = self.filtered(lambda a: a.state != "assigned")
        activities = closed.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        done = activities.filtered(lambda a: self.browse(a.res_id).state == "done")
        if done:
            done.action_feedback(feedback=self.env._("Training done."))
        (activities - done).unlink()
