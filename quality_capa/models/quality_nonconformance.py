from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.addons.quality_documents.models.quality_sequence import quality_sequence_names
from odoo.exceptions import UserError, ValidationError

QUALITY_USER = "quality_documents.group_quality_user"
# Where a problem was seen: the nonconformance's and the Report a Problem dialog's one list.
NC_SOURCES = [
    ("production", "Production"),
    ("receiving", "Receiving"),
    ("supplier", "Supplier"),
    ("customer", "Customer Complaint"),
    ("audit", "Internal Audit"),
    ("process", "Process"),
]
SEVERITIES = [("minor", "Minor"), ("major", "Major"), ("critical", "Critical")]
SEVERITY_SCORE = {"minor": 1, "major": 3, "critical": 5}
NC_STATES = [
    ("new", "New"),
    ("under_review", "Under Review"),
    ("dispositioned", "Dispositioned"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]


class QualityNonconformance(models.Model):
    _name = "quality.nonconformance"
    _description = "Nonconformance"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "date desc, id desc"
    # Changed only by the workflow: the status, who reported it, and the recurrence flag (set on reporting).
    _quality_workflow_fields = frozenset({"state", "reporter_id", "is_recurrence", "recurrence_capa_id"})
    _quality_locked_states = frozenset({"dispositioned"})  # a change needs a reason (quality.workflow.mixin)
    _quality_transitions = {
        "review": {"from": ("new",), "to": "under_review", "group": QUALITY_USER, "label": "Review"},
        "disposition": {
            "from": ("new", "under_review"),
            "to": "dispositioned",
            "group": QUALITY_USER,
            "meaning": "dispositioned",
            "label": "Disposition",
        },
        "close": {"from": ("dispositioned",), "to": "closed", "group": QUALITY_USER, "label": "Close"},
        "cancel": {
            "from": ("new", "under_review", "dispositioned"),
            "to": "cancelled",
            "group": QUALITY_USER,
            "label": "Cancel",
        },
    }
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/", index=True)
    title = fields.Char(required=True, tracking=True)
    description = fields.Html()
    date = fields.Datetime("Reported On", required=True, default=fields.Datetime.now, readonly=True)
    source = fields.Selection(NC_SOURCES, required=True, default="production", tracking=True)
    anonymous = fields.Boolean("Report Anonymously", help="The reporter is not stored.")
    reporter_id = fields.Many2one("res.users", "Reported By", readonly=True, copy=False)
    production_id = fields.Many2one("mrp.production", "Manufacturing Order", check_company=True, index="btree_not_null")
    workorder_id = fields.Many2one("mrp.workorder", "Work Order", check_company=True, index="btree_not_null")
    picking_id = fields.Many2one("stock.picking", "Receipt / Transfer", check_company=True, index="btree_not_null")
    purchase_line_id = fields.Many2one("purchase.order.line", "Purchase Order Line", check_company=True)
    purchase_id = fields.Many2one(
        "purchase.order",
        related="purchase_line_id.order_id",
        store=True,
        string="Purchase Order",
        index="btree_not_null",
    )
    product_id = fields.Many2one("product.product", check_company=True, tracking=True, index="btree_not_null")
    product_categ_id = fields.Many2one(related="product_id.categ_id", store=True, string="Product Category")
    lot_id = fields.Many2one("stock.lot", "Lot/Serial Number", check_company=True)
    partner_id = fields.Many2one(
        "res.partner", "Vendor / Customer", tracking=True, index="btree_not_null", check_company=True
    )
    workcenter_id = fields.Many2one("mrp.workcenter", "Work Center", check_company=True)
    quantity = fields.Float("Quantity Affected", digits="Product Unit of Measure")
    product_uom_id = fields.Many2one("uom.uom", "Unit")
    severity = fields.Selection(SEVERITIES, required=True, default="minor", tracking=True)
    occurrence = fields.Selection(
        [
            ("1", "1 – Isolated"),
            ("2", "2 – Rare"),
            ("3", "3 – Occasional"),
            ("4", "4 – Frequent"),
            ("5", "5 – Systematic"),
        ],
        required=True,
        default="1",
        tracking=True,
    )
    risk_score = fields.Integer(compute="_compute_risk", store=True)
    capa_needed = fields.Boolean("CAPA Needed", compute="_compute_risk", store=True)
    defect_category_id = fields.Many2one("quality.defect.category", tracking=True)
    containment = fields.Html()
    disposition = fields.Selection(
        [
            ("use_as_is", "Use As Is"),
            ("rework", "Rework"),
            ("scrap", "Scrap"),
            ("return_to_vendor", "Return to Vendor"),
            ("quarantine", "Quarantine"),
        ],
        tracking=True,
    )
    disposition_note = fields.Text()
    state = fields.Selection(
        NC_STATES,
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        group_expand="_quality_expand_states",
    )
    capa_ids = fields.Many2many(
        "quality.capa", "quality_capa_nonconformance_rel", "nonconformance_id", "capa_id", string="CAPAs"
    )
    capa_count = fields.Integer(compute="_compute_capa_count")
    is_recurrence = fields.Boolean("Recurrence", readonly=True, copy=False, tracking=True)
    recurrence_capa_id = fields.Many2one("quality.capa", "Recurrence Of", readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.depends("severity", "occurrence", "company_id.quality_capa_risk_threshold")
    def _compute_risk(self):
        for nc in self:
            nc.risk_score = SEVERITY_SCORE[nc.severity or "minor"] * int(nc.occurrence or 1)
            nc.capa_needed = nc.risk_score >= (nc.company_id.quality_capa_risk_threshold or 6)

    @api.depends("capa_ids")
    def _compute_capa_count(self):
        for nc in self:
            nc.capa_count = len(nc.capa_ids)

    @api.model
    def _check_quantity_affected(self, quantity, label):
        """The one rule on the quantity affected, for the nonconformance and the dialog that reports one."""
        if quantity < 0:
            raise ValidationError(_("%(label)s cannot be negative: enter 0 or more.", label=label))

    @api.constrains("quantity")
    def _check_quantity(self):
        for nc in self:
            self._check_quantity_affected(nc.quantity, _("The quantity affected"))

    @api.onchange("production_id")
    def _onchange_production_id(self):
        if self.production_id:
            self.product_id = self.production_id.product_id
            self.lot_id = self.production_id.lot_producing_id
            self.product_uom_id = self.production_id.product_uom_id

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id and not self.product_uom_id:
            self.product_uom_id = self.product_id.uom_id

    @api.model_create_multi
    def create(self, vals_list):
        if not self._quality_in_workflow():
            # The reporter's own values first: a nonconformance starts new, reported by whoever reports it.
            self._quality_check_workflow_create(vals_list)
        # Drawing the next number writes the sequence, which no user may write (Odoo's own pattern).
        for vals in quality_sequence_names(self, vals_list, "quality.nonconformance", sudo=True):
            vals["reporter_id"] = False if vals.get("anonymous") else vals.get("reporter_id") or self.env.uid
            vals.setdefault("company_id", self.env.company.id)
            vals.update(self._recurrence_values(vals))
        workflow = self._quality_workflow_context()
        if not any(vals.get("anonymous") for vals in vals_list):
            records = super(QualityNonconformance, workflow).create(vals_list).with_env(self.env)
        else:
            # Anonymous: created as the system, so that neither create_uid, the creation message nor the
            # followers name the reporter.
            system = workflow.with_user(SUPERUSER_ID).with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            ids = []
            for vals in vals_list:
                creator = super(QualityNonconformance, system if vals.get("anonymous") else workflow)
                ids.extend(creator.create([vals]).ids)
            records = self.browse(ids)
        records._notify_recurrence()
        return records

    def write(self, vals):
        if "anonymous" in vals and any(nc.anonymous != bool(vals["anonymous"]) for nc in self):
            raise UserError(_("Whether a nonconformance is reported anonymously is chosen when it is reported."))
        if self.filtered(lambda nc: nc.state in ("closed", "cancelled")) and set(vals) - {"capa_ids"}:
            raise UserError(_("A closed or cancelled nonconformance cannot be changed."))
        signed = {"disposition", "disposition_note"}.intersection(vals)
        if signed and self.filtered(lambda nc: nc.state == "dispositioned"):
            raise UserError(
                _("The disposition of a dispositioned nonconformance is signed: it can no longer be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_new_unsigned(self):
        if self.filtered(lambda nc: nc.state != "new" or nc.quality_signature_ids):
            raise UserError(_("Only new, unsigned nonconformances can be deleted; cancel the others."))

    # ------------------------------------------------------------------
    # Recurrence
    # ------------------------------------------------------------------
    @api.model
    def _recurrence_values(self, vals):
        """Recurrence flag of a nonconformance being reported: the CAPA implemented or closed in the recurrence
        window whose NCs have the same defect category and product (or product category), if any."""
        if not (vals.get("product_id") and vals.get("defect_category_id")):
            return {}
        company = self.env["res.company"].sudo().browse(vals.get("company_id") or self.env.company.id)
        product = self.env["product.product"].sudo().browse(vals["product_id"])
        since = fields.Datetime.now() - relativedelta(months=company.quality_recurrence_months or 12)
        capa = (
            self.env["quality.capa"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("implemented_date", ">=", since),
                    ("state", "in", ("effectiveness", "closed")),
                    ("nonconformance_ids.defect_category_id", "=", vals["defect_category_id"]),
                    "|",
                    ("nonconformance_ids.product_id", "=", product.id),
                    ("nonconformance_ids.product_categ_id", "=", product.categ_id.id),
                ],
                order="implemented_date desc",
                limit=1,
            )
        )
        return {"is_recurrence": True, "recurrence_capa_id": capa.id} if capa else {}

    def _notify_recurrence(self):
        """Tell the owner of the CAPA a new nonconformance repeats. For an anonymous report the system does it,
        so that neither the activity nor the message names the reporter.

        A system consequence of the report: the reporter (any employee) may neither read nor write the CAPA,
        so it is read as the system and gets only an activity and a log note; nothing of the CAPA changes."""
        for nc in self.sudo().filtered("recurrence_capa_id"):
            capa = nc.recurrence_capa_id
            if nc.anonymous:
                capa = capa.with_user(SUPERUSER_ID)
            capa.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=capa.owner_id.id or capa.env.uid,
                summary=_("Recurrence: %(nc)s", nc=nc.name),
                note=_(
                    "%(nc)s repeats the defect this CAPA addressed (%(categ)s on %(product)s).",
                    nc=nc.name,
                    categ=nc.defect_category_id.complete_name,
                    product=nc.product_id.display_name,
                ),
            )
            capa._message_log(body=_("Recurrence reported: %(nc)s.", nc=nc.name))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_review(self):
        return self._quality_transition("review")

    def _quality_signature_fields(self):
        return ["name", "title", "product_id", "lot_id", "quantity", "severity", "disposition", "disposition_note"]

    def _quality_check_can_sign(self, meaning):
        if meaning != "dispositioned":
            raise UserError(_("A nonconformance is signed only for its disposition."))
        if not self.disposition:
            raise UserError(_("Choose the disposition before signing it."))
        if self.state not in ("new", "under_review"):
            raise UserError(_("%(nc)s is already dispositioned.", nc=self.name))
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "dispositioned":
            self._quality_transition("disposition")
        return super()._quality_on_signed(signature)

    def action_disposition(self):
        """Minor: disposition at once. Major or critical: the disposition needs a signature."""
        self.ensure_one()
        self._quality_check_transition("disposition")
        if not self.disposition:
            raise UserError(_("Choose the disposition (use as is, rework, scrap, return to vendor, quarantine)."))
        if self.severity in ("major", "critical"):
            return self.with_context(quality_sign_meaning="dispositioned").action_quality_sign()
        return self._quality_transition("disposition")

    def action_close(self):
        self._quality_check_transition("close")
        for nc in self:
            if nc.capa_needed and not nc.capa_ids:
                raise UserError(
                    _("%(nc)s needs a CAPA (risk %(score)s): open one before closing.", nc=nc.name, score=nc.risk_score)
                )
        return self._quality_transition("close")

    def action_cancel(self):
        return self._quality_transition("cancel")

    def action_create_capa(self):
        """Open a CAPA linked to these nonconformances."""
        if not self:
            raise UserError(_("Select the nonconformances the CAPA addresses."))
        if len(self.company_id) > 1:
            raise UserError(_("A CAPA addresses nonconformances of one company."))
        first = self[0]
        capa = self.env["quality.capa"].create(
            {
                "title": first.title
                if len(self) == 1
                else _("%(n)s nonconformances: %(t)s", n=len(self), t=first.title),
                "capa_type": "corrective",
                "origin": "nonconformance",
                "nonconformance_ids": [(6, 0, self.ids)],
                "partner_id": first.partner_id.id if first.source in ("receiving", "supplier") else False,
                "problem_statement": "\n".join(f"{nc.name}: {nc.title}" for nc in self),
                "company_id": first.company_id.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.capa",
            "res_id": capa.id,
            "view_mode": "form",
        }

    def action_open_capas(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("CAPAs"),
            "res_model": "quality.capa",
            "view_mode": "list,form",
            "domain": [("id", "in", self.capa_ids.ids)],
        }

    @api.model
    def _report_action(self, values, title=None):
        """Window action opening a new nonconformance prefilled with ``values``."""
        return {
            "type": "ir.actions.act_window",
            "name": title or _("Report Nonconformance"),
            "res_model": "quality.nonconformance",
            "view_mode": "form",
            "target": "current",
            "context": {f"default_{key}": value for key, value in values.items() if value},
        }

    @api.model
    def _count_by(self, field, records):
        """{record id: NC count} for ``records`` through ``field`` (one grouped query)."""
        groups = self.sudo()._read_group([(field, "in", records.ids)], [field], ["__count"])
        return {rec.id: count for rec, count in groups}

    @api.model
    def _action_for(self, field, records, defaults=None):
        return {
            "type": "ir.actions.act_window",
            "name": _("Nonconformances"),
            "res_model": "quality.nonconformance",
            "view_mode": "list,form",
            "domain": [(field, "in", records.ids)],
            "context": {f"default_{k}": v for k, v in (defaults or {}).items()},
        }
