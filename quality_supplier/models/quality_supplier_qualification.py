from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import AccessError, UserError, ValidationError

QUALIFICATION_STATES = [
    ("pending", "Pending"),
    ("approved", "Approved"),
    ("conditional", "Conditional"),
    ("probation", "Probation"),
    ("disqualified", "Disqualified"),
]
# States that only an electronic signature may set.
SIGNED_STATES = ("approved", "conditional", "disqualified")
# What a signature approved or disqualified: changes only by a new qualification once signed.
FROZEN_FIELDS = frozenset({"partner_id", "categ_ids", "valid_from", "valid_until", "company_id"})
QUALITY_USER = "quality_documents.group_quality_user"
QUALITY_MANAGER = "quality_documents.group_quality_manager"


class QualitySupplierQualification(models.Model):
    """A vendor's qualification for a scope of product categories.

    Imported qualifications (Odoo's standard import, quality users only) start *pending* like any other:
    the status is a workflow field, refused in an import file. An approval is a quality manager's signature
    over this qualification's own vendor, scope and validity (what the purchase gate and the frozen fields
    rely on), so a historical qualification is approved by signing it here, not by a batch signature.
    Pending blocks nothing until its categories are gated (opt-in), so this is done before turning it on.
    """

    _name = "quality.supplier.qualification"
    _description = "Supplier Qualification"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "quality.signature.mixin",
        "quality.workflow.mixin",
        "quality.import.mixin",
    ]
    _order = "partner_id, valid_from desc, id desc"
    # Changed only by its buttons and signatures (requested_state: what the pending signature asks for).
    _quality_workflow_fields = frozenset({"state", "requested_state"})
    _quality_locked_states = frozenset({"approved", "conditional"})  # a change needs a reason
    # Once signed (whatever its status since), its vendor, scope and validity stay and it is never deleted
    # (quality.workflow.mixin; _quality_is_frozen: it has a signature).
    _quality_frozen_fields = FROZEN_FIELDS
    _quality_transitions = {
        "approve": {
            "from": ("pending", "probation", "conditional"),
            "to": "approved",
            "group": QUALITY_MANAGER,
            "meaning": "approved",
            "label": "Approve",
        },
        "approve_conditional": {
            "from": ("pending", "probation", "approved"),
            "to": "conditional",
            "group": QUALITY_MANAGER,
            "meaning": "approved",
            "label": "Approve Conditionally",
        },
        "disqualify": {
            "from": ("pending", "approved", "conditional", "probation"),
            "to": "disqualified",
            "group": QUALITY_MANAGER,
            "meaning": "disqualified",
            "label": "Disqualify",
        },
        "reset_pending": {
            "from": ("probation", "disqualified"),
            "to": "pending",
            "group": QUALITY_MANAGER,
            "label": "Reset to Pending",
        },
        "probation": {
            "from": ("approved", "conditional", "pending"),
            "to": "probation",
            "group": QUALITY_USER,
            "label": "Probation",
        },
    }
    # The transition that signs each requested status.
    _quality_status_transitions = {
        "approved": "approve",
        "conditional": "approve_conditional",
        "disqualified": "disqualify",
    }

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Vendor",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    categ_ids = fields.Many2many(
        "product.category",
        string="Scope",
        tracking=True,
        help="Product categories this qualification covers (and their sub-categories). Empty: all products.",
    )
    state = fields.Selection(
        QUALIFICATION_STATES, default="pending", required=True, tracking=True, readonly=True, index=True
    )
    requested_state = fields.Selection(
        [("approved", "Approved"), ("conditional", "Conditional"), ("disqualified", "Disqualified")],
        readonly=True,
        copy=False,
        help="Status the pending signature asks for.",
    )
    valid_from = fields.Date(default=quality_today, tracking=True)
    valid_until = fields.Date(tracking=True)
    reason = fields.Text(tracking=True, help="Why this status: evidence, conditions, findings.")
    responsible_id = fields.Many2one(
        "res.users", string="Quality Responsible", default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)
    required_certificate_type_ids = fields.Many2many(
        "quality.supplier.certificate.type",
        compute="_compute_required_certificate_type_ids",
        string="Required Certificates",
    )

    @api.depends("partner_id", "categ_ids")
    def _compute_name(self):
        for qual in self:
            scope = ", ".join(qual.categ_ids.mapped("display_name")) or _("All products")
            qual.name = f"{qual.partner_id.display_name or ''} – {scope}"

    @api.depends("categ_ids", "categ_ids.quality_certificate_type_ids")
    def _compute_required_certificate_type_ids(self):
        all_types = None
        for qual in self:
            if qual.categ_ids:
                categs = self.env["product.category"].search([("id", "parent_of", qual.categ_ids.ids)])
                qual.required_certificate_type_ids = categs.quality_certificate_type_ids
            else:
                if all_types is None:
                    all_types = (
                        self.env["product.category"]
                        .search([("quality_certificate_type_ids", "!=", False)])
                        .quality_certificate_type_ids
                    )
                qual.required_certificate_type_ids = all_types

    @api.constrains("valid_from", "valid_until")
    def _check_dates(self):
        for qual in self:
            if qual.valid_from and qual.valid_until and qual.valid_until < qual.valid_from:
                raise ValidationError(
                    _(
                        "Qualification %(name)s: 'Valid until' (%(until)s) is before 'Valid from' (%(from)s). "
                        "Fix the validity dates.",
                        name=qual.name,
                        until=qual.valid_until,
                        **{"from": qual.valid_from},
                    )
                )

    # ------------------------------------------------------------------
    # ORM guards: signed states only through a signature, signed content frozen
    # ------------------------------------------------------------------
    def _quality_refuse_workflow_write(self, names=()):
        raise UserError(
            _(
                "Setting the status of a supplier qualification requires an electronic signature: use the "
                "Approve / Approve Conditionally / Disqualify buttons (%(fields)s cannot be written).",
                fields=", ".join(self._fields[name].string for name in names if name in self._fields),
            )
        )

    def _quality_is_frozen(self):
        # Frozen by its signature, not by a status: a signed qualification on probation or reset to pending
        # keeps what was signed.
        self.ensure_one()
        return bool(self.quality_signature_ids)

    def _quality_is_undeletable(self):
        return self._quality_is_frozen()

    def _quality_frozen_explanation(self):
        return _(
            "%(quals)s was signed: its vendor, scope and validity cannot change. "
            "Create a new qualification for another vendor, scope or period.",
            quals=self._quality_record_names(),
        )

    def _quality_undeletable_explanation(self):
        return _(
            "%(quals)s was signed: a signed qualification is a quality record, it cannot be deleted. "
            "Archive it instead.",
            quals=self._quality_record_names(),
        )

    def write(self, vals):
        if not self._quality_in_workflow() and "active" in vals and not vals["active"]:
            disqualified = self.filtered(lambda q: q.state == "disqualified" and q.quality_signature_ids)
            if disqualified:
                self._quality_check_frozen(vals)  # frozen content is told first
                raise UserError(
                    _(
                        "%(quals)s is a signed disqualification: it stays on the record and keeps gating the "
                        "vendor. Reset it to pending (quality manager) and sign a new status instead.",
                        quals=", ".join(disqualified.mapped("display_name")),
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Signature hooks
    # ------------------------------------------------------------------
    def _quality_signature_fields(self):
        # reason is written from the signature's own comment when it is signed (sealed in the signature row).
        return ["partner_id", "categ_ids", "requested_state", "valid_from", "valid_until", "company_id"]

    def _quality_check_can_sign(self, meaning):
        if not self.env.user.has_group("quality_documents.group_quality_manager"):
            raise UserError(_("Only a quality manager can sign a supplier qualification."))
        if meaning not in ("approved", "disqualified"):
            raise UserError(_("A supplier qualification is signed as approved or disqualified."))
        if meaning == "approved" and self.requested_state not in ("approved", "conditional"):
            raise UserError(_("Choose Approve or Approve Conditionally before signing."))
        if meaning == "disqualified" and self.requested_state != "disqualified":
            raise UserError(_("Choose Disqualify before signing."))
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "approved":
            name = self._quality_status_transitions[self.requested_state]
        elif signature.meaning == "disqualified":
            name = "disqualify"
        else:
            return super()._quality_on_signed(signature)
        vals = {}
        if signature.comment:
            vals["reason"] = signature.comment
        self._quality_transition(name, vals)
        return super()._quality_on_signed(signature)

    def _quality_request(self, status):
        """Record which status the next signature is for (quality managers, from a state that allows it)."""
        self.ensure_one()
        if status not in SIGNED_STATES:
            raise UserError(_("Unknown qualification status %(status)s.", status=status))
        if not self.env.su and not self.env.user.has_group(QUALITY_MANAGER):
            raise AccessError(_("Only a quality manager can sign a supplier qualification."))
        self._quality_check_transition(self._quality_status_transitions[status])
        self._quality_workflow_write({"requested_state": status})

    def _quality_sign_status(self, status, password, comment=False):
        """Sign this qualification into ``status`` (approved, conditional, disqualified)."""
        self.ensure_one()
        if status not in SIGNED_STATES:
            raise UserError(_("Unknown qualification status %(status)s.", status=status))
        if status in ("conditional", "disqualified") and not (comment or "").strip():
            raise UserError(_("Give a reason (the conditions or the grounds) to sign this status."))
        self._quality_request(status)
        meaning = "disqualified" if status == "disqualified" else "approved"
        return self._quality_sign(meaning, password, comment)

    def _action_request(self, status, meaning, comment_required):
        self.ensure_one()
        self._quality_request(status)
        return self.with_context(
            quality_sign_meaning=meaning, quality_sign_comment_required=comment_required
        ).action_quality_sign()

    def action_request_approved(self):
        return self._action_request("approved", "approved", False)

    def action_request_conditional(self):
        return self._action_request("conditional", "approved", True)

    def action_request_disqualified(self):
        return self._action_request("disqualified", "disqualified", True)

    def action_reset_pending(self):
        self._quality_transition("reset_pending", {"requested_state": False})
        return True

    def _set_probation(self, reason):
        """Put these qualifications on probation (no signature needed), saying why on the chatter."""
        to_change = self.filtered(lambda q: q.state in ("approved", "conditional", "pending"))
        if not to_change:
            return to_change
        to_change._quality_transition("probation", {"reason": reason})
        for qual in to_change:
            qual.message_post(body=_("Moved to probation: %(reason)s", reason=reason))
        return to_change

    # ------------------------------------------------------------------
    # Status engine (used by the purchase gate, receipts and badges)
    # ------------------------------------------------------------------
    def _is_valid_on(self, date):
        self.ensure_one()
        return (not self.valid_from or self.valid_from <= date) and (not self.valid_until or self.valid_until >= date)

    @api.model
    def _get_qualification_candidates(self, partners, categories, company):
        """Return {(partner_id, categ_id): [(specificity, qualification), ...]} for every pair.

        One search for all partners and categories. Specificity is the depth
        of the nearest scope category that is an ancestor of (or is) the
        category; an empty scope (all products) has specificity 0.
        """
        partners = partners.commercial_partner_id
        quals = partners.with_env(self.env)._quality_qualifications(company)  # with what is read below: one query
        by_partner = {}
        for qual in quals:
            by_partner.setdefault(qual.partner_id.id, []).append(qual)
        result = {}
        for categ in categories:
            ancestors = [int(x) for x in (categ.parent_path or "").split("/") if x]
            depth = {cid: idx + 1 for idx, cid in enumerate(ancestors)}
            for partner in partners:
                candidates = []
                for qual in by_partner.get(partner.id, []):
                    specificity = 0
                    if qual.categ_ids:
                        specificity = max((depth.get(cid, 0) for cid in qual.categ_ids.ids), default=0)
                        if not specificity:
                            continue
                    candidates.append((specificity, qual))
                result[(partner.id, categ.id)] = candidates
        return result

    @api.model
    def _pick_qualification(self, candidates, date):
        """The qualification that decides: most specific scope, then valid on ``date``, then most recent."""
        best, best_key = self.browse(), None
        for specificity, qual in candidates or []:
            key = (specificity, qual._is_valid_on(date), qual.valid_from or date.min, qual.id)
            if best_key is None or key > best_key:
                best, best_key = qual, key
        return best

    def _pick_vendor_qualification(self, date):
        """Of these qualifications of one vendor, the one that stands for the vendor as a whole (its badge and
        status hint): the broadest scope (all products), ranked like the purchase gate by ``_pick_qualification``,
        among those valid on ``date`` if any is."""
        valid = self.filtered(lambda q: q._is_valid_on(date)) or self
        return self._pick_qualification([(0 if qual.categ_ids else 1, qual) for qual in valid], date)

    @api.model
    def _get_status(self, partner, product, date=None, company=None):
        """The qualification deciding the status of ``partner`` for ``product`` (may be empty)."""
        company = company or self.env.company
        date = date or quality_today(self)
        candidates = self._get_qualification_candidates(partner, product.categ_id, company)
        return self._pick_qualification(candidates.get((partner.commercial_partner_id.id, product.categ_id.id)), date)
