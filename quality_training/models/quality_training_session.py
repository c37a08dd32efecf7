from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import AccessError, UserError

# What the trainer signs for all attendees.
SIGNED_FIELDS = ("requirement_id", "revision_id", "date", "trainer_id", "attendee_ids")


class QualityTrainingSession(models.Model):
    """A classroom session: the trainer signs once ("trained") for all attendees."""

    _name = "quality.training.session"
    _description = "Classroom Training Session"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "date desc, id desc"
    # Changed only by the trainer's signature (the revision trained is recorded when it is signed).
    _quality_workflow_fields = frozenset({"state"})
    # Signed: what the trainer signed stays, and the session is kept for good (quality.workflow.mixin).
    _quality_frozen_fields = frozenset(SIGNED_FIELDS)
    _quality_frozen_states = frozenset({"done"})
    _quality_undeletable_states = frozenset({"done"})
    _quality_transitions = {
        "sign": {
            "from": ("draft",),
            "to": "done",
            "group": "base.group_user",  # the trainer, or a quality user (_quality_check_can_sign)
            "meaning": "trained",
            "label": "Sign as Trainer",
        },
    }
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    requirement_id = fields.Many2one(
        "quality.training.requirement", required=True, tracking=True, check_company=True, ondelete="restrict"
    )
    revision_id = fields.Many2one(
        "quality.document.revision", "Revision Trained", compute="_compute_revision_id", store=True, readonly=True
    )
    date = fields.Date(required=True, default=quality_today, tracking=True)
    trainer_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user, tracking=True)
    attendee_ids = fields.Many2many("hr.employee", string="Attendees", check_company=True)
    notes = fields.Text()
    state = fields.Selection([("draft", "Draft"), ("done", "Signed")], default="draft", required=True, tracking=True)
    assignment_ids = fields.One2many("quality.training.assignment", "session_id", "Completed Assignments")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.depends("requirement_id.name", "date")
    def _compute_name(self):
        for session in self:
            session.name = _("%(req)s – %(date)s", req=session.requirement_id.name or "", date=session.date or "")

    @api.depends("requirement_id", "state")
    def _compute_revision_id(self):
        for session in self:
            if session.state == "draft" or not session.revision_id:
                session.revision_id = session.requirement_id._target_revision() if session.requirement_id else False

    def _quality_refuse_workflow_write(self, names=()):
        # Signed only through the trainer's e-signature, never by a write.
        raise UserError(_("A training session is marked signed only by the trainer's electronic signature."))

    def write(self, vals):
        if not self._quality_in_workflow():
            if (
                set(vals) - {"message_main_attachment_id"}
                and not self.env.su
                and not self.env.user.has_group("quality_documents.group_quality_user")
            ):
                raise AccessError(
                    _("Only quality users edit a training session; as its trainer, sign it with your signature.")
                )
        return super().write(vals)

    def _quality_frozen_explanation(self):
        return _(
            "%(sessions)s: a signed session cannot change; record a new session instead.",
            sessions=self._quality_record_names(),
        )

    def _quality_signature_fields(self):
        return list(SIGNED_FIELDS)

    def _quality_check_can_sign(self, meaning):
        if meaning != "trained":
            raise UserError(_("A training session is signed by its trainer with the meaning 'Training delivered'."))
        if self.state != "draft":
            raise UserError(_("This session is already signed."))
        if not self.attendee_ids:
            raise UserError(_("Add the attendees before signing the session."))
        user = self.env.user
        if user != self.trainer_id and not user.has_group("quality_documents.group_quality_user"):
            raise UserError(_("Only the trainer or a quality user can sign this session."))
        if not self.requirement_id._is_assignable():
            raise UserError(_("%(req)s has no effective revision to train on.", req=self.requirement_id.name))
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "trained":
            self._complete_attendees()
        return super()._quality_on_signed(signature)

    def _complete_attendees(self):
        """Complete each attendee's open assignment; attendees without one get a completed record (one create).

        With the signer's own rights: a trainer without quality rights writes the assignments of the attendees
        of the session they sign through the record rule "attendees of my sessions", nothing else.
        """
        self.ensure_one()
        Assignment = self.env["quality.training.assignment"]
        req = self.requirement_id
        revision = req._target_revision()
        open_assignments = Assignment.search(
            [
                ("employee_id", "in", self.attendee_ids.ids),
                ("requirement_id", "=", req.id),
                ("revision_id", "=", revision.id),
                ("state", "=", "assigned"),
            ]
        )
        evidence = {"session_id": self.id, "completion_method": "session"}
        open_assignments._mark_done(completion_date=self.date, **evidence)
        values = []
        for employee in self.attendee_ids - open_assignments.employee_id:
            vals = {
                "employee_id": employee.id,
                "requirement_id": req.id,
                "revision_id": revision.id,
                "assigned_date": self.date,
                "due_date": self.date,
                "company_id": req.company_id.id,
            }
            values.append(vals)
        created = Assignment._quality_workflow_create(values)
        created._mark_done(completion_date=self.date, **evidence)
        self._quality_transition("sign")
        return open_assignments | created
