from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

# Fields whose change alters who must be trained, or on what.
SCOPE_FIELDS = {"job_ids", "department_ids", "employee_ids", "document_id", "course_id", "active", "company_id"}


class QualityTrainingRequirement(models.Model):
    """What must be learnt (a controlled document or a course) and by whom."""

    _name = "quality.training.requirement"
    _description = "Training Requirement"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.workflow.mixin"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=False, tracking=True)
    requirement_type = fields.Selection(
        [("document", "Read and understood (document)"), ("course", "Course")],
        "Type",
        required=True,
        default="document",
        tracking=True,
    )
    document_id = fields.Many2one(
        "quality.document", "Controlled Document", tracking=True, check_company=True, index=True
    )
    effective_revision_id = fields.Many2one(related="document_id.effective_revision_id", string="Current Revision")
    course_id = fields.Many2one("quality.training.course", tracking=True, check_company=True, index=True)
    survey_id = fields.Many2one(related="course_id.survey_id")
    job_ids = fields.Many2many(
        "hr.job",
        "quality_training_requirement_job_rel",
        "requirement_id",
        "job_id",
        "Job Positions",
        check_company=True,
    )
    department_ids = fields.Many2many("hr.department", string="Departments", check_company=True)
    employee_ids = fields.Many2many("hr.employee", string="Employees", check_company=True)
    operation_ids = fields.Many2many(
        "mrp.routing.workcenter",
        string="BoM Operations",
        check_company=True,
        help="Operators starting a work order of these operations must hold this training.",
    )
    workcenter_ids = fields.Many2many(
        "mrp.workcenter",
        string="Work Centers",
        check_company=True,
        help="Operators starting a work order at these work centers must hold this training.",
    )
    validity_months = fields.Integer("Validity (months)", default=0, tracking=True, help="0 = no expiry.")
    days_to_complete = fields.Integer("Days to Complete", default=14, tracking=True)
    refresher_lead_days = fields.Integer("Refresher Lead Time (days)", default=30, tracking=True)
    is_auditor_qualification = fields.Boolean(
        "Auditor Qualification", tracking=True, help="Holding this training qualifies an employee as internal auditor."
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    assignment_ids = fields.One2many("quality.training.assignment", "requirement_id", "Assignments")
    assignment_count = fields.Integer(compute="_compute_assignment_stats")
    compliance = fields.Float("Compliance (%)", compute="_compute_assignment_stats")

    @api.depends("document_id", "course_id", "requirement_type")
    def _compute_name(self):
        for req in self:
            if req.requirement_type == "document" and req.document_id:
                req.name = req.document_id.display_name
            elif req.requirement_type == "course" and req.course_id:
                req.name = req.course_id.name
            elif not req.name:
                req.name = False

    def _compute_assignment_stats(self):
        counts = dict(
            self.env["quality.training.assignment"]._read_group(
                [("requirement_id", "in", self.ids), ("state", "!=", "cancelled")], ["requirement_id"], ["__count"]
            )
        )
        self.env.flush_all()  # the matrix is an SQL view
        compliance = dict(
            self.env["quality.training.matrix"]._read_group(
                [("requirement_id", "in", self.ids)], ["requirement_id"], ["compliance:avg"]
            )
        )
        for req in self:
            req.assignment_count = counts.get(req, 0)
            req.compliance = compliance.get(req, 0.0)

    @api.constrains("requirement_type", "document_id", "course_id")
    def _check_subject(self):
        for req in self:
            if req.requirement_type == "document" and (not req.document_id or req.course_id):
                raise ValidationError(
                    _("Requirement %(req)s: choose the controlled document to read (and no course).", req=req.name)
                )
            if req.requirement_type == "course" and (not req.course_id or req.document_id):
                raise ValidationError(_("Requirement %(req)s: choose the course (and no document).", req=req.name))

    @api.constrains("validity_months", "days_to_complete", "refresher_lead_days")
    def _check_durations(self):
        for req in self:
            if req.validity_months < 0 or req.days_to_complete < 0 or req.refresher_lead_days < 0:
                raise ValidationError(
                    _(
                        "Requirement %(req)s: validity, days to complete and refresher lead time cannot be negative "
                        "(use 0 for no expiry).",
                        req=req.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: a new requirement or a change of scope fans out at once
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        requirements = super().create(vals_list)
        requirements.filtered("active")._sync_assignments()
        return requirements

    def write(self, vals):
        res = super().write(vals)
        if SCOPE_FIELDS & set(vals):
            self._sync_assignments()
            # Archived, or for another document: the completed training of these requirements leaves the matrix.
            self.env["quality.training.assignment"]._refresh_matrix_rows(requirement_ids=self.ids)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_completed_training(self):
        if (
            self.env["quality.training.assignment"]
            .sudo()
            .search_count([("requirement_id", "in", self.ids), ("state", "in", ("done", "expired"))], limit=1)
        ):
            raise UserError(_("Training was completed against these requirements: archive them instead of deleting."))

    # ------------------------------------------------------------------
    # Scope
    # ------------------------------------------------------------------
    def _scope_domain(self):
        """Domain on hr.employee for the active employees this requirement applies to."""
        self.ensure_one()
        alternatives = []
        if self.job_ids:
            alternatives.append([("job_id", "in", self.job_ids.ids)])
        if self.department_ids:
            alternatives.append([("department_id", "child_of", self.department_ids.ids)])
        if self.employee_ids:
            alternatives.append([("id", "in", self.employee_ids.ids)])
        if not alternatives:
            return [("id", "=", 0)]
        return expression.AND([[("company_id", "=", self.company_id.id)], expression.OR(alternatives)])

    def _target_revision(self):
        """The revision an assignment must be for: the effective one for documents, nothing for courses."""
        self.ensure_one()
        return (
            self.document_id.effective_revision_id
            if self.requirement_type == "document"
            else self.env["quality.document.revision"]
        )

    def _is_assignable(self):
        self.ensure_one()
        if not self.active:
            return False
        if self.requirement_type == "document":
            return bool(self.document_id.effective_revision_id) and not self.document_id.is_obsolete
        return True

    @api.model
    def _requirements_for_employees(self, employees):
        """Active requirements whose people scope covers any of these employees."""
        domain = expression.OR(
            [
                [("job_ids", "in", employees.job_id.ids)],
                [("department_ids", "parent_of", employees.department_id.ids)],
                [("employee_ids", "in", employees.ids)],
            ]
        )
        return self.sudo().search(expression.AND([[("company_id", "in", employees.company_id.ids)], domain]))

    def _sync_assignments(self, employees=None):
        """Bring the assignments of these requirements in line with their scope (idempotent, batched).

        Creates the missing open assignments (one set-based fan-out), and cancels open ones that are out of
        scope or for a revision that is no longer effective. With ``employees``, only their assignments
        are touched.
        """
        # Read in superuser mode (every employee and assignment of the scope); written with the caller's rights
        # (quality users, the jobs; HR's employee changes call it as the system, see hr.employee).
        Assignment = self.env["quality.training.assignment"]
        requirements = self.sudo().with_context(active_test=False)
        if not requirements:
            return Assignment
        existing = Assignment.sudo().search(
            [("requirement_id", "in", requirements.ids), ("state", "in", ("assigned", "done"))]
            + ([("employee_id", "in", employees.ids)] if employees is not None else [])
        )
        held = {(a.employee_id.id, a.requirement_id.id, a.revision_id.id) for a in existing}
        to_create, in_scope = requirements._missing_assignments(held, employees)
        to_cancel = existing.filtered(
            lambda a: (
                a.state == "assigned"
                and (
                    (a.employee_id.id, a.requirement_id.id) not in in_scope
                    or a.revision_id != a.requirement_id._target_revision()
                )
            )
        )
        if to_cancel:
            Assignment.browse(to_cancel.ids)._quality_transition(
                "cancel", {"cancel_reason": _("No longer required (scope or revision changed).")}
            )
        # Fan-out: thousands at once, in one INSERT per requirement, without a creation message, follower or
        # tracking row per assignment; later changes of each assignment are tracked as usual.
        return Assignment._quality_fanout_create(to_create)

    def _missing_assignments(self, held, employees=None):
        """(values of the open assignments to create, {(employee id, requirement id) in scope}) for these
        requirements, skipping the (employee, requirement, revision) triples ``held``."""
        Employee = self.env["hr.employee"].sudo().with_context(active_test=True)  # archived employees: out of scope
        today = quality_today(self)
        to_create = []
        in_scope = set()
        for req in self:
            if not req._is_assignable():
                continue
            domain = req._scope_domain()
            if employees is not None:
                domain = expression.AND([domain, [("id", "in", employees.ids)]])
            revision = req._target_revision()
            for employee_id in Employee.search(domain).ids:
                in_scope.add((employee_id, req.id))
                if (employee_id, req.id, revision.id) in held:
                    continue
                held.add((employee_id, req.id, revision.id))
                to_create.append(
                    {
                        "employee_id": employee_id,
                        "requirement_id": req.id,
                        "revision_id": revision.id,
                        "assigned_date": today,
                        "due_date": today + timedelta(days=req.days_to_complete),
                        "company_id": req.company_id.id,
                    }
                )
        return to_create, in_scope

    # ------------------------------------------------------------------
    # Used by other addons
    # ------------------------------------------------------------------
    def _employees_with_valid_training(self, employees):
        """Employees (among ``employees``) holding a valid, current training for every requirement in self."""
        valid = self.env["quality.training.assignment"].sudo()._valid_assignments(employees, self)
        result = self.env["hr.employee"]
        for employee in employees:
            held = valid.filtered(lambda a, e=employee: a.employee_id == e).requirement_id
            if not (self - held):
                result |= employee
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_sync_assignments(self):
        if not self.env.su and not self.env.user.has_group("quality_documents.group_quality_user"):
            raise AccessError(_("Only quality users assign training (Assign Now)."))
        created = self._sync_assignments()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Assignments"),
                "message": _("%(count)s new assignment(s).", count=len(created)),
                "type": "success",
            },
        }

    def action_open_assignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_training.action_quality_training_assignment")
        action["domain"] = [("requirement_id", "=", self.id)]
        action["context"] = {"default_requirement_id": self.id}
        return action

    def action_record_session(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.training.session",
            "view_mode": "form",
            "target": "new",
            "context": {"default_requirement_id": self.id},
        }
