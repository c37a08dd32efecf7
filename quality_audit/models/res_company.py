from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    quality_audit_months_high = fields.Integer("Audit Frequency, High Risk (months)", default=6)
    quality_audit_months_medium = fields.Integer("Audit Frequency, Medium Risk (months)", default=12)
    quality_audit_months_low = fields.Integer("Audit Frequency, Low Risk (months)", default=24)
    quality_audit_horizon_days = fields.Integer(
        "Audit Planning Horizon (days)",
        default=90,
        help="The programme plans the next audit of a unit when it falls due within this many days.",
    )

    def _quality_audit_frequency(self, risk_level):
        """Number of months between two audits of a unit with this risk level."""
        self.ensure_one()
        return {
            "high": self.quality_audit_months_high,
            "medium": self.quality_audit_months_medium,
            "low": self.quality_audit_months_low,
        }.get(risk_level) or 12
