from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    quality_training_gate = fields.Boolean(
        "Training Gate on Work Orders",
        default=True,
        help="Refuse to start a work order when the operator lacks current training for its procedures. It asks "
        "only what the requirements linked to operations, work centers and products' procedures ask: without such "
        "requirements nothing is blocked.",
    )
    quality_training_gate_mode = fields.Selection(
        [("enforce", "Enforce: refuse"), ("warn", "Warn only: post a warning and an activity")],
        "Training Gate Mode",
        default="enforce",
        required=True,
        help="Warn only, for a rollout period: a work order started by an operator lacking training goes on, "
        "and the refusal is posted on its manufacturing order with an activity for its responsible.",
    )
