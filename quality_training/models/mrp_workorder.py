"""The training gate: a work order reaches `progress` or `done` only for a user trained for it.

The gate guards the state, not a button: ``button_start``, ``button_finish``, ``button_done``, a write or
a create of ``state``, a time log created for the work order (``mrp.workcenter.productivity``) and the
manufacturing order's ``button_mark_done`` all run it (and, for a manufacturing order without work
orders, ``mrp.production`` runs it on the product's and BoM's procedures). The operator checked is the
user doing it (their employee in the work order's company).

It is opt-in: it asks only what the active requirements linked to the operation, the work center or the
product's procedures ask, so a database without such requirements blocks nothing. A company may run it
in *warn only* mode: the refusal is posted on the manufacturing order with an activity, and the work
goes on.
"""

from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

GATE_DONE = "quality_training_gate_checked"
# The value marking "already gated in this call" is a Python object: a context sent over RPC (JSON)
# can never carry it, so no client can skip the gate by passing a context key.
GATE_CHECKED = object()
# States a work order reaches only through the gate.
GATED_STATES = ("progress", "done")
# Fields deciding which requirements apply to a work order.
SCOPE_FIELDS = {"operation_id", "workcenter_id", "production_id", "product_id"}


def gate_checked(env):
    return env.context.get(GATE_DONE) is GATE_CHECKED


def covered_key(requirement):
    """What an override waives for one requirement: the requirement and the revision it asks for."""
    return f"{requirement.id}:{requirement._target_revision().id or 0}"


# ----------------------------------------------------------------------
# The gate, shared by work orders and manufacturing orders
# ----------------------------------------------------------------------


def _m2m_relation(model, name):
    """Table, own column and other column of the many2many ``name`` of ``model``, as SQL identifiers."""
    field = model._fields[name]
    return SQL.identifier(field.relation), SQL.identifier(field.column1), SQL.identifier(field.column2)


def _m2m_linked(model, name, owner, wo_column):
    """SQL: ``owner`` (a row of ``model``) is linked through ``name`` to a subject of the ``wo`` CTE."""
    table, own, other = _m2m_relation(model, name)
    return SQL(
        "EXISTS (SELECT 1 FROM %s x JOIN wo ON wo.%s = x.%s WHERE x.%s = %s)",
        table,
        SQL.identifier(wo_column),
        other,
        own,
        owner,
    )


