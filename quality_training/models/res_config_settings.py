from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    quality_training_gate = fields.Boolean(related="company_id.quality_training_gate", readonly=False)
    quality_training_gate_mode = fields.Selection(related="company_id.quality_training_gate_mode", readonly=False)

    def action_quality_training_rollout(self):
        return self.env["mrp.workorder"].with_company(self.company_id).action_quality_training_rollout()
