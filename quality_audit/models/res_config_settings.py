from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    quality_audit_months_high = fields.Integer(related="company_id.quality_audit_months_high", readonly=False)
    quality_audit_months_medium = fields.Integer(related="company_id.quality_audit_months_medium", readonly=False)
    quality_audit_months_low = fields.Integer(related="company_id.quality_audit_months_low", readonly=False)
    quality_audit_horizon_days = fields.Integer(related="company_id.quality_audit_horizon_days", readonly=False)