class QualityTrainingGate:
    """Mixed into mrp.workorder and mrp.production (plain Python: not a model of its own).

    A gated model provides ``_quality_training_subjects`` ({record: (company, products, operations,
    work centers)}), ``_quality_training_cte`` (the same as SQL rows), ``_quality_training_override_field``,
    ``_quality_training_refusal_action`` and ``_quality_training_keep_instead`` (what to do instead of deleting
    a record that a signed override refers to).
    """

    __slots__ = ()  # Odoo rebuilds model classes: a base without slots would change their layout

    def _quality_training_requirements(self):
        """{record id: requirements} tied to its operations, work centers or its product's procedures.

        One search on requirements whatever their number (documents matched in a sub-query).
        """
        Requirement = self.env["quality.training.requirement"].sudo()
        result = defaultdict(Requirement.browse)
        subjects = {
            record: subject
            for record, subject in self._quality_training_subjects().items()
            # The rollout report reads what the gate would ask where it is still off (never less strict).
            if subject[0].quality_training_gate or self.env.context.get("quality_training_rollout")
        }
        if not subjects:
            return result
        requirements = self._quality_training_candidate_requirements(subjects)
        for record, (company, product, ops, wcs) in subjects.items():
            for req in requirements:
                if req.company_id == company and self._quality_training_requirement_applies(req, product, ops, wcs):
                    result[record.id] |= req
        return result

    def _quality_training_candidate_requirements(self, subjects):
        """The active, assignable requirements that may apply to these subjects: one search, what the matching
        reads fetched once (constant query count)."""
        Requirement = self.env["quality.training.requirement"].sudo()
        companies = self.env["res.company"].union(*(s[0] for s in subjects.values()))
        products = self.env["product.product"].union(*(s[1] for s in subjects.values()))
        operations = self.env["mrp.routing.workcenter"].union(*(s[2] for s in subjects.values()))
        workcenters = self.env["mrp.workcenter"].union(*(s[3] for s in subjects.values()))
        document_domain = self.env["quality.document"]._point_of_use_domain(
            products=products, operations=operations, workcenters=workcenters
        )
        alternatives = [[("document_id", "any", document_domain)]]
        if operations:
            alternatives.append([("operation_ids", "in", operations.ids)])
        if workcenters:
            alternatives.append([("workcenter_ids", "in", workcenters.ids)])
        domain = expression.AND(
            [[("active", "=", True), ("company_id", "in", companies.ids)], expression.OR(alternatives)]
        )
        requirements = Requirement.search(domain)
        if not requirements:
            return requirements
        # Fetch what the matching reads, once for all requirements (constant query count).
        requirements.fetch(["operation_ids", "workcenter_ids", "document_id", "company_id"])
        documents = requirements.document_id
        documents.fetch(
            [
                "product_tmpl_ids",
                "product_categ_ids",
                "operation_ids",
                "workcenter_ids",
                "effective_revision_id",
                "is_obsolete",
            ]
        )
        documents.product_categ_ids.fetch(["parent_path"])
        # A document requirement without an effective revision (obsolete, not yet released) asks nothing.
        requirements = requirements.filtered(lambda r: r._is_assignable())
        return requirements

    @staticmethod
    def _quality_training_requirement_applies(req, product, ops, wcs):
        """Whether ``req`` applies to work on ``product`` at these operations and work centers."""
        doc = req.document_id
        if ops & req.operation_ids or wcs & req.workcenter_ids:
            return True
        if not doc:
            return False
        categ_path = product.categ_id.parent_path or ""
        return bool(
            product.product_tmpl_id & doc.product_tmpl_ids
            or any(categ_path.startswith(c.parent_path) for c in doc.product_categ_ids)
            or ops & doc.operation_ids
            or wcs & doc.workcenter_ids
        )

    def _quality_training_missing_keys(self, employee, requirements_by_record=None):
        """{record id: {covered key: line describing the missing training}} for this operator (one search)."""
        if requirements_by_record is None:
            requirements_by_record = self._quality_training_requirements()
        all_requirements = self.env["quality.training.requirement"].sudo()
        for requirements in requirements_by_record.values():
            all_requirements |= requirements
        if not all_requirements:
            return {}
        today = quality_today(self._quality_training_company_env())
        Assignment = self.env["quality.training.assignment"].sudo()
        assignments = Assignment.search(
            [("employee_id", "=", employee.id), ("requirement_id", "in", all_requirements.ids)]
            + expression.OR([[("state", "=", "assigned")], Assignment._valid_on_domain(today)])
        )
        valid = set()
        due = {}
        for assignment in assignments:
            req = assignment.requirement_id
            if assignment._is_valid_on(today):
                valid.add(req.id)
            elif assignment.revision_id == req._target_revision():  # open, for the revision asked for
                due[req.id] = assignment.due_date
        missing = {}
        for record_id, requirements in requirements_by_record.items():
            lines = {}
            for req in requirements.filtered(lambda r: r.id not in valid):
                subject = req.document_id.effective_revision_id.display_name if req.document_id else req.name
                if req.document_id:
                    subject = f"{req.name} ({subject})"
                if due.get(req.id):
                    lines[covered_key(req)] = _("%(training)s – due %(date)s", training=subject, date=due[req.id])
                else:
                    lines[covered_key(req)] = _("%(training)s – not assigned yet", training=subject)
            if lines:
                missing[record_id] = lines
        return missing

    def _quality_training_missing(self, employee, requirements_by_record=None):
        """{record id: [lines describing each missing training]} for this operator (one search on assignments)."""
        return {
            record_id: list(lines.values())
            for record_id, lines in self._quality_training_missing_keys(employee, requirements_by_record).items()
        }

    def _quality_training_all_valid(self, employee=None, user=None):
        """Fast path of the gate, one SQL query: True when ``employee`` holds a valid training for every
        requirement that can apply to these records.

        Given ``user`` instead of ``employee``, the employee is the one ``_quality_training_operator`` picks
        first, the user's employee in these records' company, found inside the same query; a user without one
        passes only where no requirement applies (the full check then looks for their main employee).

        It matches requirements at least as widely as ``_quality_training_requirements`` (union over the
        records, archived operations included) and counts a training valid by the assignment's one
        definition (``valid_from``/``valid_until``, as ``_quality_training_missing``); so True here means the
        full check passes, and False only sends the gate to the full check, which names what is missing.
        """
        self.env["mrp.workorder"].flush_model(["operation_id", "workcenter_id", "product_id", "production_id"])
        self.env["mrp.production"].flush_model(["product_id", "bom_id", "company_id"])
        self.env["quality.training.requirement"].flush_model()
        Assignment = self.env["quality.training.assignment"]
        Assignment.flush_model(["employee_id", "requirement_id", "valid_from", "valid_until"])
        self.env["quality.document"].flush_model()
        Requirement = self.env["quality.training.requirement"]
        Document = self.env["quality.document"]

        categ_table, categ_doc, categ_categ = _m2m_relation(Document, "product_categ_ids")
        query = SQL(
            """
            WITH wo AS (%(subjects)s)
            SELECT 1
              FROM quality_training_requirement r
         LEFT JOIN quality_document d ON d.id = r.document_id
             WHERE r.active
               AND r.company_id IN (SELECT company_id FROM wo)
               AND (r.requirement_type != 'document'
                    OR (d.effective_revision_id IS NOT NULL AND d.is_obsolete IS NOT TRUE))
               AND (%(req_operations)s OR %(req_workcenters)s
                    OR (d.id IS NOT NULL AND (
                        %(doc_products)s OR %(doc_operations)s OR %(doc_workcenters)s
                        OR EXISTS (SELECT 1 FROM %(categ_table)s x
                                     JOIN product_category pc ON pc.id = x.%(categ_categ)s
                                     JOIN wo ON starts_with(wo.categ_path, pc.parent_path)
                                    WHERE x.%(categ_doc)s = d.id))))
               AND NOT EXISTS (
                    SELECT 1 FROM quality_training_assignment a
                     WHERE a.requirement_id = r.id AND a.employee_id = (%(employee)s) AND %(valid)s)
             LIMIT 1
            """,
            subjects=self._quality_training_cte(),
            employee=SQL("%s", employee.id) if employee else self._quality_training_operator_sql(user),
            valid=Assignment._valid_on_sql("a", quality_today(self._quality_training_company_env())),
            req_operations=_m2m_linked(Requirement, "operation_ids", SQL("r.id"), "operation_id"),
            req_workcenters=_m2m_linked(Requirement, "workcenter_ids", SQL("r.id"), "workcenter_id"),
            doc_products=_m2m_linked(Document, "product_tmpl_ids", SQL("d.id"), "product_tmpl_id"),
            doc_operations=_m2m_linked(Document, "operation_ids", SQL("d.id"), "operation_id"),
            doc_workcenters=_m2m_linked(Document, "workcenter_ids", SQL("d.id"), "workcenter_id"),
            categ_table=categ_table,
            categ_doc=categ_doc,
            categ_categ=categ_categ,
        )
        self.env.cr.execute(query)
        return not self.env.cr.fetchone()

    def _quality_training_company_env(self):
        """These records read on their company's quality calendar (the company from the context: no read of the
        user's company, so the gate's query count stays the same whatever the caches hold)."""
        company = self.company_id[:1]
        return self.with_company(company) if company else self

    def _quality_training_operator(self, user=None):
        """The user's employee in these records' company (else their main employee); one query."""
        user = user or self.env.user
        employee = (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id", "=", user.id), ("company_id", "in", self.company_id.ids)], order="name, id", limit=1)
        )
        return employee or user.sudo().employee_id

    def _quality_training_operator_sql(self, user):
        """SQL: the id of the employee ``_quality_training_operator`` picks first for ``user`` (their employee in
        these records' company), NULL when they have none there."""
        Employee = self.env["hr.employee"]
        Employee.flush_model(["user_id", "company_id", "active", "name"])
        return SQL(
            "SELECT e.id FROM hr_employee e WHERE e.active AND e.user_id = %s AND e.company_id = ANY(%s)"
            " ORDER BY e.name, e.id LIMIT 1",
            user.id,
            self.company_id.ids,
        )

    def _quality_training_gate(self, user=None):
        """Refuse (or, in warn-only mode, report) when the user's employee lacks current training for these
        records (constant query count when the training is there: one SQL query)."""
        if not self or gate_checked(self.env):
            return True
        user = user or self.env.user
        if self._quality_training_all_valid(user=user):  # the operator looked up in the same query
            return True
        employee = self._quality_training_operator(user)
        requirements_by_record = self._quality_training_requirements()
        if not requirements_by_record:
            return True
        gated = self.filtered(lambda r: r.id in requirements_by_record)
        if not employee:
            message = _(
                "%(user)s has no employee record, so their training cannot be checked: %(records)s requires "
                "training and cannot be %(action)s by them. Ask HR to link your user to your employee.",
                user=user.name,
                records=", ".join(gated.mapped("display_name")),
                action=self._quality_training_refusal_action(),
            )
            return gated._quality_training_refuse(message)
        missing = self._quality_training_missing_keys(employee, requirements_by_record)
        if not missing:
            return True
        overrides, covered = self._quality_training_overrides(employee, missing)
        blocks = []
        blocked = self.browse()
        for record in self.filtered(lambda r: r.id in missing):
            lines = missing[record.id]
            override = overrides.get(record.id)
            uncovered = [line for key, line in lines.items() if key not in covered[record.id]]
            if not uncovered:
                continue
            blocked |= record
            header = _("%(record)s:", record=record.display_name)
            if override:
                header += " " + _(
                    "the override signed by %(manager)s on %(date)s does not cover:",
                    manager=override.signed_by_id.name,
                    date=override.signed_date,
                )
            blocks.append(header + "\n" + "\n".join(f"  • {line}" for line in uncovered))
        if not blocks:
            return True
        message = _(
            "%(employee)s is not trained on the current revision of the procedures of this %(model)s and may "
            "not %(action)s it:\n%(blocks)s\nComplete the training (Quality > Training > My Training) or ask "
            "a quality manager for a signed override.",
            employee=employee.name,
            model=self._description.lower(),
            action=self._quality_training_refusal_action(),
            blocks="\n".join(blocks),
        )
        return blocked._quality_training_refuse(message)

    def _quality_training_overrides(self, employee, missing):
        """Signed overrides for ``employee`` on the records of ``missing`` (one search): ``(overrides, covered)``,
        the latest override and the covered keys of all of them, by record id."""
        field = self._quality_training_override_field()
        overrides = {}
        covered = defaultdict(set)  # several signed overrides for one record and operator add up
        for override in (
            self.env["quality.training.override"]
            .sudo()
            .search(
                [(field, "in", list(missing)), ("employee_id", "=", employee.id), ("state", "=", "signed")]
                + ([("workorder_id", "=", False)] if field != "workorder_id" else []),
                order="id",
            )
        ):
            overrides[override[field].id] = override
            covered[override[field].id] |= override._covered_keys()
        return overrides, covered

    def _quality_training_refuse(self, message):
        """Raise ``message`` for the records of enforcing companies; in warn-only companies post it on the
        manufacturing order with an activity and let the work go on."""
        warn = self.filtered(lambda r: r.company_id.quality_training_gate_mode == "warn")
        if self - warn:
            raise UserError(message)
        productions = warn._quality_training_productions()
        warning = _("Training gate (warn only): %(message)s", message=message)
        for production in productions:
            production.message_post(body=Markup("<pre>%s</pre>") % warning)
        self.env["quality.activity"]._quality_schedule_once(
            productions,
            self.env.ref("quality_training.mail_activity_training_gate_warn"),
            lambda production: {
                "user_id": (production.user_id or self.env.user).id,
                "summary": _("Training gate: operator not trained"),
                "note": warning,
            },
            per_user=True,
        )
        return True

    # ------------------------------------------------------------------
    # Evidence is never deleted by a cascade
    # ------------------------------------------------------------------
    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed_training_override(self):
        field = self._quality_training_override_field()
        overrides = self.env["quality.training.override"].sudo().search([(field, "in", self.ids)])
        signed = overrides.filtered(lambda o: o.state == "signed")
        if signed:
            raise UserError(
                _(
                    "%(records)s cannot be deleted: a signed training override (a quality record) refers to it. "
                    "%(instead)s",
                    records=", ".join(signed.mapped(field).mapped("display_name")),
                    instead=self._quality_training_keep_instead(),
                )
            )
        (overrides - signed).unlink()

    def action_quality_training_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Training Override"),
            "res_model": "quality.training.override",
            "view_mode": "form",
            "target": "new",
            "context": {
                f"default_{self._quality_training_override_field()}": self.id,
                "default_company_id": self.company_id.id,
            },
        }


