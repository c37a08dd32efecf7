from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    quality_training_gate = fields.Boolean(related="company_id.quality_training_gate", readonly=False)
