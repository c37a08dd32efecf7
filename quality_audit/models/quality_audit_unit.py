from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import ValidationError

RISK_LEVELS = [("high", "High"), ("medium", "Medium"), ("low", "Low")]
OPEN_AUDIT_STATES = ("planned", "prepared", "in_progress", "reporting")


class QualityAuditUnit(models.Model):
    """An auditable unit of the audit programme: a process, a department or a vendor."""

    _name = "quality.audit.unit"
    _description = "Auditable Unit"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.workflow.mixin"]
    _order = "next_audit_date, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    unit_type = fields.Selection(
        [("process", "Process"), ("department", "Department"), ("vendor", "Vendor")],
        "Type",
        required=True,
        default="process",
        tracking=True,
    )
    department_id = fields.Many2one("hr.department", check_company=True, tracking=True)
    partner_id = fields.Many2one("res.partner", "Vendor", tracking=True, check_company=True)
    responsible_id = fields.Many2one("res.users", "Process Owner", tracking=True)
    risk_level = fields.Selection(RISK_LEVELS, required=True, default="medium", tracking=True)
    frequency_months = fields.Integer(
        "Frequency (months)",
        compute="_compute_frequency_months",
        store=True,
        readonly=False,
        tracking=True,
        help="Months between two audits. Set from the risk level (company settings); you may change it.",
    )
    reference_date = fields.Date(
        "Programme Start",
        required=True,
        default=quality_today,
        help="Date of the last audit made before this unit entered the programme (or the programme start).",
    )
    audit_ids = fields.One2many("quality.audit", "unit_id", "Audits")
    audit_count = fields.Integer(compute="_compute_audit_count")
    last_audit_date = fields.Date(compute="_compute_audit_dates", store=True)
    next_audit_date = fields.Date(compute="_compute_audit_dates", store=True)
    is_overdue = fields.Boolean(
        "Overdue", readonly=True, tracking=True, help="Set by the programme: the unit's audit is past due."
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    description = fields.Text()

    @api.constrains("frequency_months")
    def _check_frequency_months(self):
        for unit in self:
            if unit.frequency_months <= 0:
                raise ValidationError(
                    _("The audit frequency of %(unit)s must be a positive number of months.", unit=unit.name)
                )

    @api.constrains("unit_type", "partner_id", "department_id")
    def _check_unit_target(self):
        for unit in self:
            if unit.unit_type == "vendor" and not unit.partner_id:
                raise ValidationError(_("The auditable unit %(unit)s is a vendor: choose the vendor.", unit=unit.name))
            if unit.unit_type == "department" and not unit.department_id:
                raise ValidationError(
                    _("The auditable unit %(unit)s is a department: choose the department.", unit=unit.name)
                )

    @api.depends("risk_level", "company_id")
    def _compute_frequency_months(self):
        for unit in self:
            company = unit.company_id or self.env.company
            unit.frequency_months = company._quality_audit_frequency(unit.risk_level)

    def _compute_audit_count(self):
        counts = dict(self.env["quality.audit"]._read_group([("unit_id", "in", self.ids)], ["unit_id"], ["__count"]))
        for unit in self:
            unit.audit_count = counts.get(unit, 0)

    @api.depends(
        "reference_date", "frequency_months", "audit_ids.state", "audit_ids.actual_date_end", "audit_ids.planned_date"
    )
    def _compute_audit_dates(self):
        for unit in self:
            closed = unit.audit_ids.filtered(lambda a: a.state == "closed")
            dates = [a.actual_date_end or a.planned_date for a in closed if a.actual_date_end or a.planned_date]
            last = max(dates) if dates else False
            unit.last_audit_date = last
            base = last or unit.reference_date
            unit.next_audit_date = base + relativedelta(months=unit.frequency_months) if base else False

    # ------------------------------------------------------------------
    # Programme
    # ------------------------------------------------------------------
    def _quality_audit_type(self):
        self.ensure_one()
        return "supplier" if self.unit_type == "vendor" else "internal"

    @api.model
    def _cron_plan_audits(self):
        """Plan the next audit of every unit falling due within the horizon; flag overdue ones.

        Idempotent: a unit that already has an open audit gets no new one.
        """
        # Only run by its scheduled action: Odoo's ir.cron row lock keeps two runs apart (no extra lock).
        today = quality_today(self)
        units = self.search([])
        open_audits = self.env["quality.audit"].search(
            [("unit_id", "in", units.ids), ("state", "in", OPEN_AUDIT_STATES)]
        )
        units_with_open = open_audits.unit_id
        vals_list = []
        for unit in units - units_with_open:
            horizon = today + relativedelta(days=unit.company_id.quality_audit_horizon_days)
            if unit.next_audit_date and unit.next_audit_date <= horizon:
                vals_list.append(unit._prepare_planned_audit_vals())
        if vals_list:
            self.env["quality.audit"].create(vals_list)
        self._quality_flag_overdue(today)
        return True

    def _prepare_planned_audit_vals(self):
        self.ensure_one()
        return {
            "unit_id": self.id,
            "audit_type": self._quality_audit_type(),
            "planned_date": self.next_audit_date,
            "department_id": self.department_id.id,
            "partner_id": self.partner_id.id,
            "scope": _("Scheduled audit of %(unit)s (programme).", unit=self.name),
            "company_id": self.company_id.id,
        }

    @api.model
    def _quality_flag_overdue(self, today):
        Audit = self.env["quality.audit"]
        overdue_audits = Audit.search([("state", "in", ("planned", "prepared")), ("planned_date", "<", today)])
        Audit.search([("is_overdue", "=", True), ("id", "not in", overdue_audits.ids)]).write({"is_overdue": False})
        overdue_audits.filtered(lambda a: not a.is_overdue).write({"is_overdue": True})
        units = self.search([])
        overdue_units = units.filtered(lambda u: u.next_audit_date and u.next_audit_date < today)
        (units - overdue_units).filtered("is_overdue").write({"is_overdue": False})
        overdue_units.filtered(lambda u: not u.is_overdue).write({"is_overdue": True})

    def action_view_audits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_audit.action_quality_audit")
        action["domain"] = [("unit_id", "=", self.id)]
        action["context"] = {"default_unit_id": self.id}
        return action
