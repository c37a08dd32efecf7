from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.models.quality_sequence import quality_sequence_names
from odoo.exceptions import UserError, ValidationError

from .quality_audit_checklist_template import AUDIT_TYPES

AUDIT_STATES = [
    ("planned", "Planned"),
    ("prepared", "Prepared"),
    ("in_progress", "In Progress"),
    ("reporting", "Reporting"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
OUTCOMES = [("pass", "Pass"), ("conditional", "Conditional"), ("fail", "Fail")]
QUALITY_USER = "quality_documents.group_quality_user"
QUALITY_MANAGER = "quality_documents.group_quality_manager"
OPEN_STATES = ("planned", "prepared", "in_progress", "reporting")


class QualityAudit(models.Model):
    _name = "quality.audit"
    _description = "Quality Audit"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "planned_date desc, id desc"
    _quality_workflow_fields = frozenset({"state", "outcome_signed"})  # changed only by its buttons and signatures
    _quality_locked_states = frozenset({"closed"})  # a change needs a reason (quality.workflow.mixin)
    _quality_transitions = {
        "prepare": {"from": ("planned",), "to": "prepared", "group": QUALITY_USER, "label": "Prepare"},
        "start": {"from": ("prepared",), "to": "in_progress", "group": QUALITY_USER, "label": "Start Audit"},
        "report": {"from": ("in_progress",), "to": "reporting", "group": QUALITY_USER, "label": "Move to Reporting"},
        "sign_outcome": {
            "from": ("in_progress", "reporting"),
            "to": None,
            "group": QUALITY_USER,
            "meaning": "approved",
            "label": "Sign Outcome",
        },
        "close": {
            "from": ("reporting",),
            "to": "closed",
            "group": QUALITY_USER,
            "meaning": "closed",
            "label": "Sign and Close",
        },
        "cancel": {"from": OPEN_STATES, "to": "cancelled", "group": QUALITY_MANAGER, "label": "Cancel"},
        "reset_to_planned": {
            "from": ("cancelled",),
            "to": "planned",
            "group": QUALITY_MANAGER,
            "label": "Reset to Planned",
        },
    }
    _check_company_auto = True

    name = fields.Char("Reference", required=True, copy=False, readonly=True, default="/", tracking=True)
    audit_type = fields.Selection(AUDIT_TYPES, "Type", required=True, default="internal", tracking=True)
    state = fields.Selection(AUDIT_STATES, default="planned", required=True, tracking=True, copy=False)
    unit_id = fields.Many2one("quality.audit.unit", "Auditable Unit", check_company=True, tracking=True, index=True)
    scope = fields.Text(tracking=True)
    standard = fields.Char(tracking=True, help="e.g. ISO 13485:2016")
    clauses = fields.Char(tracking=True, help="Clauses of the standard in scope, e.g. 7.4, 8.2.1")
    lead_auditor_id = fields.Many2one("res.users", tracking=True)
    auditor_ids = fields.Many2many(
        "res.users", "quality_audit_auditor_rel", "audit_id", "user_id", "Audit Team", tracking=True
    )
    auditee_ids = fields.Many2many("hr.employee", string="Auditees", check_company=True)
    department_id = fields.Many2one("hr.department", "Audited Department", check_company=True, tracking=True)
    partner_id = fields.Many2one("res.partner", "Vendor", tracking=True, check_company=True)
    planned_date = fields.Date(required=True, default=quality_today, tracking=True)
    actual_date_start = fields.Date("Actual Start", tracking=True, copy=False)
    actual_date_end = fields.Date("Actual End", tracking=True, copy=False)
    is_overdue = fields.Boolean("Overdue", readonly=True, copy=False, help="Set by the programme.")
    template_id = fields.Many2one("quality.audit.checklist.template", "Checklist", check_company=True)
    question_ids = fields.One2many("quality.audit.question", "audit_id", "Checklist Questions", copy=True)
    finding_ids = fields.One2many("quality.audit.finding", "audit_id", "Findings")
    finding_count = fields.Integer(compute="_compute_finding_stats")
    open_finding_count = fields.Integer(compute="_compute_finding_stats")
    followup_finding_ids = fields.Many2many(
        "quality.audit.finding",
        compute="_compute_followup_finding_ids",
        string="Open Findings of Previous Audits",
    )
    conclusion = fields.Html(tracking=False)
    outcome = fields.Selection(OUTCOMES, tracking=True, copy=False, help="Supplier audits: signed outcome.")
    outcome_signed = fields.Boolean(readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    answer_conforming_count = fields.Integer("Conforming", compute="_compute_answer_counts")
    answer_minor_count = fields.Integer("Minor NC", compute="_compute_answer_counts")
    answer_major_count = fields.Integer("Major NC", compute="_compute_answer_counts")
    answer_observation_count = fields.Integer("Observations", compute="_compute_answer_counts")
    answer_ofi_count = fields.Integer("Opportunities", compute="_compute_answer_counts")
    answer_na_count = fields.Integer("Not Applicable", compute="_compute_answer_counts")
    answer_open_count = fields.Integer("Unanswered", compute="_compute_answer_counts")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("finding_ids.state")
    def _compute_finding_stats(self):
        for audit in self:
            audit.finding_count = len(audit.finding_ids)
            audit.open_finding_count = len(audit.finding_ids.filtered(lambda f: f.state == "open"))

    @api.depends("question_ids.answer")
    def _compute_answer_counts(self):
        keys = {
            "conforming": "answer_conforming_count",
            "minor_nc": "answer_minor_count",
            "major_nc": "answer_major_count",
            "observation": "answer_observation_count",
            "ofi": "answer_ofi_count",
            "na": "answer_na_count",
            False: "answer_open_count",
        }
        for audit in self:
            counts = dict.fromkeys(keys.values(), 0)
            for question in audit.question_ids:
                counts[keys[question.answer or False]] += 1
            audit.update(counts)

    @api.depends("unit_id", "planned_date")
    def _compute_followup_finding_ids(self):
        Finding = self.env["quality.audit.finding"]
        for audit in self:
            if not audit.unit_id:
                audit.followup_finding_ids = Finding
                continue
            previous = audit._previous_audits()
            audit.followup_finding_ids = Finding.search(
                [("audit_id", "in", previous.ids), ("state", "=", "open")], order="audit_id, id"
            )

    def _previous_audits(self):
        """Earlier audits of the same unit (not cancelled)."""
        self.ensure_one()
        own_id = self._origin.id or 0
        domain = [
            ("unit_id", "=", self.unit_id.id),
            ("state", "!=", "cancelled"),
            ("id", "!=", own_id),
            "|",
            ("planned_date", "<", self.planned_date),
            "&",
            ("planned_date", "=", self.planned_date),
            ("id", "<", own_id or 0),
        ]
        return self.search(domain)

    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id:
            self.department_id = self.unit_id.department_id
            self.partner_id = self.unit_id.partner_id
            if self.unit_id.unit_type == "vendor":
                self.audit_type = "supplier"

    # ------------------------------------------------------------------
    # Constraints: independence (ISO 9001 9.2.2) and competence
    # ------------------------------------------------------------------
    @api.constrains("lead_auditor_id", "auditor_ids", "department_id")
    def _check_auditor_independence(self):
        for audit in self:
            if not audit.department_id:
                continue
            auditors = audit.lead_auditor_id | audit.auditor_ids
            if not auditors:
                continue
            employees = (
                self.env["hr.employee"]
                .sudo()
                .with_context(active_test=False)
                .search([("user_id", "in", auditors.ids), ("department_id", "child_of", audit.department_id.id)])
            )
            if employees:
                raise ValidationError(
                    _(
                        "Auditor independence (ISO 9001 9.2.2): %(auditors)s belong(s) to the audited department "
                        "%(department)s and cannot audit it. Choose auditors from another department.",
                        auditors=", ".join(employees.user_id.mapped("name")),
                        department=audit.department_id.display_name,
                    )
                )

    @api.constrains("lead_auditor_id", "state", "audit_type")
    def _check_lead_auditor_competence(self):
        for audit in self:
            audit._check_lead_auditor_for_state(audit.state)

    def _check_lead_auditor_for_state(self, state):
        """Once past planning, an internal/product/supplier audit needs a qualified lead auditor."""
        self.ensure_one()
        if state in ("planned", "cancelled", "closed") or self.audit_type == "external":
            return
        if not self.lead_auditor_id:
            raise ValidationError(_("Audit %(audit)s needs a lead auditor before preparation.", audit=self.name))
        if not self._quality_lead_auditor_qualified():
            raise ValidationError(
                _(
                    "%(user)s is not qualified as lead auditor: they hold no valid training marked as auditor "
                    "qualification. Assign a qualified auditor, or complete their auditor training first.",
                    user=self.lead_auditor_id.name,
                )
            )

    def _quality_lead_auditor_qualified(self):
        """True when the lead auditor's employee holds a valid auditor-qualification training (quality_training)."""
        self.ensure_one()
        employees = self.env["hr.employee"].sudo().search([("user_id", "=", self.lead_auditor_id.id)])
        if not employees:
            return False
        requirements = (
            self.env["quality.training.requirement"]
            .sudo()
            .search([("is_auditor_qualification", "=", True), ("company_id", "in", employees.company_id.ids)])
        )
        if not requirements:
            return False
        return bool(self.env["quality.training.assignment"]._valid_assignments(employees, requirements))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in quality_sequence_names(self, vals_list, "quality.audit"):
            if vals.get("unit_id"):
                unit = self.env["quality.audit.unit"].browse(vals["unit_id"])
                vals.setdefault("department_id", unit.department_id.id)
                vals.setdefault("partner_id", unit.partner_id.id)
        audits = super().create(vals_list)
        for audit in audits.filtered(lambda a: a.template_id and not a.question_ids):
            audit._copy_checklist()
        return audits

    def write(self, vals):
        if "outcome" in vals and self.filtered(lambda a: a.outcome_signed and a.outcome != vals["outcome"]):
            raise UserError(_("The outcome of this audit is signed: it can no longer be changed."))
        if "template_id" in vals:
            for audit in self:
                if audit.question_ids.filtered("answer"):
                    raise UserError(
                        _(
                            "The checklist of %(audit)s already has answers: it cannot be replaced. "
                            "Add questions to it instead.",
                            audit=audit.name,
                        )
                    )
        res = super().write(vals)
        if vals.get("template_id"):
            for audit in self:
                audit.question_ids.unlink()
                audit._copy_checklist()
        return res

    @api.ondelete(at_uninstall=False)  # uninstalling quality_audit removes its demo audits (issue 15)
    def _unlink_never_closed_or_signed(self):
        for audit in self:
            if audit.state == "closed" or audit.quality_signature_ids:
                raise UserError(
                    _("Audit %(audit)s is closed or signed: cancel it instead of deleting it.", audit=audit.name)
                )

    @api.depends("name", "unit_id")
    def _compute_display_name(self):
        for audit in self:
            audit.display_name = f"{audit.name} – {audit.unit_id.name}" if audit.unit_id else audit.name

    # ------------------------------------------------------------------
    # Checklist
    # ------------------------------------------------------------------
    def _copy_checklist(self):
        """Copy the template's questions and clause references into this audit."""
        self.ensure_one()
        self.env["quality.audit.question"].create(
            [
                {
                    "audit_id": self.id,
                    "sequence": question.sequence,
                    "name": question.name,
                    "clause": question.clause,
                    "guidance": question.guidance,
                    "template_question_id": question.id,
                }
                for question in self.template_id.question_ids
            ]
        )

    def action_create_findings(self):
        """Raise a finding for every nonconforming / observation answer that has none yet."""
        for audit in self:
            audit.question_ids.filtered(
                lambda q: q.answer in q._FINDING_SEVERITY and not q.finding_id
            )._create_finding()
        return True

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_prepare(self):
        self._quality_check_transition("prepare")
        for audit in self:
            audit._check_lead_auditor_for_state("prepared")
        return self._quality_transition("prepare")

    def action_start(self):
        self._quality_check_transition("start")
        for audit in self:
            audit._quality_transition("start", {"actual_date_start": audit.actual_date_start or quality_today(self)})
        return True

    def action_report(self):
        self._quality_check_transition("report")
        for audit in self:
            unanswered = audit.question_ids.filtered(lambda q: not q.answer)
            if unanswered:
                raise UserError(
                    _(
                        "Audit %(audit)s still has %(count)s unanswered checklist question(s): answer them "
                        "(or mark them not applicable) before reporting.",
                        audit=audit.name,
                        count=len(unanswered),
                    )
                )
            audit._quality_transition("report", {"actual_date_end": audit.actual_date_end or quality_today(self)})
        return True

    def action_cancel(self):
        return self._quality_transition("cancel")

    def action_reset_to_planned(self):
        return self._quality_transition("reset_to_planned")

    def _check_can_close(self):
        """An audit cannot be closed while a major or minor finding has no CAPA with an approved plan."""
        self.ensure_one()
        if self.state != "reporting":
            raise UserError(_("Audit %(audit)s can be closed only from the reporting stage.", audit=self.name))
        missing = self.finding_ids.filtered(lambda f: f.capa_required and not f.capa_id.sudo().plan_approved)
        if missing:
            raise UserError(
                _(
                    "Audit %(audit)s cannot be closed: these major/minor findings have no CAPA with an approved "
                    "plan: %(findings)s. Create their CAPA and have its plan approved first.",
                    audit=self.name,
                    findings=", ".join(missing.mapped("name")),
                )
            )
        if self.audit_type == "supplier" and not self.outcome_signed:
            raise UserError(
                _("Supplier audit %(audit)s cannot be closed before its outcome is signed.", audit=self.name)
            )

    # ------------------------------------------------------------------
    # Electronic signatures
    # ------------------------------------------------------------------
    def _quality_signature_fields(self):
        return [
            "name",
            "audit_type",
            "unit_id",
            "scope",
            "standard",
            "clauses",
            "lead_auditor_id",
            "auditor_ids",
            "department_id",
            "partner_id",
            "actual_date_start",
            "actual_date_end",
            ("question_ids", ["name", "clause", "answer", "evidence", "attachment_ids"]),
            # Findings by what was found; their follow-up (response, CAPA, closure) comes after the report.
            ("finding_ids", ["name", "severity", "clause", "description", "evidence"]),
            "conclusion",
            "outcome",
        ]

    def _quality_check_can_sign(self, meaning):
        self.ensure_one()
        if meaning == "closed":
            self._check_can_close()
        elif meaning == "approved":
            if self.audit_type != "supplier":
                raise UserError(_("Only a supplier audit has an outcome to sign."))
            if self.state not in ("in_progress", "reporting"):
                raise UserError(_("Sign the outcome of %(audit)s after the audit was carried out.", audit=self.name))
            if not self.outcome:
                raise UserError(
                    _("Choose the outcome (pass, conditional, fail) of %(audit)s before signing it.", audit=self.name)
                )
            if self.outcome_signed:
                raise UserError(_("The outcome of %(audit)s is already signed.", audit=self.name))
        elif meaning not in ("authored", "reviewed", "acknowledged"):
            raise UserError(_("This signature meaning does not apply to an audit."))
        if meaning in ("closed", "approved") and not (
            self.env.user == self.lead_auditor_id or self.env.user.has_group(QUALITY_MANAGER)
        ):
            raise UserError(_("Only the lead auditor or a quality manager may sign the audit report or outcome."))
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "closed":
            self._quality_transition("close", {"is_overdue": False})
        elif signature.meaning == "approved":
            self._quality_transition("sign_outcome", {"outcome_signed": True})
            self._apply_supplier_outcome()
        return super()._quality_on_signed(signature)

    def _apply_supplier_outcome(self):
        """The signed outcome updates the vendor's qualification (fail → probation, conditional → conditional)."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        if not partner:
            return
        reason = _(
            "Supplier audit %(audit)s, signed outcome: %(outcome)s.",
            audit=self.name,
            outcome=dict(OUTCOMES)[self.outcome],
        )
        Qualification = self.env["quality.supplier.qualification"]
        if self.outcome == "fail":
            partner._quality_set_probation(reason)
        elif self.outcome == "conditional":
            # The audit outcome is itself an electronic signature: it stands for the qualification's.
            quals = Qualification.search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", self.company_id.id),
                    ("state", "=", "approved"),
                ]
            )
            quals._quality_workflow_write({"state": "conditional", "reason": reason})
            for qual in quals:
                qual.message_post(body=reason)
        else:
            quals = Qualification.search([("partner_id", "=", partner.id), ("company_id", "=", self.company_id.id)])
            for qual in quals:
                qual.message_post(body=reason)
        # A log note on the vendor (Odoo's _message_log): the auditor needs no write right on the partner.
        partner._message_log(body=reason)

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_view_findings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_audit.action_quality_audit_finding")
        action["domain"] = [("audit_id", "=", self.id)]
        action["context"] = {"default_audit_id": self.id}
        return action
