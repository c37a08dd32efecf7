from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# Fields deciding which assignment stands for its employee x requirement pair in the training matrix.
MATRIX_KEYS = {"employee_id", "requirement_id", "revision_id", "state", "completion_date", "expiry_date"}
# The status and the completion evidence: written only by the workflow (acknowledgement signature,
# certification, classroom session, Cancel, crons), with the acting user's rights, never by a plain write.
WORKFLOW_FIELDS = frozenset(
    {
        "state",
        "revision_id",
        "completion_date",
        "expiry_date",
        "completion_method",
        "signature_id",
        "user_input_id",
        "score",
        "session_id",
        "cancel_reason",
        "is_matrix_row",
        "import_line_id",
        "import_id",
    }
)
# What a training record is for: given at creation, never changed (cancel it and assign anew).
FROZEN_FIELDS = frozenset({"employee_id", "requirement_id", "assigned_date", "company_id"})
QUALITY_USER = "quality_documents.group_quality_user"
QUALITY_MANAGER = "quality_documents.group_quality_manager"

ASSIGNMENT_STATES = [
    ("assigned", "Assigned"),
    ("done", "Done"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]


class QualityTrainingAssignment(models.Model):
    """One employee's training on one requirement (and, for documents, one revision)."""

    _name = "quality.training.assignment"
    _description = "Training Assignment"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "due_date, id desc"
    _check_company_auto = True
    _quality_workflow_fields = WORKFLOW_FIELDS
    # Acknowledge: the employee's own signature; complete: a signed classroom session or a passed certification
    # (the evidence checks who may); cancel: quality; expire: the daily job.
    _quality_transitions = {
        "acknowledge": {
            "from": ("assigned",),
            "to": "done",
            "group": "base.group_user",
            "meaning": "acknowledged",
            "label": "Acknowledge",
        },
        "complete": {"from": ("assigned",), "to": "done", "group": "base.group_user", "label": "Complete"},
        "cancel": {"from": ("assigned",), "to": "cancelled", "group": QUALITY_USER, "label": "Cancel Assignment"},
        "expire": {"from": ("done",), "to": "expired", "group": QUALITY_USER, "label": "Expire"},
        # Historical training: a line of an import batch, when a quality manager signs the batch.
        "import": {"from": ("assigned",), "to": "done", "group": QUALITY_MANAGER, "label": "Import"},
    }

    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, tracking=True, check_company=True, ondelete="restrict"
    )
    user_id = fields.Many2one(related="employee_id.user_id", store=True, index=True, string="Employee's User")
    department_id = fields.Many2one(related="employee_id.department_id", store=True, string="Department")
    job_id = fields.Many2one(related="employee_id.job_id", store=True, string="Job Position")
    manager_id = fields.Many2one(related="employee_id.parent_id", string="Manager")
    requirement_id = fields.Many2one(
        "quality.training.requirement",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    requirement_type = fields.Selection(related="requirement_id.requirement_type")
    document_id = fields.Many2one(related="requirement_id.document_id", store=True, string="Document")
    course_id = fields.Many2one(related="requirement_id.course_id", store=True, string="Course")
    survey_id = fields.Many2one(related="requirement_id.course_id.survey_id")
    revision_id = fields.Many2one(
        "quality.document.revision", index=True, tracking=True, readonly=True, ondelete="restrict"
    )
    revision_body = fields.Html(related="revision_id.body", string="Procedure")
    assigned_date = fields.Date(required=True, default=quality_today, readonly=True)
    due_date = fields.Date(tracking=True)
    state = fields.Selection(ASSIGNMENT_STATES, required=True, default="assigned", tracking=True, index=True)
    is_overdue = fields.Boolean("Overdue", compute="_compute_flags", search="_search_is_overdue")
    is_expiring = fields.Boolean("Expiring", compute="_compute_flags", search="_search_is_expiring")
    is_current = fields.Boolean(
        "Current Revision",
        compute="_compute_is_current",
        store=True,
        help="For documents: the assignment is for the revision in effect today.",
    )
    completion_date = fields.Date(readonly=True, tracking=True, copy=False)
    expiry_date = fields.Date(readonly=True, tracking=True, copy=False)
    completion_method = fields.Selection(
        [
            ("signature", "Acknowledged (signed)"),
            ("survey", "Certification passed"),
            ("session", "Classroom session"),
            ("import", "Imported record (signed import)"),
        ],
        readonly=True,
        copy=False,
    )
    signature_id = fields.Many2one("quality.signature", "Acknowledgement", readonly=True, copy=False)
    user_input_id = fields.Many2one("survey.user_input", "Certification Attempt", readonly=True, copy=False)
    score = fields.Float("Score (%)", readonly=True, copy=False)
    session_id = fields.Many2one("quality.training.session", "Classroom Session", readonly=True, copy=False)
    cancel_reason = fields.Char(readonly=True, copy=False)
    import_line_id = fields.Many2one(
        "quality.training.import.line", "Imported Record", readonly=True, copy=False, index="btree_not_null"
    )
    import_id = fields.Many2one(
        related="import_line_id.import_id", store=True, string="Signed Import", index="btree_not_null"
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    # The one definition of "valid training": the assignment counts for its employee and requirement on day D
    # when valid_from <= D and (no valid_until or D <= valid_until). Set only for completed training of the
    # revision the requirement asks for today; the gate, the matrix and the reports all read these two fields
    # (_valid_on_domain, _valid_on_sql, _is_valid_on).
    valid_from = fields.Date(
        compute="_compute_validity",
        store=True,
        index=True,
        help="First day this training counts (its completion), empty while it does not count.",
    )
    valid_until = fields.Date(
        compute="_compute_validity",
        store=True,
        help="Last day this training counts (its expiry); empty: no expiry, or it does not count at all.",
    )
    is_mine = fields.Boolean(compute="_compute_is_mine")
    is_matrix_row = fields.Boolean(
        "Stands in the Matrix",
        readonly=True,
        copy=False,
        help="The one assignment standing for this employee and requirement in the training matrix: among those "
        "for the current revision, a valid completion first, then an open one, then the latest.",
    )

    def init(self):
        # At most one open assignment per employee x requirement x revision, guaranteed by the database.
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS quality_training_assignment_open_uniq
               ON quality_training_assignment (employee_id, requirement_id, COALESCE(revision_id, 0))
               WHERE state = 'assigned'"""
        )
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS quality_training_assignment_pair_idx
               ON quality_training_assignment (employee_id, requirement_id)"""
        )

    @api.depends("employee_id", "requirement_id", "revision_id")
    def _compute_display_name(self):
        for rec in self:
            subject = rec.revision_id.display_name or rec.requirement_id.name or ""
            rec.display_name = f"{rec.employee_id.name or ''} – {subject}"

    @api.depends_context("uid")
    @api.depends("user_id")
    def _compute_is_mine(self):
        for rec in self:
            rec.is_mine = rec.user_id == self.env.user

    @api.depends("revision_id.state", "requirement_id.requirement_type")
    def _compute_is_current(self):
        for rec in self:
            rec.is_current = not rec.revision_id or rec.revision_id.state == "effective"

    @api.depends(
        "state",
        "completion_date",
        "expiry_date",
        "revision_id",
        "requirement_id.requirement_type",
        "requirement_id.document_id.effective_revision_id",
    )
    def _compute_validity(self):
        for rec in self:
            counts = (
                rec.state in ("done", "expired")
                and bool(rec.completion_date)
                and rec.revision_id == rec.requirement_id._target_revision()
            )
            rec.valid_from = rec.completion_date if counts else False
            rec.valid_until = rec.expiry_date if counts else False

    @api.model
    def _valid_on_domain(self, day):
        """Domain of the assignments that count on ``day`` (see valid_from)."""
        return [("valid_from", "<=", day), "|", ("valid_until", "=", False), ("valid_until", ">=", day)]

    @api.model
    def _valid_on_sql(self, alias, day):
        """The same as SQL, on the assignment table aliased ``alias`` (flush valid_from/valid_until first); never
        NULL, so that it sorts and aggregates as true or false."""
        return SQL(
            "(%(a)s.valid_from IS NOT NULL AND %(a)s.valid_from <= %(day)s"
            " AND (%(a)s.valid_until IS NULL OR %(a)s.valid_until >= %(day)s))",
            a=SQL.identifier(alias),
            day=day,
        )

    def _is_valid_on(self, day):
        """The same for this record, in memory."""
        self.ensure_one()
        return bool(self.valid_from) and self.valid_from <= day and (not self.valid_until or self.valid_until >= day)

    @api.depends("state", "due_date", "expiry_date", "requirement_id.refresher_lead_days")
    def _compute_flags(self):
        today = quality_today(self)
        for rec in self:
            rec.is_overdue = rec.state == "assigned" and bool(rec.due_date) and rec.due_date < today
            lead = timedelta(days=rec.requirement_id.refresher_lead_days or 30)
            rec.is_expiring = rec.state == "done" and bool(rec.expiry_date) and rec.expiry_date <= today + lead

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on 'Overdue': use '=' or '!=' with True or False."))
        today = quality_today(self)
        domain = [("state", "=", "assigned"), ("due_date", "!=", False), ("due_date", "<", today)]
        return domain if (operator == "=") == value else ["!", "&", "&", *domain]

    def _search_is_expiring(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on 'Expiring': use '=' or '!=' with True or False."))
        today = quality_today(self)
        self.flush_model(["state", "expiry_date", "requirement_id"])
        self.env["quality.training.requirement"].flush_model(["refresher_lead_days"])
        self.env.cr.execute(
            """SELECT a.id FROM quality_training_assignment a
               JOIN quality_training_requirement r ON r.id = a.requirement_id
               WHERE a.state = 'done' AND a.expiry_date IS NOT NULL
                 AND a.expiry_date <= %s::date + COALESCE(NULLIF(r.refresher_lead_days, 0), 30)""",
            [today],
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    # ------------------------------------------------------------------
    # Training matrix row
    # ------------------------------------------------------------------
    @api.model
    def _refresh_matrix_rows(self, pairs=None, requirement_ids=None, employee_ids=None):
        """Flag the one assignment standing for each employee x requirement pair in the training matrix.

        The rule: an assignment counts when it is not cancelled, for the requirement's current revision (or a
        course), of an active employee and an active requirement; among those of a pair, a valid completion
        first, then an open one, then the latest. ``pairs``: (employee id, requirement id) tuples;
        ``requirement_ids`` / ``employee_ids``: every pair of these; none: every pair. One UPDATE whatever the
        number of pairs; only rows whose flag changes are written. The matrix (an SQL view) reads the flagged
        rows alone, without sorting or joining.
        """
        scope = self._matrix_scope_sql(pairs, requirement_ids, employee_ids)
        if scope is None:
            return
        self.flush_model(
            ["employee_id", "requirement_id", "revision_id", "state", "valid_from", "valid_until", "is_matrix_row"]
        )
        self.env["quality.training.requirement"].flush_model(["document_id", "active"])
        self.env["quality.document"].flush_model(["effective_revision_id"])
        self.env["hr.employee"].flush_model(["active"])
        # Every row of a pair shares its employee and requirement, so the scope takes whole pairs.
        self.env.cr.execute(
            SQL(
                """
                WITH eligible AS (
                    SELECT a.id, a.employee_id, a.requirement_id, a.is_matrix_row,
                           (a.state != 'cancelled' AND e.active AND r.active
                            AND (a.revision_id IS NULL OR a.revision_id = d.effective_revision_id)) AS counts,
                           %(valid)s AS valid,
                           a.state = 'assigned' AS open
                      FROM quality_training_assignment a
                      JOIN hr_employee e ON e.id = a.employee_id
                      JOIN quality_training_requirement r ON r.id = a.requirement_id
                 LEFT JOIN quality_document d ON d.id = r.document_id
                     WHERE %(scope)s
                ),
                ranked AS (
                    SELECT id, is_matrix_row,
                           counts AND row_number() OVER (
                               PARTITION BY employee_id, requirement_id
                               ORDER BY counts DESC, valid DESC, open DESC, id DESC
                           ) = 1 AS flag
                      FROM eligible
                )
                UPDATE quality_training_assignment a
                   SET is_matrix_row = ranked.flag
                  FROM ranked
                 WHERE a.id = ranked.id AND ranked.is_matrix_row IS DISTINCT FROM ranked.flag
                """,
                scope=scope,
                valid=self._valid_on_sql("a", quality_today(self)),
            )
        )
        self.invalidate_model(["is_matrix_row"])

    @api.model
    def _matrix_scope_sql(self, pairs=None, requirement_ids=None, employee_ids=None):
        """The WHERE clause (on assignment ``a``) of _refresh_matrix_rows' scope; None: nothing to refresh."""
        if pairs is not None:
            pairs = {pair for pair in pairs if all(pair)}
            if not pairs:
                return None
            employees, requirements = zip(*pairs, strict=True)
            return SQL(
                "(a.employee_id, a.requirement_id) IN (SELECT * FROM unnest(%s::int[], %s::int[]))",
                list(employees),
                list(requirements),
            )
        if requirement_ids is not None:
            return SQL("a.requirement_id = ANY(%s)", list(requirement_ids)) if requirement_ids else None
        if employee_ids is not None:
            return SQL("a.employee_id = ANY(%s)", list(employee_ids)) if employee_ids else None
        return SQL("TRUE")

    def _matrix_pairs(self):
        return {(a.employee_id.id, a.requirement_id.id) for a in self}

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._quality_in_workflow():
            # Outside the workflow only quality assigns training (by hand); the status and evidence start empty.
            self._quality_check_plain_change()
            self._quality_check_workflow_create(vals_list)
        vals_list = self._with_target_revision(vals_list)
        records = super(QualityTrainingAssignment, self._quality_workflow_context()).create(vals_list)
        records = records.with_env(self.env)
        self._refresh_matrix_rows(pairs=records._matrix_pairs())
        return records

    @api.model
    def _with_target_revision(self, vals_list):
        """The values, each with the revision its requirement asks for today unless one is given."""
        requirements = self.env["quality.training.requirement"].browse(
            {vals["requirement_id"] for vals in vals_list if vals.get("requirement_id")}
        )
        targets = {req.id: req._target_revision().id for req in requirements.sudo()}
        return [
            dict(vals, revision_id=targets.get(vals.get("requirement_id")) or False)
            if "revision_id" not in vals
            else vals
            for vals in vals_list
        ]

    # ------------------------------------------------------------------
    # Fan-out: thousands of new open assignments at once
    # ------------------------------------------------------------------
    @api.model
    def _quality_fanout_create(self, vals_list):
        """What ``create`` does for many new open assignments, in one INSERT per requirement (the fan-out).

        ``vals_list``: values for ``create`` (employee, requirement, dates, company). The defaults, the revision
        and every stored computed field come from their one definition: computed once per requirement on an
        in-memory record, the employee's related fields read from the employee's row. As ``create`` in the
        workflow with the caller's rights (access rights and record rules checked), without creation message,
        follower or tracking row (mail_create_nolog, mail_create_nosubscribe, tracking_disable: nothing is
        logged for thousands of rows at once); the employee's to-do activity and the matrix flags as ``create``.
        """
        if not vals_list:
            return self.browse()
        self.check_access("create")
        groups = defaultdict(list)
        for vals in self._with_target_revision(vals_list):
            groups[tuple(sorted((k, v) for k, v in vals.items() if k != "employee_id"))].append(vals["employee_id"])
        ids = []
        for template, employee_ids in groups.items():
            ids += self._quality_fanout_insert(dict(template), employee_ids)
        records = self.browse(ids)
        names = [name for name, field in self._fields.items() if field.store and field.column_type]
        with self.env.protecting([self._fields[name] for name in names], records):
            records.modified(names, create=True)
        records._validate_fields(names)
        records.check_access("create")
        self._refresh_matrix_rows(pairs=records._matrix_pairs())
        records._schedule_todo_activities()  # quality_training_assignment_todo.py: create's other side effect
        return records

    def _quality_fanout_insert(self, template, employee_ids):
        """Insert one assignment per employee with ``template``'s values; return their ids (one query)."""
        employee_fields = {}  # assignment field: the employee's field it relates
        constants = {}
        sample = None
        for name, field in self._fields.items():
            if not (field.store and field.column_type) or name in models.LOG_ACCESS_COLUMNS or name == "id":
                continue
            if any(dep.split(".")[0] == "employee_id" for dep in self.pool.field_depends.get(field, ())):
                # Differs per employee: only a field related to one of the employee's columns is read in SQL.
                path = (field.related or "").split(".")
                if len(path) != 2 or not self.env["hr.employee"]._fields[path[1]].column_type:
                    raise NotImplementedError(f"fan-out: {name} depends on the employee, add it here")
                employee_fields[name] = path[1]
                continue
            if sample is None:
                defaults = self.default_get([n for n, f in self._fields.items() if f.store and n not in template])
                sample = self.new(dict(defaults, **template, employee_id=employee_ids[0]))
            if name != "employee_id":
                value = field.convert_to_write(sample[name], sample)
                constants[name] = field.convert_to_column_insert(value, self)
        # A new open assignment of the current revision normally stands in the matrix: it starts flagged, and
        # _refresh_matrix_rows (the one rule) confirms it, so the fresh rows are not updated at once (an UPDATE
        # of rows inserted in the same transaction re-runs every foreign-key check).
        constants["is_matrix_row"] = True
        Employee = self.env["hr.employee"]
        Employee.flush_model(list(employee_fields.values()))
        self.env.cr.execute(
            SQL(
                """INSERT INTO %(table)s (%(columns)s, employee_id, %(related)s,
                                          create_uid, create_date, write_uid, write_date)
                   SELECT %(values)s, e.id, %(employee_values)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM %(employees)s e WHERE e.id = ANY(%(ids)s) ORDER BY e.id
                RETURNING id""",
                table=SQL.identifier(self._table),
                columns=SQL(", ").join(SQL.identifier(name) for name in constants),
                related=SQL(", ").join(SQL.identifier(name) for name in employee_fields),
                values=SQL(", ").join(SQL("%s", value) for value in constants.values()),
                employee_values=SQL(", ").join(SQL.identifier("e", name) for name in employee_fields.values()),
                uid=self.env.uid,
                now=self.env.cr.now(),
                employees=SQL.identifier(Employee._table),
                ids=list(employee_ids),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def write(self, vals):
        if not self._quality_in_workflow():
            if WORKFLOW_FIELDS.intersection(vals) or FROZEN_FIELDS.intersection(vals):
                self._quality_refuse_workflow_write(sorted((WORKFLOW_FIELDS | FROZEN_FIELDS).intersection(vals)))
            if set(vals) - {"message_main_attachment_id"}:
                self._quality_check_plain_change()
        if not MATRIX_KEYS.intersection(vals):
            return super().write(vals)
        before = self._matrix_pairs()
        res = super().write(vals)
        self._refresh_matrix_rows(pairs=before | self._matrix_pairs())
        return res

    def _quality_check_plain_change(self):
        """Employees may write their own training only through its workflow (the acknowledgement signature)."""
        if not self.env.su and not self.env.user.has_group(QUALITY_USER):
            raise AccessError(
                _(
                    "Only quality users assign or change training records; acknowledge your own training "
                    "with your electronic signature."
                )
            )

    def _quality_refuse_workflow_write(self, names=()):
        raise UserError(
            _(
                "A training record is completed only by its evidence (acknowledgement signature, certification "
                "or classroom session) and ended only by Cancel. To change whom or what it is for, cancel it "
                "and assign anew. (%(fields)s cannot be written.)",
                fields=", ".join(self._fields[name].string for name in names if name in self._fields),
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_completed(self):
        if self.filtered(lambda a: a.state in ("done", "expired") or a.signature_id):
            raise UserError(_("Completed training is a quality record: it cannot be deleted. Cancel it instead."))

    def unlink(self):
        """The matrix rows of the deleted assignments are refreshed (the deletion rule is ``_unlink_except_completed``)."""
        pairs = self._matrix_pairs()
        res = super().unlink()
        self._refresh_matrix_rows(pairs=pairs)
        return res

    # ------------------------------------------------------------------
    # Completion
    # ------------------------------------------------------------------
    def _completion_values(self, completion_date=None):
        self.ensure_one()
        completion_date = completion_date or quality_today(self)
        months = self.requirement_id.validity_months
        return {
            "state": "done",
            "completion_date": completion_date,
            "expiry_date": completion_date + relativedelta(months=months) if months else False,
        }

    def _mark_done(self, completion_date=None, transition="complete", **evidence):
        """Complete these open assignments with the evidence given (signature_id, user_input_id, score, session_id).

        Written with the acting user's rights: the employee for their own acknowledgement, the trainer for the
        attendees of the session they sign (record rules), quality users and the jobs for the rest."""
        for rec in self:
            if rec.state != "assigned":
                raise UserError(
                    _("%(assignment)s is not open (status: %(state)s).", assignment=rec.display_name, state=rec.state)
                )
            values = dict(rec._completion_values(completion_date), **evidence)
            values.pop("state")
            rec._quality_transition(transition, values)
        return True

    def _quality_signature_fields(self):
        return ["employee_id", "requirement_id", "revision_id", "due_date"]

    def _quality_check_can_sign(self, meaning):
        if meaning != "acknowledged":
            raise UserError(_("A training assignment is signed only to acknowledge it (read and understood)."))
        if self.state != "assigned":
            raise UserError(_("%(assignment)s is not open: nothing to acknowledge.", assignment=self.display_name))
        if self.employee_id.user_id != self.env.user:
            raise UserError(
                _(
                    "Only %(employee)s can acknowledge their own training. Record a classroom session to train others.",
                    employee=self.employee_id.name,
                )
            )
        if self.requirement_type != "document":
            raise UserError(
                _("%(req)s is a course: pass its certification or attend a session.", req=self.requirement_id.name)
            )
        if self.revision_id.state != "effective":
            raise UserError(
                _(
                    "%(rev)s is no longer effective: acknowledge the current revision instead.",
                    rev=self.revision_id.display_name,
                )
            )
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "acknowledged":
            self._mark_done(transition="acknowledge", signature_id=signature.id, completion_method="signature")
        return super()._quality_on_signed(signature)

    @api.model
    def _valid_assignments(self, employees, requirements):
        """Assignments that count today (valid_from): done, unexpired, for the current revision (one search)."""
        return self.sudo().search(
            [("employee_id", "in", employees.ids), ("requirement_id", "in", requirements.ids)]
            + self._valid_on_domain(quality_today(self))
        )

    # ------------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------------
    @api.model
    def _cron_refresher_and_expiry(self):
        """Mark lapsed completions expired and assign refreshers before expiry (idempotent, batched)."""
        # Extra lock kept: two runs outside ir.cron's row lock (its server action run directly) would create
        # everything twice (tests/test_cron_concurrency.py).
        if not self.env["quality.cron"]._quality_cron_lock("quality.training.assignment._cron_refresher_and_expiry"):
            return self.sudo().browse()
        today = quality_today(self)
        Assignment = self.sudo()
        lapsed = Assignment.search([("state", "=", "done"), ("expiry_date", "!=", False), ("expiry_date", "<", today)])
        lapsed._quality_transition("expire")
        expiring = Assignment.search(
            [("state", "in", ("done", "expired")), ("expiry_date", "!=", False), ("requirement_id.active", "=", True)]
        ).filtered(lambda a: a.expiry_date - timedelta(days=a.requirement_id.refresher_lead_days) <= today)
        if not expiring:
            return Assignment
        newer = Assignment.search(
            [
                ("employee_id", "in", expiring.employee_id.ids),
                ("requirement_id", "in", expiring.requirement_id.ids),
                ("state", "in", ("assigned", "done")),
            ]
        )
        to_create = []
        seen = set()
        for old in expiring:
            req = old.requirement_id
            if not req._is_assignable() or not old.employee_id.active:
                continue
            revision = req._target_revision()
            key = (old.employee_id.id, req.id, revision.id)
            covered = newer.filtered(
                lambda a, o=old, r=revision: (
                    a.employee_id == o.employee_id
                    and a.requirement_id == o.requirement_id
                    and a.revision_id == r
                    and (a.state == "assigned" or a.completion_date > o.completion_date)
                )
            )
            if covered or key in seen:
                continue
            seen.add(key)
            to_create.append(
                {
                    "employee_id": old.employee_id.id,
                    "requirement_id": req.id,
                    "revision_id": revision.id,
                    "assigned_date": today,
                    "due_date": max(old.expiry_date, today),
                    "company_id": old.company_id.id,
                }
            )
        return Assignment._quality_workflow_create(to_create)

    @api.model
    def _cron_overdue_activities(self):
        """One activity per overdue employee, for their manager (idempotent)."""
        # Extra lock kept: two runs outside ir.cron's row lock (its server action run directly) would create
        # everything twice (tests/test_cron_concurrency.py).
        if not self.env["quality.cron"]._quality_cron_lock("quality.training.assignment._cron_overdue_activities"):
            return self.env["mail.activity"]
        overdue = self.sudo().search([("is_overdue", "=", True), ("employee_id.active", "=", True)])
        employees = overdue.employee_id.filtered(lambda e: e.parent_id.user_id or e.coach_id.user_id)
        if not employees:
            return self.env["mail.activity"]
        activity_type = self.env.ref("quality_training.mail_activity_training_overdue")
        return self.env["quality.activity"]._quality_schedule_once(
            employees.sudo(),
            activity_type,
            lambda employee: {
                "user_id": (employee.parent_id.user_id or employee.coach_id.user_id).id,
                "date_deadline": quality_today(self),
                "summary": self.env._("Overdue training: %(name)s", name=employee.name),
                "note": "<br/>".join(
                    self.env._("%(req)s (due %(date)s)", req=a.requirement_id.name, date=a.due_date)
                    for a in overdue.filtered(lambda a, e=employee: a.employee_id == e)
                ),
            },
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cancel(self):
        self._quality_check_transition_group("cancel")
        self.filtered(lambda a: a.state == "assigned")._quality_transition(
            "cancel", {"cancel_reason": _("Cancelled by %(user)s.", user=self.env.user.name)}
        )
        return True

    def action_open_survey(self):
        self.ensure_one()
        if not self.survey_id:
            raise UserError(_("%(req)s has no certification survey.", req=self.requirement_id.name))
        return {
            "type": "ir.actions.act_url",
            "url": self.survey_id.get_start_url(),
            "target": "self",
        }
