from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.models.quality_sequence import quality_sequence_names
from odoo.exceptions import UserError

SEVERITIES = [
    ("major", "Major NC"),
    ("minor", "Minor NC"),
    ("observation", "Observation"),
    ("opportunity", "Opportunity for Improvement"),
]
CAPA_SEVERITIES = ("major", "minor")
QUALITY_USER = "quality_documents.group_quality_user"
QUALITY_MANAGER = "quality_documents.group_quality_manager"


def _default_due_date(record):
    return quality_today(record) + relativedelta(days=30)


class QualityAuditFinding(models.Model):
    _name = "quality.audit.finding"
    _description = "Audit Finding"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.workflow.mixin"]
    _order = "audit_id desc, id"
    # Changed only by its buttons and signatures. The CAPA too: it is what closing the audit asks for, so it is
    # the CAPA opened for this finding (Create CAPA), never one picked by whoever may write the finding.
    _quality_workflow_fields = frozenset({"state", "closed_date", "closed_in_audit_id", "capa_id"})
    _quality_transitions = {
        "close": {"from": ("open",), "to": "closed", "group": QUALITY_USER, "label": "Verified Closed"},
        "reopen": {"from": ("closed",), "to": "open", "group": QUALITY_MANAGER, "label": "Reopen"},
    }
    _check_company_auto = True

    name = fields.Char("Reference", required=True, copy=False, readonly=True, default="/")
    audit_id = fields.Many2one(
        "quality.audit", required=True, ondelete="restrict", index=True, check_company=True, tracking=True
    )
    unit_id = fields.Many2one(related="audit_id.unit_id", store=True)
    partner_id = fields.Many2one(related="audit_id.partner_id", store=True)
    audit_type = fields.Selection(related="audit_id.audit_type", store=True)
    audit_state = fields.Selection(related="audit_id.state", string="Audit Status")
    question_id = fields.Many2one("quality.audit.question", "Checklist Question", readonly=True, copy=False)
    severity = fields.Selection(SEVERITIES, required=True, default="minor", tracking=True)
    clause = fields.Char(tracking=True)
    description = fields.Text(required=True, tracking=True)
    evidence = fields.Text(tracking=True)
    auditee_response = fields.Text(tracking=True)
    responsible_id = fields.Many2one("res.users", "Auditee Responsible", tracking=True)
    due_date = fields.Date(default=_default_due_date, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], default="open", required=True, tracking=True, copy=False
    )
    closed_date = fields.Date(readonly=True, copy=False)
    closed_in_audit_id = fields.Many2one("quality.audit", "Verified Closed In", readonly=True, copy=False)
    followup_note = fields.Text("Follow-up Note", tracking=True)
    capa_id = fields.Many2one("quality.capa", "CAPA", copy=False, tracking=True, check_company=True, index=True)
    capa_required = fields.Boolean(compute="_compute_capa_required", store=True)
    capa_plan_approved = fields.Boolean("CAPA Plan Approved", compute="_compute_capa_plan_approved")
    capa_state = fields.Char("CAPA Status", compute="_compute_capa_plan_approved")
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)

    @api.depends("severity")
    def _compute_capa_required(self):
        for finding in self:
            finding.capa_required = finding.severity in CAPA_SEVERITIES

    @api.depends("capa_id.plan_approved", "capa_id.state")
    def _compute_capa_plan_approved(self):
        for finding in self:
            capa = finding.capa_id.sudo()
            finding.capa_plan_approved = capa.plan_approved
            if capa:
                states = dict(capa._fields["state"]._description_selection(self.env))
                finding.capa_state = states.get(capa.state, capa.state)
            else:
                finding.capa_state = False

    @api.depends("due_date", "state")
    def _compute_is_overdue(self):
        today = quality_today(self)
        for finding in self:
            finding.is_overdue = finding.state == "open" and bool(finding.due_date) and finding.due_date < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue findings."))
        today = quality_today(self)
        domain = [("state", "=", "open"), ("due_date", "<", today)]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(quality_sequence_names(self, vals_list, "quality.audit.finding"))

    @api.ondelete(at_uninstall=False)  # uninstalling quality_audit removes its demo findings (issue 15)
    def _unlink_never_closed_or_capa(self):
        for finding in self:
            if finding.audit_id.state == "closed" or finding.capa_id:
                raise UserError(
                    _(
                        "Finding %(finding)s belongs to a closed audit or has a CAPA: close it instead of deleting it.",
                        finding=finding.name,
                    )
                )

    @api.depends("name", "severity", "clause")
    def _compute_display_name(self):
        labels = dict(SEVERITIES)
        for finding in self:
            clause = f" §{finding.clause}" if finding.clause else ""
            finding.display_name = f"{finding.name} ({labels.get(finding.severity, '')}{clause})"

    # ------------------------------------------------------------------
    # CAPA (linked both ways through quality_capa's generic origin)
    # ------------------------------------------------------------------
    def _prepare_capa_vals(self):
        self.ensure_one()
        audit = self.audit_id
        statement = _(
            "Audit %(audit)s finding %(finding)s (%(severity)s%(clause)s): %(description)s",
            audit=audit.name,
            finding=self.name,
            severity=dict(SEVERITIES)[self.severity],
            clause=", clause " + self.clause if self.clause else "",
            description=self.description,
        )
        if self.evidence:
            statement += "\n" + _("Evidence: %(evidence)s", evidence=self.evidence)
        vals = {
            "title": _("Audit finding %(finding)s: %(description)s", finding=self.name, description=self.description)[
                :200
            ],
            "capa_type": "corrective",
            "origin": "audit",
            "origin_ref": f"{self._name},{self.id}",
            "problem_statement": statement,
            "owner_id": (self.responsible_id or audit.unit_id.responsible_id or self.env.user).id,
            "company_id": self.company_id.id,
        }
        if audit.audit_type == "supplier" and audit.partner_id:
            vals["partner_id"] = audit.partner_id.commercial_partner_id.id
        return vals

    def action_create_capa(self):
        """Open one CAPA per finding (origin 'audit', origin_ref to the finding)."""
        for finding in self:
            if finding.capa_id:
                raise UserError(_("Finding %(finding)s already has a CAPA.", finding=finding.name))
            if finding.audit_id.state in ("closed", "cancelled"):
                raise UserError(
                    _(
                        "Audit %(audit)s is closed: open CAPAs from its findings before closing.",
                        audit=finding.audit_id.name,
                    )
                )
        capas = self.env["quality.capa"].create([finding._prepare_capa_vals() for finding in self])
        for finding, capa in zip(self, capas, strict=True):
            finding._quality_workflow_write({"capa_id": capa.id})
        if len(capas) == 1:
            return finding.action_open_capa()
        return True

    def action_open_capa(self):
        self.ensure_one()
        if not self.capa_id:
            raise UserError(_("Finding %(finding)s has no CAPA yet.", finding=self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.capa",
            "res_id": self.capa_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_close(self):
        """Verify the finding closed (e.g. during the follow-up in the next audit)."""
        audit = self.env["quality.audit"].browse(self.env.context.get("quality_followup_audit_id"))
        self._quality_check_transition("close")
        for finding in self:
            if finding.capa_required and not finding.capa_id:
                raise UserError(
                    _(
                        "Finding %(finding)s is a nonconformity: it can be closed only once it has a CAPA.",
                        finding=finding.name,
                    )
                )
        return self._quality_transition(
            "close", {"closed_date": quality_today(self), "closed_in_audit_id": audit.exists().id}
        )

    def action_reopen(self):
        return self._quality_transition("reopen", {"closed_date": False, "closed_in_audit_id": False})
