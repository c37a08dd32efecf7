from collections import Counter, defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_day_start, quality_today
from odoo.addons.quality_documents.models.quality_sequence import quality_sequence_names
from odoo.exceptions import UserError, ValidationError

QUALITY_MANAGER = "quality_documents.group_quality_manager"


class QualityManagementReview(models.Model):
    """Management review (ISO 9001 9.3): inputs gathered from the whole QMS, decisions, minutes, chair signature."""

    _name = "quality.management.review"
    _description = "Management Review"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "date_to desc, id desc"
    # The status, and the figures gathered from the QMS (a snapshot, never typed in).
    _quality_workflow_fields = frozenset(
        {
            "state",
            "inputs_gathered_at",
            "nc_count",
            "capa_opened_count",
            "capa_closed_count",
            "capa_open_count",
            "capa_overdue_count",
            "capa_cycle_days",
            "capa_effective_rate",
            "capa_recurrence_rate",
            "nc_recurrence_count",
            "training_compliance",
            "audit_count",
            "finding_major_count",
            "finding_minor_count",
            "finding_open_count",
            "vendors_at_risk_count",
            "supplier_status_change_count",
            "documents_overdue_count",
            "input_ids",
        }
    )
    _quality_locked_states = frozenset({"done"})  # a change needs a reason (quality.workflow.mixin)
    _quality_undeletable_states = frozenset({"done"})  # signed minutes are kept for good (and any signed review)
    _quality_transitions = {
        "gather_inputs": {
            "from": ("draft", "in_review"),
            "to": "in_review",
            "group": QUALITY_MANAGER,
            "label": "Gather Inputs",
        },
        "sign": {
            "from": ("in_review",),
            "to": "done",
            "group": QUALITY_MANAGER,
            "meaning": "approved",
            "label": "Sign Minutes",
        },
        "cancel": {"from": ("draft", "in_review"), "to": "cancelled", "group": QUALITY_MANAGER, "label": "Cancel"},
        "draft": {"from": ("cancelled",), "to": "draft", "group": QUALITY_MANAGER, "label": "Reset to Draft"},
    }
    _check_company_auto = True

    name = fields.Char("Reference", required=True, copy=False, readonly=True, default="/", tracking=True)
    title = fields.Char(required=True, tracking=True)
    date_from = fields.Date("Period From", required=True, tracking=True)
    date_to = fields.Date("Period To", required=True, tracking=True)
    meeting_date = fields.Date(default=quality_today, tracking=True)
    chair_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user, tracking=True)
    attendee_ids = fields.Many2many("res.users", string="Attendees")
    state = fields.Selection(
        [("draft", "Draft"), ("in_review", "In Review"), ("done", "Signed"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    inputs_gathered_at = fields.Datetime(readonly=True, copy=False)
    # Key figures (snapshot taken by "Gather inputs")
    nc_count = fields.Integer("Nonconformances Reported", readonly=True, copy=False)
    capa_opened_count = fields.Integer("CAPAs Opened", readonly=True, copy=False)
    capa_closed_count = fields.Integer("CAPAs Closed", readonly=True, copy=False)
    capa_open_count = fields.Integer("CAPAs Open at Period End", readonly=True, copy=False)
    capa_overdue_count = fields.Integer("CAPAs Overdue", readonly=True, copy=False)
    capa_cycle_days = fields.Float("CAPA Median Cycle Time (days)", readonly=True, copy=False, digits=(16, 1))
    capa_effective_rate = fields.Float("CAPA Effectiveness (%)", readonly=True, copy=False, digits=(16, 1))
    capa_recurrence_rate = fields.Float("CAPA Recurrence (%)", readonly=True, copy=False, digits=(16, 1))
    nc_recurrence_count = fields.Integer(
        "Recurring Nonconformances",
        readonly=True,
        copy=False,
        help="Nonconformances of the period flagged as a recurrence of a closed CAPA's problem.",
    )
    training_compliance = fields.Float("Training Compliance (%)", readonly=True, copy=False, digits=(16, 1))
    audit_count = fields.Integer("Audits Closed", readonly=True, copy=False)
    finding_major_count = fields.Integer("Major Findings", readonly=True, copy=False)
    finding_minor_count = fields.Integer("Minor Findings", readonly=True, copy=False)
    finding_open_count = fields.Integer("Open Findings", readonly=True, copy=False)
    vendors_at_risk_count = fields.Integer("Vendors at Risk", readonly=True, copy=False)
    supplier_status_change_count = fields.Integer("Supplier Status Changes", readonly=True, copy=False)
    documents_overdue_count = fields.Integer("Documents Overdue for Review", readonly=True, copy=False)
    input_ids = fields.One2many("quality.management.review.input", "review_id", "Inputs", copy=False)
    action_ids = fields.One2many("quality.management.review.action", "review_id", "Decisions and Actions")
    minutes = fields.Html(tracking=False)
    conclusion = fields.Text(tracking=True, help="Suitability, adequacy and effectiveness of the QMS (ISO 9001 9.3.3).")

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for review in self:
            if review.date_from > review.date_to:
                raise ValidationError(_("The review period must end after it starts."))

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(quality_sequence_names(self, vals_list, "quality.management.review"))

    def _quality_is_undeletable(self):
        return super()._quality_is_undeletable() or bool(self.quality_signature_ids)

    # ------------------------------------------------------------------
    # KPI helpers (shared with the overview tiles)
    # ------------------------------------------------------------------
    @api.model
    def _quality_capa_overdue_domain(self):
        return [("state", "not in", ("closed", "cancelled")), ("is_overdue", "=", True)]

    @api.model
    def _quality_training_compliance(self, companies, at_date=None, by_department=False, as_user=False):
        """Percentage of the training matrix's pairs (employee x requirement) holding a training valid at a date.

        The pairs are the matrix's rows and "valid" is the assignment's one definition (``_valid_on_domain``):
        today, this is the matrix's own compliance; at an earlier date, what was valid on that day (a training
        completed later does not count yet, one expired since still counts). ``as_user``: only the rows the
        current user may read in the matrix (an employee: their own); otherwise all of the companies'."""
        at_date = at_date or quality_today(self)
        self.env.flush_all()  # the matrix is an SQL view over assignments, employees and documents
        Matrix = self.env["quality.training.matrix"]
        if not as_user:
            Matrix = Matrix.sudo()
        rows = Matrix._read_group(
            [("company_id", "in", companies.ids)], ["department_id", "employee_id", "requirement_id"]
        )
        Assignment = self.env["quality.training.assignment"].sudo()
        valid_pairs = set(
            Assignment._read_group(
                [("company_id", "in", companies.ids), *Assignment._valid_on_domain(at_date)],
                ["employee_id", "requirement_id"],
            )
        )
        totals, valid = Counter(), Counter()
        for department, employee, requirement in rows:
            key = department.with_env(self.env) if by_department else True
            totals[key] += 1
            if (employee, requirement) in valid_pairs:
                valid[key] += 1
        if by_department:
            return {key: (valid[key], totals[key]) for key in totals}
        return 100.0 * valid[True] / totals[True] if totals[True] else None

    def _period_domain(self, fname, date_fields=False):
        self.ensure_one()
        if date_fields:
            return [(fname, ">=", self.date_from), (fname, "<=", self.date_to)]
        # The period's days are days of the company's quality calendar.
        start = quality_day_start(self, self.date_from)
        end = quality_day_start(self, self.date_to + timedelta(days=1))
        return [(fname, ">=", start), (fname, "<", end)]

    # ------------------------------------------------------------------
    # Gathering the inputs
    # ------------------------------------------------------------------
    def action_gather_inputs(self):
        self._quality_check_transition_group("gather_inputs")
        for review in self:
            if review.state in ("done", "cancelled"):
                raise UserError(
                    _("Review %(review)s is signed or cancelled: its inputs are frozen.", review=review.name)
                )
            vals, lines = review._quality_compute_inputs()
            for seq, line in enumerate(lines, start=1):
                line["sequence"] = seq
            vals.update(
                {
                    "input_ids": [fields.Command.clear()] + [fields.Command.create(line) for line in lines],
                    "inputs_gathered_at": fields.Datetime.now(),
                }
            )
            review._quality_transition("gather_inputs", vals)
        return True

    def _quality_compute_inputs(self):
        """Return (figures, input lines) for the period and company of this review."""
        self.ensure_one()
        vals, lines = {}, []
        for method in (
            self._inputs_capa,
            self._inputs_nonconformance,
            self._inputs_training,
            self._inputs_supplier,
            self._inputs_audit,
            self._inputs_documents,
        ):
            method(vals, lines)
        return vals, lines

    def _inputs_capa(self, vals, lines):
        """CAPA KPIs (quality_capa's ``_kpis``): CAPAs opened in the period, and all open ones today."""
        Capa = self.env["quality.capa"]
        company = [("company_id", "=", self.company_id.id)]
        period = Capa._kpis(company + self._period_domain("create_date"))
        current = Capa._kpis(company + [("state", "not in", ("closed", "cancelled"))])
        closed = Capa.search_count(company + [("state", "=", "closed")] + self._period_domain("closed_date"))
        vals.update(
            {
                "capa_opened_count": period["count"],
                "capa_closed_count": closed,
                "capa_open_count": current["open"],
                "capa_overdue_count": current["overdue"],
                "capa_cycle_days": period["cycle_median_days"],
                "capa_effective_rate": period["effectiveness_rate"],
                "capa_recurrence_rate": period["recurrence_rate"],
            }
        )
        opened = Capa.search(company + self._period_domain("create_date"))
        labels = dict(Capa._fields["origin"]._description_selection(self.env))
        for origin, count in Counter(opened.mapped("origin")).most_common():
            lines.append(
                {
                    "category": "capa",
                    "name": _("CAPAs opened from %(origin)s", origin=labels.get(origin, origin)),
                    "value": count,
                }
            )

    def _inputs_nonconformance(self, vals, lines):
        NC = self.env["quality.nonconformance"]
        ncs = NC.search([("company_id", "=", self.company_id.id)] + self._period_domain("date"))
        vals["nc_count"] = len(ncs)
        vals["nc_recurrence_count"] = len(ncs.filtered("is_recurrence"))
        uncategorised = _("Uncategorised")
        pareto = Counter(ncs.mapped(lambda n: n.defect_category_id.display_name or uncategorised))
        total, cumulative = len(ncs), 0
        for category, count in sorted(pareto.items(), key=lambda item: (-item[1], item[0])):
            cumulative += count
            lines.append(
                {
                    "category": "nc_pareto",
                    "name": category,
                    "value": count,
                    "note": _("%(share).0f %% cumulative", share=100.0 * cumulative / total),
                }
            )

    def _inputs_training(self, vals, lines):
        rate = self._quality_training_compliance(self.company_id, self.date_to)
        if rate is None:
            return
        vals["training_compliance"] = rate
        by_dept = self._quality_training_compliance(self.company_id, self.date_to, by_department=True)
        for department, (valid, total) in sorted(by_dept.items(), key=lambda item: item[0].display_name or ""):
            lines.append(
                {
                    "category": "training",
                    "name": department.display_name or _("No department"),
                    "value": 100.0 * valid / total,
                    "note": _("%(valid)s of %(total)s valid", valid=valid, total=total),
                }
            )

    def _inputs_supplier(self, vals, lines):
        Qual = self.env["quality.supplier.qualification"]
        company = [("company_id", "=", self.company_id.id)]
        at_risk = Qual.search(company + [("state", "in", ("conditional", "probation"))])
        vals["vendors_at_risk_count"] = len(at_risk)
        for qual in at_risk:
            lines.append(
                {
                    "category": "supplier",
                    "name": qual.partner_id.display_name,
                    "value": 0,
                    "note": dict(Qual._fields["state"]._description_selection(self.env)).get(qual.state),
                }
            )
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("field_id", "=", self.env["ir.model.fields"]._get(Qual._name, "state").id),
                    ("mail_message_id.model", "=", Qual._name),
                    ("mail_message_id.res_id", "in", Qual.with_context(active_test=False).search(company).ids),
                ]
                + self._period_domain("create_date")
            )
        )
        vals["supplier_status_change_count"] = len(trackings)
        scorecards = self.env["quality.supplier.scorecard"]._read_group(
            company + self._period_domain("month", date_fields=True),
            ["partner_id"],
            ["score:avg", "ppm:avg", "ontime_rate:avg"],
        )
        for vendor, score, ppm, ontime in sorted(scorecards, key=lambda row: (row[1] or 0.0, row[0].display_name)):
            lines.append(
                {
                    "category": "scorecard",
                    "name": vendor.display_name,
                    "value": score or 0.0,
                    "note": _("%(ppm).0f PPM, %(ontime).0f %% on time", ppm=ppm or 0.0, ontime=ontime or 0.0),
                }
            )

    def _inputs_audit(self, vals, lines):
        company = [("company_id", "=", self.company_id.id)]
        audits = self.env["quality.audit"].search(
            company + [("state", "=", "closed")] + self._period_domain("actual_date_end", date_fields=True)
        )
        findings = audits.finding_ids
        vals.update(
            {
                "audit_count": len(audits),
                "finding_major_count": len(findings.filtered(lambda f: f.severity == "major")),
                "finding_minor_count": len(findings.filtered(lambda f: f.severity == "minor")),
                "finding_open_count": self.env["quality.audit.finding"].search_count(
                    company + [("state", "=", "open")]
                ),
            }
        )
        for audit in audits:
            note = ", ".join(
                f"{count} {label}"
                for label, count in Counter(
                    audit.finding_ids.mapped(
                        lambda f: dict(f._fields["severity"]._description_selection(self.env))[f.severity]
                    )
                ).items()
            )
            lines.append(
                {
                    "category": "audit",
                    "name": audit.display_name,
                    "value": len(audit.finding_ids),
                    "note": note or _("No finding"),
                }
            )

    def _inputs_documents(self, vals, lines):
        docs = self.env["quality.document"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("next_review_date", "!=", False),
                ("next_review_date", "<", self.date_to),
            ]
        )
        vals["documents_overdue_count"] = len(docs)
        for doc in docs:
            lines.append(
                {
                    "category": "document",
                    "name": doc.display_name,
                    "value": (self.date_to - doc.next_review_date).days,
                    "note": _("review due %(date)s", date=doc.next_review_date),
                }
            )

    # ------------------------------------------------------------------
    # Signature by the chair
    # ------------------------------------------------------------------
    def _quality_signature_fields(self):
        return [
            "name",
            "title",
            "date_from",
            "date_to",
            "chair_id",
            "attendee_ids",
            ("input_ids", ["category", "name", "value", "note"]),
            # Decided actions by their content; their progress (state, CAPA) comes after the review.
            ("action_ids", ["kind", "category", "name", "owner_id", "due_date"]),
            "minutes",
            "conclusion",
        ]

    def _quality_check_can_sign(self, meaning):
        self.ensure_one()
        if meaning != "approved":
            raise UserError(_("A management review is signed by its chair with the meaning “approved”."))
        if self.env.user != self.chair_id:
            raise UserError(
                _(
                    "Only the chair, %(chair)s, may sign the minutes of %(review)s.",
                    chair=self.chair_id.name,
                    review=self.name,
                )
            )
        if self.state != "in_review":
            raise UserError(_("Gather the inputs of %(review)s before signing its minutes.", review=self.name))
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "approved":
            self._quality_transition("sign")
        return super()._quality_on_signed(signature)

    def action_cancel(self):
        if any(review.state == "done" for review in self):
            raise UserError(_("A signed management review cannot be cancelled."))
        return self._quality_transition("cancel")

    def action_draft(self):
        return self._quality_transition("draft")

    def _quality_input_lines(self, category):
        return self.input_ids.filtered(lambda line: line.category == category)

    def _quality_grouped_inputs(self):
        grouped = defaultdict(list)
        for line in self.input_ids:
            grouped[line.category].append(line)
        return grouped
