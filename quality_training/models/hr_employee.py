from odoo import _, api, fields, models
from odoo.exceptions import UserError

SCOPE_FIELDS = {"job_id", "department_id", "company_id"}


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    quality_training_assignment_ids = fields.One2many(
        "quality.training.assignment", "employee_id", "Training Assignments", groups="hr.group_hr_user"
    )
    quality_training_session_ids = fields.Many2many(
        "quality.training.session",
        "hr_employee_quality_training_session_rel",
        "hr_employee_id",
        "quality_training_session_id",
        "Training Sessions Attended",
        groups="hr.group_hr_user",
    )
    quality_training_assigned_count = fields.Integer(
        "Training to Do", compute="_compute_quality_training_stats", groups="hr.group_hr_user"
    )
    quality_training_done_count = fields.Integer(
        "Training Done", compute="_compute_quality_training_stats", groups="hr.group_hr_user"
    )
    quality_training_overdue_count = fields.Integer(
        "Training Overdue", compute="_compute_quality_training_stats", groups="hr.group_hr_user"
    )
    quality_training_expiring_count = fields.Integer(
        "Training Expiring", compute="_compute_quality_training_stats", groups="hr.group_hr_user"
    )
    quality_training_compliance = fields.Float(
        "Training Compliance (%)", compute="_compute_quality_training_stats", groups="hr.group_hr_user"
    )

    def _compute_quality_training_stats(self):
        Assignment = self.env["quality.training.assignment"].sudo()
        domain = [("employee_id", "in", self.ids)]

        def count(extra):
            return dict(Assignment._read_group(domain + extra, ["employee_id"], ["__count"]))

        assigned = count([("state", "=", "assigned")])
        done = count([("state", "=", "done"), ("is_current", "=", True)])
        overdue = count([("is_overdue", "=", True)])
        expiring = count([("is_expiring", "=", True)])
        compliance = self._quality_training_compliance()
        for employee in self:
            key = employee._origin
            employee.quality_training_assigned_count = assigned.get(key, 0)
            employee.quality_training_done_count = done.get(key, 0)
            employee.quality_training_overdue_count = overdue.get(key, 0)
            employee.quality_training_expiring_count = expiring.get(key, 0)
            employee.quality_training_compliance = compliance.get(key.id, 100.0)

    def _quality_training_compliance(self):
        """{employee id: done-and-valid ÷ required × 100} for employees with required training."""
        self.env.flush_all()  # the matrix is an SQL view over assignments, employees and documents
        groups = (
            self.env["quality.training.matrix"]
            .sudo()
            ._read_group([("employee_id", "in", self.ids)], ["employee_id"], ["compliance:avg"])
        )
        return {employee.id: round(value, 2) for employee, value in groups}

    def _quality_valid_requirements(self):
        """Requirements this employee holds a valid training for (done, not expired, current revision)."""
        self.ensure_one()
        requirements = self.env["quality.training.requirement"].sudo().search([("company_id", "=", self.company_id.id)])
        return self.env["quality.training.assignment"]._valid_assignments(self, requirements).requirement_id

    # ------------------------------------------------------------------
    # Training history is evidence: archive the employee, never delete it
    # ------------------------------------------------------------------
    @api.ondelete(at_uninstall=False)
    def _unlink_except_training_history(self):
        Assignment = self.env["quality.training.assignment"].sudo().with_context(active_test=False)
        assignments = Assignment.search([("employee_id", "in", self.ids)])
        history = assignments.filtered(lambda a: a.state != "assigned" or a.signature_id or a.completion_date)
        overrides = self.env["quality.training.override"].sudo().search([("employee_id", "in", self.ids)])
        drafts = overrides.filtered(lambda o: o.state == "draft")
        overrides -= drafts
        sessions = (
            self.env["quality.training.session"]
            .sudo()
            .search([("attendee_ids", "in", self.ids), ("state", "=", "done")])
        )
        with_history = history.employee_id | overrides.employee_id | sessions.attendee_ids
        with_history &= self
        if with_history:
            raise UserError(
                _(
                    "%(employees)s cannot be deleted: they have a training history (completed, expired or cancelled "
                    "training, signed sessions or training overrides), which is a quality record. Archive the "
                    "employee instead.",
                    employees=", ".join(with_history.mapped("name")),
                )
            )
        # Only open, untouched assignments and unsigned overrides remain: they go with the employee.
        (assignments - history).unlink()
        drafts.unlink()

    # ------------------------------------------------------------------
    # Scope changes fan out
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        employees._quality_sync_training()
        return employees

    def write(self, vals):
        res = super().write(vals)
        if "active" in vals or SCOPE_FIELDS & set(vals):
            self._quality_sync_training()
        if "active" in vals:
            # An archived employee's training leaves the matrix (and comes back with them).
            self.env["quality.training.assignment"]._refresh_matrix_rows(employee_ids=self.ids)
        return res

    def _quality_sync_training(self):
        """Assign the training of the employees' new scope; cancel what is out of scope (idempotent).

        A system reaction to an HR change, not an HR officer's write: HR reads training records and never writes
        them (no write right), so the fan-out runs as the system, through the training workflow (open
        assignments only, no completion evidence), exactly as the scheduled jobs do.
        """
        employees = self.sudo().with_context(active_test=False)
        if not employees:
            return
        Requirement = self.env["quality.training.requirement"].sudo()
        requirements = Requirement._requirements_for_employees(employees.filtered("active"))
        held = (
            self.env["quality.training.assignment"]
            .sudo()
            .search([("employee_id", "in", employees.ids), ("state", "=", "assigned")])
            .requirement_id
        )
        (requirements | held)._sync_assignments(employees=employees)

    def action_open_quality_training(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_training.action_quality_training_assignment")
        action["name"] = _("Training of %(name)s", name=self.name)
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id, "search_default_filter_open": 1}
        return action
