from collections import defaultdict

from odoo import _, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

GATE_DONE = "quality_training_gate_checked"
# The value marking "already gated in this call" is a Python object: a context sent over RPC (JSON)
# can never carry it, so no client can skip the gate by passing a context key.
GATE_CHECKED = object()


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    quality_training_override_ids = fields.One2many(
        "quality.training.override", "workorder_id", "Training Overrides", groups="quality_documents.group_quality_user"
    )

    # ------------------------------------------------------------------
    # Start paths
    # ------------------------------------------------------------------
    def button_start(self, raise_on_invalid_state=False):
        self._quality_training_gate()
        return super(MrpWorkorder, self.with_context(**{GATE_DONE: GATE_CHECKED})).button_start(
            raise_on_invalid_state=raise_on_invalid_state
        )

    def button_finish(self):
        # Finishing a work order that was never started does its work: the operator needs the training too.
        self.filtered(lambda wo: wo.state not in ("progress", "done", "cancel"))._quality_training_gate()
        return super(MrpWorkorder, self.with_context(**{GATE_DONE: GATE_CHECKED})).button_finish()

    def write(self, vals):
        # Any other path putting a work order in progress (duration typed in, imports, RPC).
        if vals.get("state") == "progress" and self.env.context.get(GATE_DONE) is not GATE_CHECKED:
            self.filtered(lambda wo: wo.state != "progress")._quality_training_gate()
        return super().write(vals)

    # ------------------------------------------------------------------
    # The gate
    # ------------------------------------------------------------------
    def _quality_training_requirements(self):
        """{work order id: requirements} tied to its operation, work center or its product's procedures.

        One search on requirements whatever their number (documents matched in a sub-query).
        """
        Requirement = self.env["quality.training.requirement"].sudo()
        result = defaultdict(Requirement.browse)
        workorders = self.filtered(lambda wo: wo.company_id.quality_training_gate)
        if not workorders:
            return result
        document_domain = self.env["quality.document"]._point_of_use_domain(
            products=workorders.product_id, operations=workorders.operation_id, workcenters=workorders.workcenter_id
        )
        domain = expression.AND(
            [
                [("active", "=", True), ("company_id", "in", workorders.company_id.ids)],
                expression.OR(
                    [
                        [("operation_ids", "in", workorders.operation_id.ids)],
                        [("workcenter_ids", "in", workorders.workcenter_id.ids)],
                        [("document_id", "any", document_domain)],
                    ]
                ),
            ]
        )
        requirements = Requirement.search(domain)
        if not requirements:
            return result
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
        for wo in workorders:
            categ_path = wo.product_id.categ_id.parent_path or ""
            for req in requirements:
                if req.company_id != wo.company_id:
                    continue
                doc = req.document_id
                if (
                    wo.operation_id in req.operation_ids
                    or wo.workcenter_id in req.workcenter_ids
                    or (
                        doc
                        and (
                            wo.product_id.product_tmpl_id in doc.product_tmpl_ids
                            or any(categ_path.startswith(c.parent_path) for c in doc.product_categ_ids)
                            or wo.operation_id in doc.operation_ids
                            or wo.workcenter_id in doc.workcenter_ids
                        )
                    )
                ):
                    result[wo.id] |= req
        return result

    def _quality_training_missing(self, employee, requirements_by_wo=None):
        """{work order id: [lines describing each missing training]} for this operator (one search on assignments)."""
        if requirements_by_wo is None:
            requirements_by_wo = self._quality_training_requirements()
        all_requirements = self.env["quality.training.requirement"].sudo()
        for requirements in requirements_by_wo.values():
            all_requirements |= requirements
        if not all_requirements:
            return {}
        today = quality_today(self)
        assignments = (
            self.env["quality.training.assignment"]
            .sudo()
            .search(
                [
                    ("employee_id", "=", employee.id),
                    ("requirement_id", "in", all_requirements.ids),
                    ("state", "in", ("assigned", "done")),
                ]
            )
        )
        valid = set()
        due = {}
        for assignment in assignments:
            req = assignment.requirement_id
            if assignment.revision_id != req._target_revision():
                continue  # training on another revision does not count
            if assignment.state == "done" and (not assignment.expiry_date or assignment.expiry_date >= today):
                valid.add(req.id)
            elif assignment.state == "assigned":
                due[req.id] = assignment.due_date
        missing = {}
        for wo_id, requirements in requirements_by_wo.items():
            lines = []
            for req in requirements.filtered(lambda r: r.id not in valid):
                subject = req.document_id.effective_revision_id.display_name if req.document_id else req.name
                if req.document_id:
                    subject = f"{req.name} ({subject})"
                if due.get(req.id):
                    lines.append(_("%(training)s – due %(date)s", training=subject, date=due[req.id]))
                else:
                    lines.append(_("%(training)s – not assigned yet", training=subject))
            if lines:
                missing[wo_id] = lines
        return missing

    def _quality_training_all_valid(self, employee):
        """Fast path of the gate, one SQL query: True when ``employee`` holds a valid training for every
        requirement that can apply to these work orders.

        It matches requirements at least as widely as ``_quality_training_requirements`` (union over the
        work orders, archived operations included) and counts a training valid only as strictly as
        ``_quality_training_missing``; so True here means the full check passes, and False only sends
        the gate to the full check, which names what is missing.
        """
        self.env["mrp.workorder"].flush_model(["operation_id", "workcenter_id", "product_id", "production_id"])
        self.env["quality.training.requirement"].flush_model()
        self.env["quality.training.assignment"].flush_model(
            ["employee_id", "requirement_id", "revision_id", "state", "expiry_date"]
        )
        self.env["quality.document"].flush_model()
        Requirement = self.env["quality.training.requirement"]
        Document = self.env["quality.document"]

        def rel(model, name):
            field = model._fields[name]
            return SQL.identifier(field.relation), SQL.identifier(field.column1), SQL.identifier(field.column2)

        def linked(model, name, owner, wo_column):
            table, own, other = rel(model, name)
            return SQL(
                "EXISTS (SELECT 1 FROM %s x JOIN wo ON wo.%s = x.%s WHERE x.%s = %s)",
                table,
                SQL.identifier(wo_column),
                other,
                own,
                owner,
            )

        categ_table, categ_doc, categ_categ = rel(Document, "product_categ_ids")
        query = SQL(
            """
            WITH wo AS (
                SELECT w.operation_id, w.workcenter_id, mp.company_id, p.product_tmpl_id,
                       COALESCE(c.parent_path, '') AS categ_path
                  FROM mrp_workorder w
                  JOIN mrp_production mp ON mp.id = w.production_id
                  JOIN res_company co ON co.id = mp.company_id AND co.quality_training_gate
                  JOIN product_product p ON p.id = w.product_id
                  JOIN product_template t ON t.id = p.product_tmpl_id
             LEFT JOIN product_category c ON c.id = t.categ_id
                 WHERE w.id = ANY(%(workorders)s)
            )
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
                     WHERE a.requirement_id = r.id AND a.employee_id = %(employee)s AND a.state = 'done'
                       AND (a.expiry_date IS NULL OR a.expiry_date >= %(today)s)
                       AND a.revision_id IS NOT DISTINCT FROM
                           (CASE WHEN r.requirement_type = 'document' THEN d.effective_revision_id END))
             LIMIT 1
            """,
            workorders=self.ids,
            employee=employee.id,
            today=quality_today(self),
            req_operations=linked(Requirement, "operation_ids", SQL("r.id"), "operation_id"),
            req_workcenters=linked(Requirement, "workcenter_ids", SQL("r.id"), "workcenter_id"),
            doc_products=linked(Document, "product_tmpl_ids", SQL("d.id"), "product_tmpl_id"),
            doc_operations=linked(Document, "operation_ids", SQL("d.id"), "operation_id"),
            doc_workcenters=linked(Document, "workcenter_ids", SQL("d.id"), "workcenter_id"),
            categ_table=categ_table,
            categ_doc=categ_doc,
            categ_categ=categ_categ,
        )
        self.env.cr.execute(query)
        return not self.env.cr.fetchone()

    def _quality_training_operator(self):
        """The current user's employee in these work orders' company (else their main employee); one query."""
        user = self.env.user
        employee = (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id", "=", user.id), ("company_id", "in", self.company_id.ids)], limit=1)
        )
        return employee or user.employee_id

    def _quality_training_gate(self):
        """Refuse to start when the current user's employee lacks current training (constant query count)."""
        if not self or self.env.context.get(GATE_DONE) is GATE_CHECKED:
            return True
        employee = self._quality_training_operator()
        if employee and self._quality_training_all_valid(employee):
            return True
        requirements_by_wo = self._quality_training_requirements()
        if not requirements_by_wo:
            return True
        user = self.env.user
        if not employee:
            raise UserError(
                _(
                    "%(user)s has no employee record, so their training cannot be checked: a work order that "
                    "requires training cannot be started. Ask HR to link your user to your employee.",
                    user=user.name,
                )
            )
        missing = self._quality_training_missing(employee, requirements_by_wo)
        if not missing:
            return True
        overridden = set(
            self.env["quality.training.override"]
            .sudo()
            .search(
                [("workorder_id", "in", list(missing)), ("employee_id", "=", employee.id), ("state", "=", "signed")]
            )
            .workorder_id.ids
        )
        blocks = []
        for wo in self.filtered(lambda w: w.id in missing and w.id not in overridden):
            blocks.append(_("%(wo)s:", wo=wo.display_name) + "\n" + "\n".join(f"  • {line}" for line in missing[wo.id]))
        if blocks:
            raise UserError(
                _(
                    "%(employee)s is not trained on the current revision of the procedures of this work order and "
                    "cannot start it:\n%(blocks)s\nComplete the training (Quality > Training > My Training) or ask "
                    "a quality manager for a signed override.",
                    employee=employee.name,
                    blocks="\n".join(blocks),
                )
            )
        return True

    def action_quality_training_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Training Override"),
            "res_model": "quality.training.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_workorder_id": self.id, "default_company_id": self.company_id.id},
        }
