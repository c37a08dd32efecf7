from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    quality_capa_risk_threshold = fields.Integer(
        "CAPA Risk Threshold",
        default=6,
        help="A nonconformance whose severity × occurrence reaches this score needs a CAPA.",
    )
    quality_recurrence_months = fields.Integer("Recurrence Window (months)", default=12)
    quality_effectiveness_days = fields.Integer("Effectiveness Window (days)", default=90)
    quality_investigation_days = fields.Integer("Days to Finish the Investigation", default=30)
    quality_action_escalation_days = fields.Integer("Escalate Overdue Actions After (days)", default=7)
