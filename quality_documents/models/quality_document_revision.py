from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .quality_date import quality_today

REVISION_STATES = [
    ("draft", "Draft"),
    ("in_review", "In Review"),
    ("approved", "Approved"),
    ("effective", "Effective"),
    ("superseded", "Superseded"),
    ("obsolete", "Obsolete"),
]
# Signed content, frozen once review starts (21 CFR 11.10: what was approved is what is used): who wrote it,
# who approves it, what it says, its file and the date it takes effect change only by a new revision.
FROZEN_FIELDS = frozenset(
    {
        "body",
        "datas",
        "datas_fname",
        "change_summary",
        "change_reason",
        "document_id",
        "name",
        "sequence",
        "author_id",
        "approver_ids",
        "effective_date",
    }
)
# Fields that only the workflow changes (status and its evidence).
WORKFLOW_FIELDS = frozenset({"state", "approved_date", "superseded_date"})
QUALITY_USER = "quality_documents.group_quality_user"
QUALITY_MANAGER = "quality_documents.group_quality_manager"


def _revision_label(index):
    """0 -> A, 25 -> Z, 26 -> AA ..."""
    label = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        label = chr(65 + rem) + label
    return label


class QualityDocumentRevision(models.Model):
    _name = "quality.document.revision"
    _description = "Controlled Document Revision"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "document_id, sequence desc, id desc"
    _check_company_auto = True
    _quality_workflow_fields = WORKFLOW_FIELDS
    _quality_locked_states = frozenset({"approved", "effective"})  # a change needs a reason
    _quality_frozen_fields = FROZEN_FIELDS
    _quality_frozen_states = frozenset(state for state, _label in REVISION_STATES) - {"draft"}
    _quality_transitions = {
        "submit": {"from": ("draft",), "to": "in_review", "group": QUALITY_USER, "label": "Submit for Review"},
        "back_to_draft": {"from": ("in_review",), "to": "draft", "group": QUALITY_USER, "label": "Back to Draft"},
        "approve": {"from": ("in_review",), "to": "approved", "group": QUALITY_USER, "meaning": "approved"},
        "reject": {"from": ("in_review",), "to": "draft", "group": QUALITY_USER, "meaning": "rejected"},
        "make_effective": {"from": ("approved",), "to": "effective", "group": QUALITY_USER, "label": "Make Effective"},
        "supersede": {"from": ("approved", "effective"), "to": "superseded", "group": QUALITY_USER},
        "make_obsolete": {"from": ("effective",), "to": "obsolete", "group": QUALITY_MANAGER, "label": "Make Obsolete"},
    }

    document_id = fields.Many2one(
        "quality.document", required=True, ondelete="restrict", index=True, tracking=True, check_company=True
    )
    name = fields.Char("Revision", readonly=True, copy=False, default="/")
    sequence = fields.Integer(readonly=True, copy=False)
    title = fields.Char(related="document_id.title")
    doc_type = fields.Selection(related="document_id.doc_type")
    company_id = fields.Many2one(related="document_id.company_id", store=True, index=True)
    body = fields.Html("Content", sanitize_style=True)
    datas = fields.Binary("Attached File", attachment=True)
    datas_fname = fields.Char("File Name")
    change_summary = fields.Text(tracking=True)
    change_reason = fields.Text("Reason for Change", tracking=True)
    author_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user, tracking=True)
    approver_ids = fields.Many2many(
        "res.users",
        "quality_document_revision_approver_rel",
        "revision_id",
        "user_id",
        "Required Approvers",
        tracking=True,
    )
    pending_approver_ids = fields.Many2many("res.users", compute="_compute_pending_approvers", string="Awaiting")
    effective_date = fields.Date(default=quality_today, tracking=True)
    approved_date = fields.Datetime(readonly=True, copy=False)
    superseded_date = fields.Datetime(readonly=True, copy=False)
    state = fields.Selection(REVISION_STATES, default="draft", required=True, readonly=True, tracking=True, index=True)
    status_banner = fields.Char(compute="_compute_status_banner")

    _sql_constraints = [
        ("label_uniq", "unique(document_id, name)", "A revision label must be unique within its document."),
    ]

    def init(self):
        # At most one effective revision per document, guaranteed by the database.
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS quality_document_revision_one_effective
               ON quality_document_revision (document_id) WHERE state = 'effective'"""
        )

    @api.depends("document_id.name", "name")
    def _compute_display_name(self):
        for rev in self:
            rev.display_name = _("%(doc)s rev %(rev)s", doc=rev.document_id.name or "", rev=rev.name or "")

    @api.depends("approver_ids", "quality_signature_ids")
    def _compute_pending_approvers(self):
        for rev in self:
            signed = rev.quality_signature_ids.filtered(lambda s: s.meaning == "approved").signer_id
            rev.pending_approver_ids = rev.approver_ids - signed if rev.state == "in_review" else False

    @api.depends("state")
    def _compute_status_banner(self):
        for rev in self:
            if rev.state == "effective":
                rev.status_banner = _("EFFECTIVE")
            elif rev.state == "superseded":
                rev.status_banner = _("SUPERSEDED – NOT FOR USE")
            elif rev.state == "obsolete":
                rev.status_banner = _("OBSOLETE – NOT FOR USE")
            else:
                rev.status_banner = _("DRAFT – NOT FOR USE")

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        today = quality_today(self)
        next_index = {}
        for vals in vals_list:
            document = self.env["quality.document"].browse(vals.get("document_id"))
            if not document:
                raise ValidationError(_("A revision belongs to a document: choose the document."))
            if document.is_obsolete:
                raise UserError(_("%(doc)s is obsolete: it cannot get a new revision.", doc=document.name))
            if vals.get("effective_date") and fields.Date.to_date(vals["effective_date"]) < today:
                raise ValidationError(
                    _("The effective date of a new revision cannot be in the past: choose today or a later date.")
                )
            if document.id not in next_index:
                next_index[document.id] = max(document.revision_ids.mapped("sequence"), default=-1) + 1
            index = next_index[document.id]
            next_index[document.id] += 1
            vals["sequence"] = index
            vals["name"] = _revision_label(index)
            if "approver_ids" not in vals:
                vals["approver_ids"] = [fields.Command.set(document.approver_ids.ids)]
        revisions = super().create(vals_list)
        # Starting a new revision closes the periodic review of its document.
        for rev in revisions.filtered(lambda r: r.sequence > 0):
            rev.document_id.activity_feedback(
                ["quality_documents.mail_activity_document_review"],
                feedback=_("New revision %(rev)s started.", rev=rev.name),
            )
        return revisions

    def write(self, vals):
        # The content is frozen once review starts (the mixin's _quality_frozen_fields); a draft's date cannot
        # go back in time.
        if (
            not self._quality_in_workflow()
            and vals.get("effective_date")
            and fields.Date.to_date(vals["effective_date"]) < quality_today(self)
        ):
            self._quality_check_frozen(vals)  # a frozen revision is told so first
            raise ValidationError(_("The effective date cannot be in the past: choose today or a later date."))
        return super().write(vals)

    def _quality_frozen_explanation(self):
        return _(
            "%(revs)s: the content is frozen once review starts. Start a new revision to change it.",
            revs=self._quality_record_names(),
        )

    def _quality_refuse_workflow_write(self, names=()):
        raise UserError(
            _(
                "The status of a revision changes only through its workflow buttons and signatures "
                "(Submit for Review, Approve, Reject, Back to Draft): %(fields)s cannot be written.",
                fields=", ".join(self._fields[name].string for name in names if name in self._fields),
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_unsigned_draft(self):
        if self.filtered(lambda r: r.state != "draft" or r.quality_signature_ids):
            raise UserError(_("Only unsigned draft revisions can be deleted; others stay on record."))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_submit_review(self):
        self._quality_check_transition("submit")
        for rev in self:
            if not (rev.body or rev.datas):
                raise ValidationError(
                    _("%(rev)s has no content: write the body or attach a file.", rev=rev.display_name)
                )
            if rev.sequence > 0 and not ((rev.change_summary or "").strip() and (rev.change_reason or "").strip()):
                raise ValidationError(
                    _(
                        "Revision %(label)s needs a change summary and a reason for change before review.",
                        label=rev.name,
                    )
                )
            if not rev.approver_ids:
                raise ValidationError(_("%(rev)s needs at least one required approver.", rev=rev.display_name))
            if rev.author_id in rev.approver_ids:
                raise ValidationError(
                    _(
                        "%(user)s is the author of %(rev)s and cannot approve it: remove them from the approvers.",
                        user=rev.author_id.name,
                        rev=rev.display_name,
                    )
                )
            rev._quality_transition("submit")
            for approver in rev.approver_ids:
                rev.activity_schedule(
                    "quality_documents.mail_activity_revision_approval",
                    user_id=approver.id,
                    summary=_("Approve %(rev)s", rev=rev.display_name),
                )
        return True

    def action_back_to_draft(self):
        self._quality_check_transition("back_to_draft")
        for rev in self:
            rev._quality_transition("back_to_draft")
            rev.activity_unlink(["quality_documents.mail_activity_revision_approval"])
        return True

    def _quality_signature_fields(self):
        return ["document_id", "name", "body", "datas", "change_summary", "change_reason", "effective_date"]

    def _quality_check_can_sign(self, meaning):
        user = self.env.user
        if meaning in ("approved", "rejected"):
            if self.state != "in_review":
                raise UserError(_("%(rev)s is not in review.", rev=self.display_name))
            if user == self.author_id:
                raise UserError(
                    _(
                        "Segregation of duties: %(user)s authored %(rev)s and cannot approve or reject it.",
                        user=user.name,
                        rev=self.display_name,
                    )
                )
            if user not in self.approver_ids:
                raise UserError(
                    _("%(user)s is not a required approver of %(rev)s.", user=user.name, rev=self.display_name)
                )
            if meaning == "approved" and self.quality_signature_ids.filtered(
                lambda s: s.meaning == "approved" and s.signer_id == user
            ):
                raise UserError(_("%(user)s has already approved %(rev)s.", user=user.name, rev=self.display_name))
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "rejected":
            self._quality_transition("reject")
            self.activity_unlink(["quality_documents.mail_activity_revision_approval"])
            self._message_log(
                body=_(
                    "Rejected by %(name)s: %(comment)s", name=signature.printed_name, comment=signature.comment or ""
                )
            )
        elif signature.meaning == "approved":
            self.activity_feedback(
                ["quality_documents.mail_activity_revision_approval"],
                user_id=signature.signer_id.id,
                feedback=_("Approved (signed)."),
            )
            signed = self._quality_signatures("approved").signer_id
            if not (self.approver_ids - signed):
                self._quality_transition("approve", {"approved_date": fields.Datetime.now()})
                if self.effective_date <= quality_today(self):
                    self._make_effective()
        return super()._quality_on_signed(signature)

    def _make_effective(self):
        """Make these approved revisions effective; supersede the previous ones in the same transaction."""
        if not self:
            return self
        if self.filtered(lambda r: r.state != "approved"):
            raise UserError(_("Only approved revisions become effective."))
        if len(self.document_id) != len(self):
            raise UserError(_("Only one revision per document can become effective at once."))
        now = fields.Datetime.now()
        superseded = self.document_id.effective_revision_id
        # Also supersede approved-but-older revisions of the same documents waiting for their date.
        # (never a later revision approved for a future date: it stays approved and takes over on its date).
        older_approved = self.search(
            [("document_id", "in", self.document_id.ids), ("state", "=", "approved"), ("id", "not in", self.ids)]
        )
        superseded |= older_approved.filtered(
            lambda r: r.sequence < self.filtered(lambda s: s.document_id == r.document_id).sequence
        )
        superseded._quality_transition("supersede", {"superseded_date": now})
        superseded.flush_recordset(["state"])
        self._quality_transition("make_effective")
        self.flush_recordset(["state"])
        for rev in self:
            rev.document_id._message_log(
                body=_("Revision %(rev)s is effective from %(date)s.", rev=rev.name, date=rev.effective_date)
            )
        self._quality_on_effective(superseded)
        return self

    def _quality_on_effective(self, superseded):
        """Hook: ``self`` just became effective and ``superseded`` was superseded (same transaction)."""
        return True

    @api.model
    def _cron_make_effective(self):
        """Make approved revisions whose effective date has come effective (idempotent)."""
        # Only run by its scheduled action: Odoo's ir.cron row lock keeps two runs apart (no extra lock).
        due = self.search(
            [("state", "=", "approved"), ("effective_date", "<=", quality_today(self))],
            order="document_id, effective_date desc, sequence desc",
        )
        latest = self.browse()
        seen = set()
        for rev in due:
            if rev.document_id.id not in seen:
                seen.add(rev.document_id.id)
                latest |= rev
        return latest._make_effective()

    def action_open_content(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("quality_documents.view_quality_document_revision_reader_form").id, "form")],
        }
