from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    quality_training_gate = fields.Boolean(
        "Training Gate on Work Orders",
        default=True,
        help="Refuse to start a work order when the operator lacks current training for its procedures.",
    )
