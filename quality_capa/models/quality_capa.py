import statistics
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.models.quality_sequence import quality_sequence_names
from odoo.exceptions import UserError, ValidationError

from .quality_capa_action import PLAN_KINDS

CAPA_STATES = [
    ("draft", "Draft"),
    ("investigation", "Investigation"),
    ("action_plan", "Action Plan"),
    ("implementation", "Implementation"),
    ("effectiveness", "Effectiveness Check"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
ROOT_CAUSE_CATEGORIES = [
    ("people", "People / human error"),
    ("machine", "Machine / equipment"),
    ("method", "Method / procedure"),
    ("material", "Material / supplier"),
    ("measurement", "Measurement"),
    ("environment", "Environment"),
    ("design", "Design"),
]
SCALE = [(str(i), str(i)) for i in range(1, 6)]
QUALITY_USER = "quality_documents.group_quality_user"
QUALITY_MANAGER = "quality_documents.group_quality_manager"
OPEN_STATES = ("draft", "investigation", "action_plan", "implementation", "effectiveness")
# Status and evidence of a CAPA: the dates of its stages (the effectiveness window runs from implementation),
# the signed plan approval and weak-CAPA justification.
CAPA_WORKFLOW_FIELDS = frozenset(
    {
        "state",
        "plan_approved",
        "weak_justified",
        "started_date",
        "investigated_date",
        "plan_approved_date",
        "implemented_date",
        "closed_date",
    }
)


class QualityCapa(models.Model):
    _name = "quality.capa"
    _description = "Corrective and Preventive Action"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "id desc"
    _quality_workflow_fields = CAPA_WORKFLOW_FIELDS  # changed only by its buttons and signatures
    # After plan approval a change needs a reason (quality.workflow.mixin; an approved plan: _quality_is_change_locked).
    _quality_locked_states = frozenset({"implementation", "effectiveness"})
    _quality_transitions = {
        "start_investigation": {
            "from": ("draft",),
            "to": "investigation",
            "group": QUALITY_USER,
            "label": "Start Investigation",
        },
        "to_action_plan": {
            "from": ("investigation",),
            "to": "action_plan",
            "group": QUALITY_USER,
            "label": "Action Plan",
        },
        "justify_weak": {
            "from": ("investigation", "action_plan"),
            "to": None,
            "group": QUALITY_MANAGER,
            "meaning": "reviewed",
            "label": "Justify Weak CAPA",
        },
        "approve_plan": {
            "from": ("action_plan",),
            "to": None,
            "group": QUALITY_USER,
            "meaning": "approved",
            "label": "Approve Plan",
        },
        "to_implementation": {
            "from": ("action_plan",),
            "to": "implementation",
            "group": QUALITY_USER,
            "label": "Implementation",
        },
        "to_effectiveness": {
            "from": ("implementation",),
            "to": "effectiveness",
            "group": QUALITY_USER,
            "label": "Effectiveness Check",
        },
        "verify": {
            "from": ("effectiveness",),
            "to": None,
            "group": QUALITY_USER,
            "meaning": "verified",
            "label": "Verify Effectiveness",
        },
        "not_effective": {
            "from": ("effectiveness",),
            "to": "investigation",
            "group": QUALITY_USER,
            "label": "Back to Investigation (not effective)",
        },
        "close": {"from": ("effectiveness",), "to": "closed", "group": QUALITY_USER, "label": "Close"},
        "cancel": {"from": OPEN_STATES, "to": "cancelled", "group": QUALITY_MANAGER, "label": "Cancel"},
    }
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/", index=True)
    title = fields.Char(required=True, tracking=True)
    capa_type = fields.Selection(
        [("corrective", "Corrective"), ("preventive", "Preventive")], "Type", required=True, default="corrective"
    )
    nonconformance_ids = fields.Many2many(
        "quality.nonconformance", "quality_capa_nonconformance_rel", "capa_id", "nonconformance_id", "Origin NCs"
    )
    origin = fields.Selection(
        [
            ("nonconformance", "Nonconformance"),
            ("audit", "Audit Finding"),
            ("supplier", "Supplier (SCAR)"),
            ("complaint", "Customer Complaint"),
            ("other", "Other"),
        ],
        required=True,
        default="nonconformance",
        tracking=True,
    )
    origin_ref = fields.Reference(selection="_selection_origin_ref", string="Origin Record")
    partner_id = fields.Many2one(
        "res.partner", "Vendor Addressed", tracking=True, index="btree_not_null", check_company=True
    )
    response_due_date = fields.Date("Vendor Response Due", tracking=True)
    owner_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, tracking=True, check_company=True
    )
    team_ids = fields.Many2many("res.users")
    problem_statement = fields.Text(tracking=True)
    severity = fields.Selection(SCALE, default="3", required=True, tracking=True)
    occurrence = fields.Selection(SCALE, default="3", required=True, tracking=True)
    detection = fields.Selection(SCALE, default="3", required=True, tracking=True)
    risk_priority = fields.Integer("Risk Priority Number", compute="_compute_risk", store=True)
    priority = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")], compute="_compute_risk", store=True
    )
    state = fields.Selection(
        CAPA_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        group_expand="_quality_expand_states",
    )
    # Root-cause analysis
    why_ids = fields.One2many("quality.capa.why", "capa_id", "5 Whys")
    fishbone_ids = fields.One2many("quality.capa.fishbone", "capa_id", "Fishbone Causes")
    isnot_ids = fields.One2many("quality.capa.isnot", "capa_id", "Is / Is Not")
    root_cause = fields.Text("Root-Cause Statement", tracking=True)
    root_cause_category = fields.Selection(ROOT_CAUSE_CATEGORIES, tracking=True)
    weak_capa = fields.Boolean(compute="_compute_weak_capa", help="Human error or retraining-only plan.")
    weak_justified = fields.Boolean("Weak CAPA Justified", readonly=True, copy=False, tracking=True)
    # Plan and actions
    action_ids = fields.One2many("quality.capa.action", "capa_id", "Actions")
    plan_approved = fields.Boolean(readonly=True, copy=False, tracking=True)
    # Dates
    investigation_due = fields.Date(tracking=True)
    plan_due = fields.Date("Action Plan Due", tracking=True)
    implementation_due = fields.Date(tracking=True)
    started_date = fields.Datetime(readonly=True, copy=False)
    investigated_date = fields.Datetime(readonly=True, copy=False)
    plan_approved_date = fields.Datetime(readonly=True, copy=False)
    implemented_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False)
    # Effectiveness
    effectiveness_criterion = fields.Text(
        default=lambda self: _("No new nonconformance with the same product and defect category.")
    )
    effectiveness_days = fields.Integer(
        "Effectiveness Window (days)", default=lambda self: self.env.company.quality_effectiveness_days or 90
    )
    effectiveness_due = fields.Date(compute="_compute_effectiveness", store=True)
    effectiveness_nc_count = fields.Integer(
        "NCs Since Implementation", compute="_compute_effectiveness_figure", help="Measured by the effectiveness rule."
    )
    verifier_id = fields.Many2one("res.users", tracking=True)
    check_ids = fields.One2many("quality.capa.check", "capa_id", "Effectiveness Checks")
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    cycle_days = fields.Float("Cycle Time (days)", compute="_compute_cycle", store=True)
    is_recurrence_source = fields.Boolean(compute="_compute_recurrence", string="Had Recurrence")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.model
    def _selection_origin_ref(self):
        return [
            (model.model, model.name) for model in self.env["ir.model"].sudo().search([("model", "like", "quality.")])
        ]

    @api.depends("severity", "occurrence", "detection")
    def _compute_risk(self):
        for capa in self:
            rpn = int(capa.severity or 1) * int(capa.occurrence or 1) * int(capa.detection or 1)
            capa.risk_priority = rpn
            capa.priority = "high" if rpn >= 45 else "medium" if rpn >= 18 else "low"

    def _quality_plan_actions(self):
        """The actions that make the plan (corrective, preventive, retraining): follow-ups and checks do not."""
        self.ensure_one()
        return self.action_ids.filtered(lambda a: a.kind in PLAN_KINDS)

    @api.depends("root_cause_category", "action_ids.kind")
    def _compute_weak_capa(self):
        for capa in self:
            plan = capa._quality_plan_actions()
            retraining_only = bool(plan) and all(kind == "retraining" for kind in plan.mapped("kind"))
            capa.weak_capa = capa.root_cause_category == "people" or retraining_only

    @api.depends("implemented_date", "effectiveness_days")
    def _compute_effectiveness(self):
        for capa in self:
            capa.effectiveness_due = (
                quality_today(capa, capa.implemented_date + timedelta(days=capa.effectiveness_days))
                if capa.implemented_date
                else False
            )

    def _compute_effectiveness_figure(self):
        for capa in self:
            capa.effectiveness_nc_count = len(capa._effectiveness_matches())

    @api.depends("started_date", "closed_date")
    def _compute_cycle(self):
        for capa in self:
            if capa.started_date and capa.closed_date:
                capa.cycle_days = (capa.closed_date - capa.started_date).total_seconds() / 86400.0
            else:
                capa.cycle_days = 0.0

    def _compute_recurrence(self):
        NC = self.env["quality.nonconformance"].sudo()
        counts = NC._count_by("recurrence_capa_id", self)
        for capa in self:
            capa.is_recurrence_source = bool(counts.get(capa.id))

    def _current_due(self):
        self.ensure_one()
        return {
            "investigation": self.investigation_due,
            "action_plan": self.plan_due,
            "implementation": self.implementation_due,
            "effectiveness": self.effectiveness_due,
        }.get(self.state)

    def _compute_is_overdue(self):
        today = quality_today(self)
        for capa in self:
            due = capa._current_due()
            capa.is_overdue = bool(due and due < today)

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue."))
        today = quality_today(self)
        domain = [
            "|",
            "|",
            "|",
            "&",
            ("state", "=", "investigation"),
            ("investigation_due", "<", today),
            "&",
            ("state", "=", "action_plan"),
            ("plan_due", "<", today),
            "&",
            ("state", "=", "implementation"),
            ("implementation_due", "<", today),
            "&",
            ("state", "=", "effectiveness"),
            ("effectiveness_due", "<", today),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.constrains("effectiveness_days")
    def _check_effectiveness_days(self):
        for capa in self:
            if capa.effectiveness_days <= 0:
                raise ValidationError(_("The effectiveness window must be a positive number of days (default 90)."))

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(quality_sequence_names(self, vals_list, "quality.capa"))

    def write(self, vals):
        # Stage fields: refused by the shared guard (_quality_workflow_fields) before this point.
        if not self.env.su and self.filtered(lambda c: c.state == "closed"):
            raise UserError(_("A closed CAPA is read-only."))
        if "effectiveness_days" in vals and self.filtered(
            lambda c: c.implemented_date and c.effectiveness_days != vals["effectiveness_days"]
        ):
            raise UserError(
                _("The effectiveness window of an implemented CAPA is fixed: it runs from the implementation.")
            )
        return super().write(vals)

    def _quality_is_change_locked(self):
        """An approved action plan is locked too (a change needs a reason), before implementation starts."""
        return super()._quality_is_change_locked() or (self.state == "action_plan" and self.plan_approved)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_unsigned(self):
        if self.filtered(lambda c: c.state != "draft" or c.quality_signature_ids):
            raise UserError(_("Only draft, unsigned CAPAs can be deleted; cancel the others."))

    # ------------------------------------------------------------------
    # Stage gates
    # ------------------------------------------------------------------
    def action_start_investigation(self):
        self._quality_check_transition("start_investigation")
        for capa in self:
            days = capa.company_id.quality_investigation_days or 30
            today = quality_today(capa)
            capa._quality_transition(
                "start_investigation",
                {
                    "started_date": fields.Datetime.now(),
                    "investigation_due": capa.investigation_due or today + timedelta(days=days),
                },
            )
        return True

    def action_to_action_plan(self):
        self._quality_check_transition("to_action_plan")
        for capa in self:
            if not (capa.root_cause or "").strip() or not capa.root_cause_category:
                raise UserError(
                    _(
                        "%(capa)s cannot leave investigation without a root cause: write the root-cause statement "
                        "and choose its category.",
                        capa=capa.name,
                    )
                )
            capa._quality_transition(
                "to_action_plan",
                {
                    "investigated_date": fields.Datetime.now(),
                    "plan_due": capa.plan_due or quality_today(capa) + timedelta(days=30),
                },
            )
        return True

    def action_to_implementation(self):
        self._quality_check_transition("to_implementation")
        for capa in self:
            if not capa._quality_plan_actions():
                raise UserError(
                    _(
                        "%(capa)s needs at least one corrective, preventive or retraining action before "
                        "implementation.",
                        capa=capa.name,
                    )
                )
            if not capa.plan_approved:
                raise UserError(
                    _("%(capa)s needs its action plan approved by signature before implementation.", capa=capa.name)
                )
        return self._quality_transition("to_implementation")

    def action_to_effectiveness(self):
        self._quality_check_transition("to_effectiveness")
        for capa in self:
            open_actions = capa.action_ids.filtered(lambda a: a.state not in ("done", "cancelled"))
            if open_actions:
                raise UserError(
                    _(
                        "%(capa)s cannot enter the effectiveness check while actions are open: %(actions)s.",
                        capa=capa.name,
                        actions=", ".join(open_actions.mapped("name")),
                    )
                )
        return self._quality_transition("to_effectiveness", {"implemented_date": fields.Datetime.now()})

    def action_close(self):
        self._quality_check_transition("close")
        for capa in self:
            check = capa.check_ids[:1]
            if not check or check.result != "effective" or not check.signature_id:
                raise UserError(
                    _(
                        "%(capa)s can close only after an effectiveness verification signed by someone other "
                        "than its owner.",
                        capa=capa.name,
                    )
                )
        return self._quality_transition("close", {"closed_date": fields.Datetime.now()})

    def action_cancel(self):
        return self._quality_transition("cancel")

    # ------------------------------------------------------------------
    # Signatures: plan approval, weak-CAPA justification, effectiveness verification
    # ------------------------------------------------------------------
    def _quality_signature_fields(self):
        return [
            "name",
            "title",
            "problem_statement",
            "root_cause",
            "root_cause_category",
            # The plan's actions by their own content; their progress (state, done date, evidence) comes later.
            (
                "action_ids",
                ["name", "kind", "description", "owner_id", "due_date", "revision_id", "training_revision_id"],
            ),
        ]

    def _quality_check_can_sign(self, meaning):
        user = self.env.user
        is_manager = user.has_group(QUALITY_MANAGER)
        if meaning == "approved":
            if self.state != "action_plan":
                raise UserError(_("The action plan of %(capa)s is approved at the action-plan stage.", capa=self.name))
            if not self._quality_plan_actions():
                raise UserError(
                    _("%(capa)s has no corrective, preventive or retraining action to approve.", capa=self.name)
                )
            if self.weak_capa and not self.weak_justified:
                raise UserError(
                    _(
                        "Weak CAPA: the root cause is human error or the plan only retrains. A quality manager must "
                        "sign a justification (Justify Weak CAPA) before the plan can be approved."
                    )
                )
            if not user.has_group(QUALITY_USER):
                raise UserError(_("Only the quality review board approves an action plan."))
        elif meaning == "reviewed":
            if not is_manager:
                raise UserError(_("Only a quality manager can justify a weak CAPA."))
            if not self.weak_capa:
                raise UserError(_("%(capa)s is not a weak CAPA: there is nothing to justify.", capa=self.name))
        elif meaning == "verified":
            if self.state != "effectiveness":
                raise UserError(_("%(capa)s is not at the effectiveness check.", capa=self.name))
            if user == self.owner_id:
                raise UserError(
                    _(
                        "Segregation of duties: %(user)s owns %(capa)s and cannot verify its effectiveness.",
                        user=user.name,
                        capa=self.name,
                    )
                )
            today = quality_today(self)
            if not self.effectiveness_due or today < self.effectiveness_due:
                raise UserError(
                    _(
                        "The effectiveness of %(capa)s is verified when its %(days)s-day window is over: on "
                        "%(due)s or later (today is %(today)s).",
                        capa=self.name,
                        days=self.effectiveness_days,
                        due=self.effectiveness_due,
                        today=today,
                    )
                )
        else:
            raise UserError(_("A CAPA is signed to approve its plan, justify a weak CAPA or verify effectiveness."))
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "approved":
            self._quality_transition(
                "approve_plan", {"plan_approved": True, "plan_approved_date": fields.Datetime.now()}
            )
        elif signature.meaning == "reviewed":
            self._quality_transition("justify_weak", {"weak_justified": True})
        elif signature.meaning == "verified":
            self._record_effectiveness_check(signature)
        return super()._quality_on_signed(signature)

    def action_justify_weak(self):
        self.ensure_one()
        return self.with_context(
            quality_sign_meaning="reviewed", quality_sign_comment_required=True
        ).action_quality_sign()

    def _quality_sign(self, meaning, password, comment=False):
        if meaning == "reviewed" and not (comment or "").strip():
            raise UserError(_("A weak-CAPA justification needs its reason in the comment."))
        return super()._quality_sign(meaning, password, comment)

    # ------------------------------------------------------------------
    # Effectiveness
    # ------------------------------------------------------------------
    def _effectiveness_matches(self):
        """NCs with the same product and defect category reported after implementation, within the window."""
        self.ensure_one()
        if not self.implemented_date:
            return self.env["quality.nonconformance"]
        pairs = {(nc.product_id.id, nc.defect_category_id.id) for nc in self.nonconformance_ids if nc.product_id}
        if not pairs:
            return self.env["quality.nonconformance"]
        end = self.implemented_date + timedelta(days=self.effectiveness_days)
        candidates = (
            self.env["quality.nonconformance"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date", ">", self.implemented_date),
                    ("date", "<=", end),
                    ("product_id", "in", [p for p, _c in pairs]),
                    ("id", "not in", self.nonconformance_ids.ids),
                    ("state", "!=", "cancelled"),
                ]
            )
        )
        return candidates.filtered(lambda nc: (nc.product_id.id, nc.defect_category_id.id) in pairs)

    def _record_effectiveness_check(self, signature):
        matches = self._effectiveness_matches()
        effective = not matches
        self.env["quality.capa.check"]._quality_workflow_create(
            {
                "capa_id": self.id,
                "result": "effective" if effective else "not_effective",
                "nc_count": len(matches),
                "criterion": self.effectiveness_criterion,
                "signature_id": signature.id,
                "note": signature.comment,
            }
        )
        if effective:
            self._message_log(
                body=_("Effectiveness verified: no recurrence within %(d)s days.", d=self.effectiveness_days)
            )
        else:
            self._quality_transition(
                "not_effective", {"plan_approved": False, "weak_justified": False, "implemented_date": False}
            )
            self._message_log(
                body=_(
                    "Not effective: %(n)s nonconformance(s) with the same product and defect category (%(ncs)s). "
                    "Back to investigation.",
                    n=len(matches),
                    ncs=", ".join(matches.mapped("name")),
                )
            )

    @api.model
    def _cron_effectiveness_due(self):
        """Give the verifier one activity when the effectiveness check is due (idempotent)."""
        # Only run by its scheduled action: Odoo's ir.cron row lock keeps two runs apart (no extra lock; the
        # extra lock stays only where tests/test_cron_concurrency.py shows a double run it does not prevent).
        today = quality_today(self)
        capas = self.search([("state", "=", "effectiveness"), ("effectiveness_due", "<=", today)])
        activity_type = self.env.ref("quality_capa.mail_activity_capa_effectiveness")
        return self.env["quality.activity"]._quality_schedule_once(
            capas,
            activity_type,
            lambda capa: {
                "automated": True,
                "user_id": (capa.verifier_id or capa.owner_id).id,
                "date_deadline": capa.effectiveness_due,
                "summary": self.env._("Verify the effectiveness of %(capa)s", capa=capa.name),
            },
        )

    # ------------------------------------------------------------------
    # KPIs
    # ------------------------------------------------------------------
    @api.model
    def _kpis(self, domain=None):
        """Figures for dashboards and the management review, on CAPAs matching ``domain``."""
        capas = self.search(domain or [])
        closed = capas.filtered(lambda c: c.state == "closed")
        open_capas = capas.filtered(lambda c: c.state not in ("closed", "cancelled"))
        checks = capas.check_ids
        cycle = closed.mapped("cycle_days")
        return {
            "count": len(capas),
            "open": len(open_capas),
            "overdue": len(open_capas.filtered("is_overdue")),
            "overdue_rate": round(100.0 * len(open_capas.filtered("is_overdue")) / len(open_capas), 1)
            if open_capas
            else 0.0,
            "cycle_median_days": round(statistics.median(cycle), 1) if cycle else 0.0,
            "effectiveness_rate": round(
                100.0 * len(checks.filtered(lambda c: c.result == "effective")) / len(checks), 1
            )
            if checks
            else 0.0,
            "recurrence_rate": round(100.0 * len(capas.filtered("is_recurrence_source")) / len(closed), 1)
            if closed
            else 0.0,
        }

    def action_print_8d(self):
        return self.env.ref("quality_capa.action_report_quality_capa").report_action(self)
