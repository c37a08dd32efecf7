from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .quality_date import quality_today
from .quality_sequence import quality_sequence_names

DOC_TYPES = [
    ("sop", "Standard Operating Procedure"),
    ("work_instruction", "Work Instruction"),
    ("form", "Form"),
    ("policy", "Policy"),
    ("specification", "Specification"),
    ("external", "External Document"),
]


class QualityDocument(models.Model):
    """A controlled document: its revisions carry the content, one of them is effective."""

    _name = "quality.document"
    _description = "Controlled Document"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "name"
    _check_company_auto = True
    _rec_names_search = ["name", "title"]
    # Review evidence and withdrawal: set by the "reviewed, no change" signature and by Make Obsolete only
    # (state, the effective revision and the next review date are computed from them).
    _quality_workflow_fields = frozenset(
        {"last_review_date", "next_review_date", "is_obsolete", "state", "effective_revision_id"}
    )
    _quality_locked_states = frozenset({"effective"})  # a change needs a reason (quality.workflow.mixin)
    _quality_transitions = {
        "review_no_change": {
            "from": ("effective",),
            "to": None,
            "group": "quality_documents.group_quality_user",
            "meaning": "reviewed_no_change",
            "label": "Reviewed, No Change",
        },
        "make_obsolete": {
            "from": ("draft", "effective"),
            "to": "obsolete",
            "group": "quality_documents.group_quality_manager",
            "label": "Make Obsolete",
        },
    }

    name = fields.Char("Code", required=True, readonly=True, copy=False, default="/", tracking=True, index=True)
    title = fields.Char(required=True, tracking=True)
    doc_type = fields.Selection(DOC_TYPES, "Type", required=True, default="sop", tracking=True)
    owner_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, tracking=True, check_company=True
    )
    approver_ids = fields.Many2many(
        "res.users",
        "quality_document_approver_rel",
        "document_id",
        "user_id",
        "Default Approvers",
        help="Users who must approve each new revision; copied to the revision, where they can be changed.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True, tracking=True)
    tag_ids = fields.Many2many("quality.document.tag", string="Tags")
    review_interval_months = fields.Integer("Review Interval (months)", default=24, tracking=True)
    product_tmpl_ids = fields.Many2many(
        "product.template",
        "product_template_quality_document_rel",
        "quality_document_id",
        "product_template_id",
        string="Products",
        check_company=True,
    )
    product_categ_ids = fields.Many2many("product.category", string="Product Categories")
    workcenter_ids = fields.Many2many("mrp.workcenter", string="Work Centers", check_company=True)
    operation_ids = fields.Many2many(
        "mrp.routing.workcenter",
        "quality_document_mrp_routing_workcenter_rel",
        "quality_document_id",
        "mrp_routing_workcenter_id",
        string="BoM Operations",
        check_company=True,
    )
    revision_ids = fields.One2many("quality.document.revision", "document_id", "Revisions")
    revision_count = fields.Integer(compute="_compute_revision_count")
    effective_revision_id = fields.Many2one(
        "quality.document.revision", compute="_compute_effective_revision", store=True, index=True
    )
    effective_date = fields.Date(related="effective_revision_id.effective_date", string="Effective Since")
    effective_body = fields.Html(related="effective_revision_id.body", string="Effective Content")
    last_review_date = fields.Date(readonly=True, tracking=True, copy=False)
    next_review_date = fields.Date(compute="_compute_next_review_date", store=True, tracking=True)
    review_overdue = fields.Boolean(compute="_compute_review_overdue", search="_search_review_overdue")
    is_obsolete = fields.Boolean("Obsolete", readonly=True, copy=False, tracking=True)
    state = fields.Selection(
        [("draft", "No effective revision"), ("effective", "Effective"), ("obsolete", "Obsolete")],
        compute="_compute_state",
        store=True,
        tracking=True,
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A document code must be unique per company."),
    ]

    @api.depends("revision_ids")
    def _compute_revision_count(self):
        for doc in self:
            doc.revision_count = len(doc.revision_ids)

    @api.depends("revision_ids.state")
    def _compute_effective_revision(self):
        for doc in self:
            doc.effective_revision_id = doc.revision_ids.filtered(lambda r: r.state == "effective")[:1]

    @api.depends("effective_revision_id", "is_obsolete")
    def _compute_state(self):
        for doc in self:
            if doc.is_obsolete:
                doc.state = "obsolete"
            else:
                doc.state = "effective" if doc.effective_revision_id else "draft"

    @api.depends("effective_revision_id.effective_date", "last_review_date", "review_interval_months", "is_obsolete")
    def _compute_next_review_date(self):
        for doc in self:
            start = max(filter(None, [doc.effective_revision_id.effective_date, doc.last_review_date]), default=None)
            if doc.is_obsolete or not start or doc.review_interval_months <= 0:
                doc.next_review_date = False
            else:
                doc.next_review_date = start + relativedelta(months=doc.review_interval_months)

    def _compute_review_overdue(self):
        today = quality_today(self)
        for doc in self:
            doc.review_overdue = bool(doc.next_review_date and doc.next_review_date < today)

    def _search_review_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on review overdue."))
        today = quality_today(self)
        overdue = [("next_review_date", "<", today)]
        return overdue if (operator == "=") == value else ["!", *overdue]

    @api.constrains("review_interval_months")
    def _check_review_interval(self):
        for doc in self:
            if doc.review_interval_months <= 0:
                raise ValidationError(
                    _(
                        "The review interval of %(doc)s must be a positive number of months (for example 24).",
                        doc=doc.display_name,
                    )
                )

    @api.depends("name", "title")
    def _compute_display_name(self):
        for doc in self:
            doc.display_name = f"{doc.name} {doc.title}" if doc.title else doc.name

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(
            quality_sequence_names(self, vals_list, lambda vals: f"quality.document.{vals.get('doc_type') or 'sop'}")
        )

    def write(self, vals):
        if "doc_type" in vals and any(doc.revision_ids for doc in self):
            raise UserError(_("The type of a document that has revisions cannot change: its code depends on it."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_effective(self):
        used = self.filtered(
            lambda d: d.revision_ids.filtered(lambda r: r.state in ("effective", "superseded", "obsolete"))
        )
        if used:
            raise UserError(
                _(
                    "%(docs)s had an effective revision: controlled documents are never deleted. Archive them instead.",
                    docs=", ".join(used.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Point of use
    # ------------------------------------------------------------------
    @api.model
    def _point_of_use_domain(self, products=None, operations=None, workcenters=None):
        """Active, non-obsolete documents with an effective revision governing any of the records given."""
        alternatives = []
        if products:
            alternatives.append([("product_tmpl_ids", "in", products.product_tmpl_id.ids)])
            alternatives.append([("product_categ_ids", "parent_of", products.categ_id.ids)])
        if operations:
            alternatives.append([("operation_ids", "in", operations.ids)])
        if workcenters:
            alternatives.append([("workcenter_ids", "in", workcenters.ids)])
        if not alternatives:
            return [("id", "=", 0)]
        from odoo.osv import expression

        return expression.AND(
            [
                [("effective_revision_id", "!=", False), ("is_obsolete", "=", False)],
                expression.OR(alternatives),
            ]
        )

    @api.model
    def _action_open_point_of_use(self, products=None, operations=None, workcenters=None, title=None):
        """Window action listing the effective revisions of the documents governing these records."""
        docs = self.search(self._point_of_use_domain(products, operations, workcenters))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_documents.action_quality_document_revision_point_of_use"
        )
        action["domain"] = [("id", "in", docs.effective_revision_id.ids)]
        action["name"] = title or _("Procedures")
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_new_revision(self):
        self.ensure_one()
        if self.is_obsolete:
            raise UserError(_("%(doc)s is obsolete: reactivate it before revising it.", doc=self.name))
        revision = self.env["quality.document.revision"].create({"document_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.document.revision",
            "res_id": revision.id,
            "view_mode": "form",
        }

    def action_open_revisions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_documents.action_quality_document_revision")
        action["domain"] = [("document_id", "=", self.id)]
        action["context"] = {"default_document_id": self.id}
        return action

    def action_open_effective(self):
        self.ensure_one()
        if not self.effective_revision_id:
            raise UserError(_("%(doc)s has no effective revision.", doc=self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.document.revision",
            "res_id": self.effective_revision_id.id,
            "view_mode": "form",
        }

    def action_make_obsolete(self):
        """Withdraw the document: its effective revision leaves the point of use."""
        self._quality_check_transition("make_obsolete")
        for doc in self:
            if doc.effective_revision_id:
                doc.effective_revision_id._quality_transition("make_obsolete")
            doc._quality_transition("make_obsolete", {"is_obsolete": True})
            doc.activity_unlink(["quality_documents.mail_activity_document_review"])
            doc._message_log(body=_("Document made obsolete: withdrawn from the point of use."))
        return True

    # Periodic review -------------------------------------------------------
    def _quality_signature_fields(self):
        # next_review_date moves with the signed review itself: not part of what is signed.
        return ["name", "title", "effective_revision_id"]

    def _quality_check_can_sign(self, meaning):
        if meaning == "reviewed_no_change":
            if not self.effective_revision_id:
                raise UserError(_("%(doc)s has no effective revision to review.", doc=self.name))
            if self.env.user != self.owner_id and not self.env.user.has_group(
                "quality_documents.group_quality_manager"
            ):
                raise UserError(
                    _("Only the owner of %(doc)s or a quality manager can close its review.", doc=self.name)
                )
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "reviewed_no_change":
            self._quality_transition("review_no_change", {"last_review_date": quality_today(self)})
            self.activity_feedback(
                ["quality_documents.mail_activity_document_review"], feedback=_("Reviewed, no change (signed).")
            )
        return super()._quality_on_signed(signature)

    @api.model
    def _cron_periodic_review(self):
        """Give each owner one review activity N days before the next review date (idempotent)."""
        # Only run by its scheduled action: Odoo's ir.cron row lock keeps two runs apart (no extra lock).
        lead = int(self.env["ir.config_parameter"].sudo().get_param("quality_documents.review_lead_days", 30))
        limit = quality_today(self) + timedelta(days=lead)
        docs = self.search(
            [
                ("next_review_date", "!=", False),
                ("next_review_date", "<=", limit),
                ("is_obsolete", "=", False),
            ]
        )
        activity_type = self.env.ref("quality_documents.mail_activity_document_review")
        in_progress = docs.filtered(
            lambda d: d.revision_ids.filtered(lambda r: r.state in ("draft", "in_review", "approved"))
        )
        return self.env["quality.activity"]._quality_schedule_once(
            docs - in_progress,
            activity_type,
            lambda doc: {
                "automated": True,
                "user_id": doc.owner_id.id,
                "date_deadline": doc.next_review_date,
                "summary": self.env._("Periodic review of %(doc)s", doc=doc.display_name),
                "note": self.env._(
                    "Review %(doc)s: sign 'reviewed, no change' or start a new revision.",
                    doc=doc.display_name,
                ),
            },
        )
