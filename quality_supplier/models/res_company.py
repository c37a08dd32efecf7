from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    quality_supplier_scope = fields.Selection(
        [("all", "All purchased products"), ("controlled", "Products in quality-controlled categories")],
        string="Supplier Quality Control Scope",
        default="all",
        required=True,
    )
    quality_supplier_allow_conditional = fields.Boolean(
        "Allow Conditionally Approved Suppliers",
        default=True,
        help="Purchase orders may be confirmed with suppliers whose qualification is conditional.",
    )
    quality_supplier_block_disqualified_receipt = fields.Boolean(
        "Refuse Receipts from Disqualified Suppliers",
    )
    quality_supplier_cert_notice_days = fields.Integer("Certificate Expiry Notice (days)", default=30)
    quality_supplier_score_threshold = fields.Float(
        "Probation Score Threshold",
        default=60.0,
        help="A monthly scorecard under this score moves the supplier to probation.",
    )
    quality_supplier_ontime_tolerance = fields.Integer(
        "On-time Tolerance (days)",
        default=2,
        help="A receipt is on time when done within this many days around its scheduled date.",
    )
    quality_supplier_scar_reminder_days = fields.Integer("SCAR Reminder (days before due)", default=3)
