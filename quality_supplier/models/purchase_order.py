import json

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import AccessError, UserError

from .quality_supplier_qualification import QUALIFICATION_STATES

AUTO_KEY = "quality_supplier_auto"
GATE_ACTIVITY_SUMMARY = "Supplier not qualified: RFQ not confirmed"
WARN_ACTIVITY_SUMMARY = "Supplier not qualified: confirmed under the warn-only gate"
# The states an order reaches only through the supplier gate.
CONFIRMED_STATES = ("purchase", "done")
# What an override covers (and what the gate reads): a change of them voids a signed override.
ORDER_CONTENT_FIELDS = frozenset({"partner_id", "order_line", "currency_id", "company_id"})
LINE_CONTENT_FIELDS = frozenset({"product_id", "product_qty", "product_uom", "price_unit", "display_type", "order_id"})
GATE_PASSED_KEY = "quality_supplier_gate_passed"
# In process only (a Python object, not a JSON value): the lines being created with their order.
CREATING_KEY = "quality_supplier_creating_order"
CREATING = object()


class GatePassed:
    """Context value saying that the gate already ran for the orders ``ids`` (in process only: a JSON-RPC
    client cannot send a Python object). Used by the benchmark to time stock Odoo's confirmation."""

    __slots__ = ("ids",)

    def __init__(self, ids):
        self.ids = frozenset(ids)


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "quality.signature.mixin"]

    quality_supplier_status = fields.Selection(
        related="partner_id.commercial_partner_id.quality_supplier_status", string="Supplier Quality Status"
    )
    quality_gate_mode = fields.Selection(related="company_id.quality_supplier_gate_mode", string="Supplier Gate Mode")
    quality_gate_message = fields.Text(compute="_compute_quality_gate", string="Supplier Quality Gate")
    quality_gate_blocked = fields.Boolean(compute="_compute_quality_gate")
    quality_override_ids = fields.One2many("quality.supplier.override", "order_id", string="Gate Overrides")
    quality_override_available = fields.Boolean(compute="_compute_quality_gate")
    quality_gate_content = fields.Text(
        compute="_compute_quality_gate_content",
        string="Gated Content",
        help="Vendor, currency, company and each line's product, unit of measure, quantity and unit price: "
        "what a supplier gate override covers.",
    )

    @api.depends(
        "partner_id",
        "order_line.product_id",
        "order_line.product_qty",
        "order_line.price_unit",
        "state",
        "company_id",
        "company_id.quality_supplier_gate_mode",
        "quality_override_ids.used",
        "quality_override_ids.void",
    )
    def _compute_quality_gate(self):
        todo = self.filtered(lambda o: o.state in ("draft", "sent", "to approve") and o.id)
        blocked = todo._quality_gate_blocked_lines()
        for order in self:
            lines = blocked.get(order.id)
            order.quality_gate_blocked = bool(lines)
            order.quality_gate_message = "\n".join(lines) if lines else False
            order.quality_override_available = bool(order._quality_live_overrides())

    @api.depends(
        "partner_id",
        "currency_id",
        "company_id",
        "order_line.product_id",
        "order_line.product_uom",
        "order_line.product_qty",
        "order_line.price_unit",
    )
    def _compute_quality_gate_content(self):
        for order in self:
            order.quality_gate_content = order._quality_gate_content_key()

    def _quality_gate_content_key(self):
        """Canonical text of what an override covers (stored ids and numbers, never display names)."""
        self.ensure_one()
        lines = sorted(
            [line.product_id.id, line.product_uom.id, repr(float(line.product_qty)), repr(float(line.price_unit))]
            for line in self.order_line
            if not line.display_type
        )
        data = {
            "vendor": self.partner_id.commercial_partner_id.id,
            "currency": self.currency_id.id,
            "company": self.company_id.id,
            "lines": lines,
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    # ------------------------------------------------------------------
    # The gate: on the state, whatever sets it
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # An order created directly as confirmed passes the gate once it and its lines exist (its lines are
        # gated with it, not one by one as lines added to a confirmed order).
        creating = self.with_context(**{CREATING_KEY: CREATING})
        orders = super(PurchaseOrder, creating).create(vals_list).with_env(self.env)
        entering = orders.filtered(lambda o: o.state in CONFIRMED_STATES)
        entering -= self._quality_gate_bypassed(entering)
        if entering:
            refused = entering - entering._quality_gate()
            if refused:  # automatic flow: the order stays an RFQ
                super(PurchaseOrder, refused).write({"state": "draft"})
        return orders

    def write(self, vals):
        if vals.get("state") in CONFIRMED_STATES:
            entering = self.filtered(lambda o: o.state not in CONFIRMED_STATES)
            entering -= self._quality_gate_bypassed(entering)
            if entering:
                content = {key: value for key, value in vals.items() if key in ORDER_CONTENT_FIELDS}
                if content:  # the gate judges the order as it will be confirmed
                    self.write(content)
                    vals = {key: value for key, value in vals.items() if key not in content}
                refused = entering - entering._quality_gate()
                self -= refused  # pylint: disable=self-cls-assignment
                if not self:
                    return True
        watched = self._quality_orders_with_live_overrides() if ORDER_CONTENT_FIELDS.intersection(vals) else None
        confirmed = self.filtered(lambda o: o.state in CONFIRMED_STATES) if "partner_id" in vals else self.browse()
        res = super().write(vals)
        if watched:
            watched._quality_check_override_content()
        if confirmed:  # a confirmed order moved to another vendor: its lines are bought from that vendor now
            confirmed.order_line._quality_gate_confirmed_lines()
        return res

    def _quality_gate_bypassed(self, orders):
        passed = self.env.context.get(GATE_PASSED_KEY)
        if isinstance(passed, GatePassed):
            return orders.filtered(lambda o: o.id in passed.ids)
        return orders.browse()

    def button_confirm(self):
        # One gate for all these orders. Those that wait for a second approval are gated now already (the
        # buyer learns it at once) and again when they are approved, as every path into "purchase" is.
        todo = self.filtered(lambda o: o.state in ("draft", "sent"))
        direct = todo.filtered(lambda o: o._approval_allowed())
        allowed = todo._quality_gate(final=direct)
        passed = GatePassed((allowed & direct).ids)
        orders = (self - (todo - allowed)).with_context(**{GATE_PASSED_KEY: passed})
        return super(PurchaseOrder, orders).button_confirm()

    def _quality_gate_problems(self, categories=None, modes=("warn", "enforce")):
        """Return {order id: [(line, text)]} for the lines the gate refuses on these orders, today.

        The gate reads only the lines whose product category (or one of its parents) quality marked as
        needing a qualified supplier (or, when ``categories`` is given, those categories instead: the rollout
        report), of companies whose gate mode is in ``modes``. Validity is judged on the company's today,
        never on a date of the order. A constant number of queries whatever the number of orders and
        lines: the marks of the lines' categories and their parents (one read, none when they are in cache),
        the company's calendar, and one query of qualifications per company.
        """
        result = {}
        orders = self.filtered(lambda o: o.company_id.quality_supplier_gate_mode in modes)
        lines = orders._quality_gate_lines(categories)
        if not lines:
            return result
        states = dict([("none", _("not qualified"))] + [(k, v.lower()) for k, v in QUALIFICATION_STATES])
        Qualification = self.env["quality.supplier.qualification"]
        for company in lines.order_id.company_id:
            mine = lines.filtered(lambda ln, c=company: ln.order_id.company_id == c)
            date = quality_today(self.with_company(company))
            partners = mine.order_id.partner_id.commercial_partner_id
            candidates = Qualification._get_qualification_candidates(partners, mine.product_id.categ_id, company)
            for line in mine:
                partner = line.order_id.partner_id.commercial_partner_id
                qual = Qualification._pick_qualification(
                    candidates.get((partner.id, line.product_id.categ_id.id)), date
                )
                text = self._quality_gate_line_problem(line, qual, company, date, states)
                if text:
                    result.setdefault(line.order_id.id, []).append((line, text))
        return result

    def _quality_gate_lines(self, categories=None):
        """The lines of these orders the gate reads: goods (not services, not sections or notes) of a category
        that quality marked, itself or one of its parents (or, when ``categories`` is given, of those)."""
        lines = self.order_line.filtered(
            lambda ln: not ln.display_type and ln.product_id and ln.product_id.type != "service"
        )
        paths = {line: [int(x) for x in (line.product_id.categ_id.parent_path or "").split("/") if x] for line in lines}
        if categories is None:
            # The marks of the categories and their parents, read together (the lines' own are in cache).
            ancestors = self.env["product.category"].sudo().browse({cid for path in paths.values() for cid in path})
            categories = ancestors.filtered("quality_controlled")
        marked = set(categories.ids)
        return lines.filtered(lambda ln: any(cid in marked for cid in paths[ln]))

    def _quality_gate_line_problem(self, line, qual, company, date, states):
        """Why the gate refuses ``line`` of a vendor whose deciding qualification is ``qual`` (may be empty), on
        ``date`` in ``company``; False when it does not."""
        conditional = company.quality_supplier_allow_conditional
        allowed = ("approved", "conditional") if conditional else ("approved",)
        if qual and qual.state in allowed and qual._is_valid_on(date):
            return False
        categ = line.product_id.categ_id
        return _(
            "- %(product)s: vendor %(vendor)s is %(status)s for category %(categ)s; "
            "needs %(needed)s covering %(categ)s valid on %(date)s.",
            product=line.product_id.display_name,
            vendor=line.order_id.partner_id.commercial_partner_id.display_name,
            status=self._quality_gate_status_text(qual, date, states),
            categ=categ.display_name,
            needed=_("an approved or conditional qualification") if conditional else _("an approved qualification"),
            date=date,
        )

    @api.model
    def _quality_gate_status_text(self, qual, date, states):
        """How the gate names the vendor's standing from ``qual`` (may be empty) on ``date``."""
        if not qual:
            return states["none"]
        if not qual._is_valid_on(date):
            return _(
                "%(state)s, not valid on %(date)s (valid %(start)s – %(end)s)",
                state=states[qual.state],
                date=date,
                start=qual.valid_from or "…",
                end=qual.valid_until or "…",
            )
        return states[qual.state]

    def _quality_gate_blocked_lines(self):
        """Return {order id: [one text per blocked line]} for these orders (gate mode warn or enforce)."""
        return {
            order_id: [text for _line, text in problems] for order_id, problems in self._quality_gate_problems().items()
        }

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

    def _quality_gate(self, final=None):
        """Apply the gate to these orders; return those that may go on.

        ``final``: the orders among these that enter purchase/done now (default: all); only they consume
        their override and get the warn-only warning.

        Enforce: raises with the list of blocked lines, or, in an automatic flow (context
        ``quality_supplier_auto``), leaves the blocked orders as RFQs with an activity for the buyer.
        Warn only: the orders go on, with the refusal posted on them and an activity for the buyer.
        An override signed for exactly the order's current content lets it go on once.
        """
        blocked = self._quality_gate_blocked_lines()
        if not blocked:
            return self
        orders = self.filtered(lambda o: o.id in blocked)
        overrides = orders._quality_valid_overrides()
        covered = orders.filtered(lambda o: o.id in overrides)
        warned = (orders - covered).filtered(lambda o: o.company_id.quality_supplier_gate_mode == "warn")
        refused = orders - covered - warned
        if refused:
            if not self.env.context.get(AUTO_KEY):
                raise UserError(refused._quality_gate_error_message(blocked))
            refused._quality_gate_schedule_activity(blocked)
        final = self if final is None else final
        if warned & final:
            (warned & final)._quality_gate_warn(blocked)
        for order in covered & final:
            override = overrides[order.id]
            # Nobody may write an override: the gate marks it used for the buyer who confirmed (2 fields, 1 record).
            override.sudo()._quality_workflow_write({"used": True, "used_at": fields.Datetime.now()})
            order.message_post(
                body=_(
                    "Confirmed under the supplier quality override signed by %(name)s: %(reason)s",
                    name=override.signer_id.name,
                    reason=override.reason,
                )
            )
        return self - refused

    def _quality_gate_warn(self, blocked):
        for order in self:
            order.message_post(
                body=_(
                    "Warning from the supplier quality gate (warn only): once the gate enforces, this order "
                    "would be refused. Blocked lines:\n%(lines)s",
                    lines="\n".join(blocked[order.id]),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self._quality_gate_schedule_activity(blocked, warn=True)

    def _quality_gate_schedule_activity(self, blocked, warn=False):
        """The buyer's activity about the blocked lines, once per order (an open one of the type is kept)."""
        if warn:
            activity_type = self.env.ref("quality_supplier.mail_activity_supplier_gate_warn")
            summary = WARN_ACTIVITY_SUMMARY
            intro = _("This order was confirmed although the supplier quality gate (warn only) refuses it.")
        else:
            activity_type = self.env.ref("quality_supplier.mail_activity_supplier_gate_blocked")
            summary = GATE_ACTIVITY_SUMMARY
            intro = _("This RFQ stays an RFQ: the supplier quality gate blocks it.")

        def prepare(order):
            user = order.user_id or order.partner_id.commercial_partner_id.buyer_id
            if not user or user._is_superuser() or not user.active:
                user = self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
            return {"user_id": user.id, "summary": summary, "note": intro + "\n" + "\n".join(blocked[order.id])}

        # With the rights of whoever triggered the gate: confirming an order needs its write right anyway.
        return self.env["quality.activity"]._quality_schedule_once(self, activity_type, prepare)

    # ------------------------------------------------------------------
    # Signed one-time override: it covers exactly the content signed
    # ------------------------------------------------------------------
    def _quality_live_overrides(self):
        return self.quality_override_ids.filtered(lambda o: not o.used and not o.void)

    def _quality_orders_with_live_overrides(self):
        return self.filtered(lambda o: o.id and o._quality_live_overrides())

    def _quality_check_override_content(self):
        """Void the live overrides of these orders whose content changed since signing, saying so."""
        for override in self._quality_live_overrides():
            if override.signed_content != override.order_id._quality_gate_content_key():
                override._quality_void()

    def _quality_valid_overrides(self):
        """{order id: override} for the live overrides whose signed content is the order's current content."""
        self._quality_check_override_content()
        return {override.order_id.id: override for override in self._quality_live_overrides()}

    def _quality_signature_fields(self):
        return ["name", "partner_id", "currency_id", "company_id", "amount_total", "quality_gate_content"]

    def _quality_check_can_sign(self, meaning):
        res = super()._quality_check_can_sign(meaning)
        if meaning != "override":
            raise UserError(_("A purchase order is signed only to override the supplier quality gate."))
        if not self.env.user.has_group("quality_documents.group_quality_manager"):
            raise UserError(_("Only a quality manager can sign an override of the supplier quality gate."))
        if self.state not in ("draft", "sent", "to approve"):
            raise UserError(_("Only an order that is not confirmed yet can get a supplier quality override."))
        if not self._quality_gate_blocked_lines():
            raise UserError(_("The supplier quality gate does not block this order: there is nothing to override."))
        return res

    def _quality_sign_override(self, password, reason):
        """Sign a one-time override of the gate for this order, with a mandatory reason."""
        self.ensure_one()
        if not self.env.user.has_group("quality_documents.group_quality_manager"):
            raise AccessError(_("Only a quality manager can sign an override of the supplier quality gate."))
        if not (reason or "").strip():
            raise UserError(_("An override of the supplier quality gate needs a reason."))
        return self._quality_sign("override", password, reason)

    def _quality_on_signed(self, signature):
        res = super()._quality_on_signed(signature)
        if signature.meaning != "override":
            return res
        if not (signature.comment or "").strip():
            raise UserError(_("An override of the supplier quality gate needs a reason: write it in the comment."))
        blocked = self._quality_gate_blocked_lines().get(self.id, [])
        # Evidence of the signature, written by the signing service (nobody has a write right on overrides).
        self._quality_live_overrides()._quality_void(_("a new override was signed"))  # writes its 3 fields itself
        self.env["quality.supplier.override"].sudo()._quality_workflow_create(
            [
                {
                    "order_id": self.id,
                    "partner_id": self.partner_id.commercial_partner_id.id,
                    "signature_id": signature.id,
                    "signer_id": signature.signer_id.id,
                    "signed_at": signature.signed_at,
                    "reason": signature.comment,
                    "blocked_lines": "\n".join(blocked),
                    "signed_content": self._quality_gate_content_key(),
                    "company_id": self.company_id.id,
                }
            ]
        )
        self.message_post(
            body=_(
                "One-time supplier quality override signed by %(name)s. Reason: %(reason)s. Lines overridden:\n%(lines)s\n"
                "It covers this vendor and these lines' products, quantities and unit prices: any change voids it.",
                name=signature.printed_name,
                reason=signature.comment,
                lines="\n".join(blocked),
            )
        )
        return res

    def action_quality_request_override(self):
        return self.with_context(
            quality_sign_meaning="override", quality_sign_comment_required=True
        ).action_quality_sign()