class MrpWorkorder(QualityTrainingGate, models.Model):
    _inherit = "mrp.workorder"

    quality_training_override_ids = fields.One2many(
        "quality.training.override", "workorder_id", "Training Overrides", groups="quality_documents.group_quality_user"
    )
    quality_training_rollout_note = fields.Text(
        "Training Lacking",
        compute="_compute_quality_training_rollout_note",
        groups="quality_documents.group_quality_user",
        help="Who would be refused by the training gate on this work order today, and for which training.",
    )

    # ------------------------------------------------------------------
    # Entry points: every path to progress / done
    # ------------------------------------------------------------------
    def button_start(self, raise_on_invalid_state=False):
        self._quality_training_gate()
        return super(MrpWorkorder, self.with_context(**{GATE_DONE: GATE_CHECKED})).button_start(
            raise_on_invalid_state=raise_on_invalid_state
        )

    def button_finish(self):
        # Finishing a work order does its work: the user finishing it needs the training too.
        self.filtered(lambda wo: wo.state not in ("done", "cancel"))._quality_training_gate()
        return super(MrpWorkorder, self.with_context(**{GATE_DONE: GATE_CHECKED})).button_finish()

    def button_done(self):
        self.filtered(lambda wo: wo.state not in ("done", "cancel"))._quality_training_gate()
        return super(MrpWorkorder, self.with_context(**{GATE_DONE: GATE_CHECKED})).button_done()

    @api.model_create_multi
    def create(self, vals_list):
        workorders = super().create(vals_list)
        if not gate_checked(self.env):
            workorders.filtered(lambda wo: wo.state in GATED_STATES)._quality_training_gate()
        return workorders

    def write(self, vals):
        # Any other path putting a work order in progress or done (duration typed in, imports, RPC, code).
        target = vals.get("state")
        if target not in GATED_STATES or gate_checked(self.env):
            return super().write(vals)
        # Reopening a finished work order (its quantity raised) is no work done: what follows is gated.
        moving = self.filtered(lambda wo: wo.state != target and not (target == "progress" and wo.state == "done"))
        if SCOPE_FIELDS & set(vals):
            res = super().write(vals)
            moving._quality_training_gate()
            return res
        moving._quality_training_gate()
        return super().write(vals)

    # ------------------------------------------------------------------
    # What the gate reads
    # ------------------------------------------------------------------
    def _quality_training_subjects(self):
        return {wo: (wo.company_id, wo.product_id, wo.operation_id, wo.workcenter_id) for wo in self}

    def _quality_training_cte(self):
        return SQL(
            """SELECT w.operation_id, w.workcenter_id, mp.company_id, p.product_tmpl_id,
                      COALESCE(c.parent_path, '') AS categ_path
                 FROM mrp_workorder w
                 JOIN mrp_production mp ON mp.id = w.production_id
                 JOIN res_company co ON co.id = mp.company_id AND co.quality_training_gate
                 JOIN product_product p ON p.id = w.product_id
                 JOIN product_template t ON t.id = p.product_tmpl_id
            LEFT JOIN product_category c ON c.id = t.categ_id
                WHERE w.id = ANY(%s)""",
            self.ids,
        )

    def _quality_training_override_field(self):
        return "workorder_id"

    def _quality_training_refusal_action(self):
        return _("start or finish")

    def _quality_training_productions(self):
        return self.production_id

    # ------------------------------------------------------------------
    # Rollout: who would be refused today
    # ------------------------------------------------------------------
    @api.model
    def _quality_training_rollout(self, companies=None):
        """[(work order, employee or False, [missing lines])] for the open work orders of ``companies``
        that ask for training their operators (the users of their time logs) lack; a work order nobody has
        worked on yet is listed with False and what any operator will need."""
        companies = companies or self.env.companies
        workorders = self.sudo().search(
            [("company_id", "in", companies.ids), ("state", "in", ("pending", "waiting", "ready", "progress"))]
        )
        # The rollout is what the gate would do once turned on: read requirements even where it is off.
        workorders = workorders.with_context(quality_training_rollout=True)
        requirements_by_wo = workorders._quality_training_requirements()
        rows = []
        if not requirements_by_wo:
            return rows
        gated = workorders.filtered(lambda wo: wo.id in requirements_by_wo)
        by_employee = defaultdict(lambda: gated.browse())
        unstarted = gated.browse()
        for wo in gated:
            users = wo.time_ids.user_id
            if not users:
                unstarted |= wo
            for user in users:
                employee = wo._quality_training_operator(user)
                by_employee[employee] |= wo
        for employee, wos in by_employee.items():
            if not employee:
                rows += [(wo, employee, [_("no employee record")]) for wo in wos]
                continue
            missing = wos._quality_training_missing(employee, {wo.id: requirements_by_wo[wo.id] for wo in wos})
            rows += [(wo, employee, missing[wo.id]) for wo in wos if wo.id in missing]
        for wo in unstarted:
            rows.append((wo, False, [req.display_name for req in requirements_by_wo[wo.id]]))
        return rows

    @api.depends_context("uid")
    def _compute_quality_training_rollout_note(self):
        notes = defaultdict(list)
        for wo, employee, lines in self._quality_training_rollout(self.company_id or None):
            if wo not in self:
                continue
            who = employee.name if employee else _("Any operator (not started)")
            notes[wo.id].append(f"{who}: " + "; ".join(lines))
        for wo in self:
            wo.quality_training_rollout_note = "\n".join(notes[wo.id]) or False

    @api.model
    def action_quality_training_rollout(self):
        """Work orders the training gate refuses (or would refuse, once on) today, with who and why."""
        rows = self._quality_training_rollout()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_training.action_quality_training_rollout")
        action["domain"] = [("id", "in", list({wo.id for wo, _employee, _lines in rows}))]
        return action

    # ------------------------------------------------------------------
    # Evidence is never deleted by a cascade
    # ------------------------------------------------------------------
    def _quality_training_keep_instead(self):
        return _("Cancel the manufacturing order instead; it keeps its work orders and overrides.")
