from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    quality_review_lead_days = fields.Integer(
        "Periodic review notice (days)",
        config_parameter="quality_documents.review_lead_days",
        default=30,
        help="The document owner gets a review activity this many days before the next review date.",
    )
    quality_sign_max_failures = fields.Integer(related="company_id.quality_sign_max_failures", readonly=False)
    quality_sign_failure_window = fields.Integer(related="company_id.quality_sign_failure_window", readonly=False)
    quality_sign_lockout_minutes = fields.Integer(related="company_id.quality_sign_lockout_minutes", readonly=False)
