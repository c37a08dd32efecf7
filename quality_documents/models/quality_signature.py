from odoo import _, api, fields, models
from odoo.exceptions import UserError

SIGNATURE_MEANINGS = [
    ("authored", "Authored"),
    ("reviewed", "Reviewed"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("verified", "Verified"),
    ("closed", "Closed"),
    ("override", "Override"),
    ("acknowledged", "Acknowledged"),
    ("trained", "Training delivered"),
    ("dispositioned", "Dispositioned"),
    ("qualified", "Qualified"),
    ("disqualified", "Disqualified"),
    ("reviewed_no_change", "Reviewed, no change"),
]

# Context key that only the signing service sets: it is the single way in.
SIGNING_SERVICE_KEY = "quality_signature_service"


class QualitySignature(models.Model):
    """Immutable electronic signature (21 CFR Part 11, 11.50 / 11.70 / 11.200).

    A signature is created only by ``quality.signature.mixin._quality_sign``,
    which re-checks the signer's password every time. Nobody can write or
    delete one through the ORM, administrators included.
    """

    _name = "quality.signature"
    _inherit = ["quality.workflow.mixin"]
    _description = "Electronic Signature"
    _order = "signed_at desc, id desc"
    _rec_name = "display_label"

    res_model = fields.Char("Signed Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        "Signed Record ID", model_field="res_model", required=True, readonly=True, index=True
    )
    res_name = fields.Char("Signed Record", readonly=True)
    signer_id = fields.Many2one("res.users", required=True, readonly=True, ondelete="restrict")
    printed_name = fields.Char(required=True, readonly=True)
    signed_at = fields.Datetime("Signed At (UTC)", required=True, readonly=True)
    meaning = fields.Selection(SIGNATURE_MEANINGS, required=True, readonly=True)
    comment = fields.Text(readonly=True)
    content_hash = fields.Char("SHA-256 of Signed Content", required=True, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, default=lambda self: self.env.company)
    display_label = fields.Char(compute="_compute_display_label")
    signed_at_local = fields.Char("Signed At", compute="_compute_signed_at_local")
    verification_state = fields.Selection(
        [
            ("unchanged", "Content unchanged"),
            ("changed", "Content changed since signing"),
            ("missing", "Record missing"),
        ],
        compute="_compute_verification_state",
        string="Verification",
    )

    @api.depends("printed_name", "meaning", "signed_at")
    def _compute_display_label(self):
        meanings = dict(SIGNATURE_MEANINGS)
        for sig in self:
            sig.display_label = f"{sig.printed_name} – {meanings.get(sig.meaning, '')} – {sig.signed_at_local or ''}"

    @api.depends("signed_at", "signer_id")
    def _compute_signed_at_local(self):
        for sig in self:
            sig.signed_at_local = sig._format_signed_at()

    def _format_signed_at(self, tz_name=None):
        """Date and time of signing with its time zone, e.g. '2026-11-22 14:03:11 CET (UTC+01:00)'."""
        self.ensure_one()
        if not self.signed_at:
            return ""
        import pytz

        tz = pytz.timezone(tz_name or self.env.user.tz or self.signer_id.tz or "UTC")
        local = pytz.utc.localize(self.signed_at).astimezone(tz)
        offset = local.strftime("%z")
        return f"{local.strftime('%Y-%m-%d %H:%M:%S %Z')} (UTC{offset[:3]}:{offset[3:]})"

    def _compute_verification_state(self):
        for sig in self:
            record = sig._get_signed_record()
            if not record:
                sig.verification_state = "missing"
            elif record._quality_signature_hash() == sig.content_hash:
                sig.verification_state = "unchanged"
            else:
                sig.verification_state = "changed"

    def _get_signed_record(self):
        self.ensure_one()
        if self.res_model not in self.env:
            return None
        record = self.env[self.res_model].sudo().browse(self.res_id).exists()
        return record or None

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get(SIGNING_SERVICE_KEY):
            raise UserError(
                _(
                    "Electronic signatures can only be created through the signing step, "
                    "which asks for the signer's password."
                )
            )
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            _("Electronic signatures are permanent records: they cannot be changed (21 CFR 11.10(e), 11.70).")
        )

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(
            _("Electronic signatures are permanent records: they cannot be deleted (21 CFR 11.10(e), 11.70).")
        )

    def action_verify(self):
        """Recompute the hash of each signed record and report, per signature, whether it still matches."""
        labels = dict(self._fields["verification_state"].selection)
        lines = [f"{sig.display_label}: {labels[sig.verification_state]}" for sig in self]
        changed = self.filtered(lambda s: s.verification_state != "unchanged")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Signature verification"),
                "message": "\n".join(lines),
                "type": "danger" if changed else "success",
                "sticky": bool(changed),
            },
        }

    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
