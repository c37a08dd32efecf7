from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    quality_capa_risk_threshold = fields.Integer(related="company_id.quality_capa_risk_threshold", readonly=False)
    quality_recurrence_months = fields.Integer(related="company_id.quality_recurrence_months", readonly=False)
    quality_effectiveness_days = fields.Integer(related="company_id.quality_effectiveness_days", readonly=False)
    quality_investigation_days = fields.Integer(related="company_id.quality_investigation_days", readonly=False)
    quality_action_escalation_days = fields.Integer(related="company_id.quality_action_escalation_days", readonly=False)
