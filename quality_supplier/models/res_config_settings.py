from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    quality_supplier_scope = fields.Selection(related="company_id.quality_supplier_scope", readonly=False)
    quality_supplier_allow_conditional = fields.Boolean(
        related="company_id.quality_supplier_allow_conditional", readonly=False
    )
    quality_supplier_block_disqualified_receipt = fields.Boolean(
        related="company_id.quality_supplier_block_disqualified_receipt", readonly=False
    )
    quality_supplier_cert_notice_days = fields.Integer(
        related="company_id.quality_supplier_cert_notice_days", readonly=False
    )
    quality_supplier_score_threshold = fields.Float(
        related="company_id.quality_supplier_score_threshold", readonly=False
    )
    quality_supplier_ontime_tolerance = fields.Integer(
        related="company_id.quality_supplier_ontime_tolerance", readonly=False
    )
    quality_supplier_scar_reminder_days = fields.Integer(
        related="company_id.quality_supplier_scar_reminder_days", readonly=False
    )
