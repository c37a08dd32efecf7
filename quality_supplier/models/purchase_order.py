from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import UserError

from .quality_supplier_qualification import QUALIFICATION_STATES

AUTO_KEY = "quality_supplier_auto"
GATE_ACTIVITY_SUMMARY = "Supplier not qualified: RFQ not confirmed"


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "quality.signature.mixin"]

    quality_supplier_status = fields.Selection(
        related="partner_id.commercial_partner_id.quality_supplier_status", string="Supplier Quality Status"
    )
    quality_gate_message = fields.Text(compute="_compute_quality_gate", string="Supplier Quality Gate")
    quality_gate_blocked = fields.Boolean(compute="_compute_quality_gate")
    quality_override_ids = fields.One2many("quality.supplier.override", "order_id", string="Gate Overrides")
    quality_override_available = fields.Boolean(compute="_compute_quality_gate")

    @api.depends("partner_id", "order_line.product_id", "date_order", "state", "company_id")
    def _compute_quality_gate(self):
        todo = self.filtered(lambda o: o.state in ("draft", "sent", "to approve") and o.id)
        blocked = todo._quality_gate_blocked_lines()
        for order in self:
            lines = blocked.get(order.id)
            order.quality_gate_blocked = bool(lines)
            order.quality_gate_message = "\n".join(lines) if lines else False
            order.quality_override_available = bool(order.quality_override_ids.filtered(lambda o: not o.used))

    # ------------------------------------------------------------------
    # The gate
    # ------------------------------------------------------------------
    def _quality_gate_blocked_lines(self):
        """Return {order id: [one text per blocked line]} for these orders.

        Constant number of queries whatever the number of orders and lines:
        one search of flagged categories and one search of qualifications per
        company, the rest is batched reads through the prefetch.
        """
        result = {}
        states = dict([("none", _("not qualified"))] + [(k, v.lower()) for k, v in QUALIFICATION_STATES])
        Qualification = self.env["quality.supplier.qualification"]
        for company in self.company_id:
            orders = self.filtered(lambda o, c=company: o.company_id == c)
            lines = orders.order_line.filtered(
                lambda ln: not ln.display_type and ln.product_id and ln.product_id.type != "service"
            )
            if not lines:
                continue
            if company.quality_supplier_scope == "controlled":
                controlled = set(self.env["product.category"].sudo().search([("quality_controlled", "=", True)]).ids)
                lines = lines.filtered(
                    lambda ln, ids=controlled: (
                        ids and any(int(x) in ids for x in (ln.product_id.categ_id.parent_path or "").split("/") if x)
                    )
                )
                if not lines:
                    continue
            allowed = ("approved", "conditional") if company.quality_supplier_allow_conditional else ("approved",)
            needed_label = (
                _("an approved or conditional qualification")
                if company.quality_supplier_allow_conditional
                else _("an approved qualification")
            )
            partners = lines.order_id.partner_id.commercial_partner_id
            categories = lines.product_id.categ_id
            candidates = Qualification._get_qualification_candidates(partners, categories, company)
            for line in lines:
                order = line.order_id
                partner = order.partner_id.commercial_partner_id
                categ = line.product_id.categ_id
                date = quality_today(order, order.date_order or fields.Datetime.now())
                qual = Qualification._pick_qualification(candidates.get((partner.id, categ.id)), date)
                if qual and qual.state in allowed and qual._is_valid_on(date):
                    continue
                if not qual:
                    status = states["none"]
                elif not qual._is_valid_on(date):
                    status = _(
                        "%(state)s, not valid on %(date)s (valid %(start)s – %(end)s)",
                        state=states[qual.state],
                        date=date,
                        start=qual.valid_from or "…",
                        end=qual.valid_until or "…",
                    )
                else:
                    status = states[qual.state]
                result.setdefault(order.id, []).append(
                    _(
                        "- %(product)s: vendor %(vendor)s is %(status)s for category %(categ)s; "
                        "needs %(needed)s covering %(categ)s valid on %(date)s.",
                        product=line.product_id.display_name,
                        vendor=partner.display_name,
                        status=status,
                        categ=categ.display_name,
                        needed=needed_label,
                        date=date,
                    )
                )
        return result

    def _quality_gate_error_message(self, blocked):
        parts = []
        for order in self.filtered(lambda o: o.id in blocked):
            parts.append(
                _(
                    "Purchase order %(order)s cannot be confirmed: the supplier quality gate blocks these lines:\n%(lines)s",
                    order=order.name,
                    lines="\n".join(blocked[order.id]),
                )
            )
        parts.append(
            _(
                "Ask Quality to qualify the vendor for these categories, or a quality manager to sign a "
                "one-time override of this order."
            )
        )
        return "\n\n".join(parts)

    def _quality_gate(self):
        """Apply the gate to these orders; return the orders that may go on.

        Raises with the list of blocked lines; in an automatic flow
        (context ``quality_supplier_auto``), leaves the blocked orders as RFQs
        with an activity for the buyer instead.
        """
        blocked = self._quality_gate_blocked_lines()
        if not blocked:
            return self
        overrides = self.quality_override_ids.filtered(lambda o: not o.used)
        overridden_ids = set(overrides.order_id.ids)
        refused = self.filtered(lambda o: o.id in blocked and o.id not in overridden_ids)
        if refused:
            if not self.env.context.get(AUTO_KEY):
                raise UserError(refused._quality_gate_error_message(blocked))
            refused._quality_gate_schedule_activity(blocked)
        used = overrides.filtered(lambda o: o.order_id.id in blocked)
        if used:
            used.sudo().write({"used": True, "used_at": fields.Datetime.now()})
            for override in used:
                override.order_id.message_post(
                    body=_(
                        "Confirmed under the supplier quality override signed by %(name)s: %(reason)s",
                        name=override.signer_id.name,
                        reason=override.reason,
                    )
                )
        return self - refused

    def _quality_gate_schedule_activity(self, blocked):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for order in self:
            if order.activity_ids.filtered(lambda a: a.summary == GATE_ACTIVITY_SUMMARY):
                continue
            user = order.user_id or order.partner_id.commercial_partner_id.buyer_id
            if not user or user._is_superuser() or not user.active:
                user = self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": GATE_ACTIVITY_SUMMARY,
                    "note": _(
                        "This RFQ was created automatically but stays an RFQ: the supplier quality gate blocks it.\n%(lines)s",
                        lines="\n".join(blocked[order.id]),
                    ),
                }
            )
        if vals_list:
            self.env["mail.activity"].sudo().create(vals_list)

    def button_confirm(self):
        todo = self.filtered(lambda o: o.state in ("draft", "sent"))
        allowed = todo._quality_gate()
        return super(PurchaseOrder, (self - todo) | allowed).button_confirm()

    def button_approve(self, force=False):
        waiting = self.filtered(lambda o: o.state == "to approve")
        if waiting:
            allowed = waiting._quality_gate()
            self = (self - waiting) | allowed  # pylint: disable=self-cls-assignment
        return super().button_approve(force=force)

    # ------------------------------------------------------------------
    # Signed one-time override
    # ------------------------------------------------------------------
    def _quality_signature_fields(self):
        return ["name", "partner_id", "order_line", "amount_total", "currency_id", "company_id"]

    def _quality_check_can_sign(self, meaning):
        if meaning != "override":
            raise UserError(_("A purchase order is signed only to override the supplier quality gate."))
        if not self.env.user.has_group("quality_documents.group_quality_manager"):
            raise UserError(_("Only a quality manager can sign an override of the supplier quality gate."))
        if self.state not in ("draft", "sent", "to approve"):
            raise UserError(_("Only an order that is not confirmed yet can get a supplier quality override."))
        if not self._quality_gate_blocked_lines():
            raise UserError(_("The supplier quality gate does not block this order: there is nothing to override."))
        return True

    def _quality_sign_override(self, password, reason):
        """Sign a one-time override of the gate for this order, with a mandatory reason."""
        self.ensure_one()
        if not (reason or "").strip():
            raise UserError(_("An override of the supplier quality gate needs a reason."))
        return self._quality_sign("override", password, reason)

    def _quality_on_signed(self, signature):
        if signature.meaning != "override":
            return
        if not (signature.comment or "").strip():
            raise UserError(_("An override of the supplier quality gate needs a reason: write it in the comment."))
        blocked = self._quality_gate_blocked_lines().get(self.id, [])
        self.env["quality.supplier.override"].sudo().create(
            {
                "order_id": self.id,
                "partner_id": self.partner_id.commercial_partner_id.id,
                "signature_id": signature.id,
                "signer_id": signature.signer_id.id,
                "signed_at": signature.signed_at,
                "reason": signature.comment,
                "blocked_lines": "\n".join(blocked),
                "company_id": self.company_id.id,
            }
        )
        self.message_post(
            body=_(
                "One-time supplier quality override signed by %(name)s. Reason: %(reason)s. Lines overridden:\n%(lines)s",
                name=signature.printed_name,
                reason=signature.comment,
                lines="\n".join(blocked),
            )
        )

    def action_quality_request_override(self):
        return self.with_context(
            quality_sign_meaning="override", quality_sign_comment_required=True
        ).action_quality_sign()
