from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    quality_signature_seq = fields.Integer(
        "Last Signature Chain No.",
        readonly=True,
        copy=False,
        help="Number of the last electronic signature of this company's chain (written by the signing service).",
    )
    quality_sign_max_failures = fields.Integer(
        "Failed signing attempts before lockout",
        default=3,
        help="After this many refused signing attempts within the window, the user cannot sign for a while.",
    )
    quality_sign_failure_window = fields.Integer(
        "Failed attempts window (minutes)",
        default=15,
        help="The refused attempts counted are those of the last N minutes.",
    )
    quality_sign_lockout_minutes = fields.Integer(
        "Signing lockout (minutes)", default=30, help="How long signing stays locked after too many refused attempts."
    )

    @api.constrains("quality_sign_max_failures", "quality_sign_failure_window", "quality_sign_lockout_minutes")
    def _check_quality_sign_lockout(self):
        for company in self:
            for fname in ("quality_sign_max_failures", "quality_sign_failure_window", "quality_sign_lockout_minutes"):
                if company[fname] < 1:
                    raise ValidationError(
                        _(
                            "%(setting)s of %(company)s must be at least 1 (it is %(value)s).",
                            setting=company._fields[fname].string,
                            company=company.name,
                            value=company[fname],
                        )
                    )
