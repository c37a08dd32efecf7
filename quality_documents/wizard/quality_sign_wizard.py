from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.quality_signature import SIGNATURE_MEANINGS

# What the signer types: never stored (the fields have no column), used once to sign, then forgotten.
CREDENTIAL_FIELDS = ("login", "password", "totp_code")


class QualitySignWizard(models.TransientModel):
    """The signing step: the signer types their login and password (and their two-factor code when they use
    one) every time (21 CFR 11.200(a)(1)).

    The credentials are not columns of this table: the dialog's Sign button saves the dialog, and the save
    itself signs with what was typed, which is then dropped. A refused attempt leaves no trace of what was
    typed anywhere, only the failure log's who, when and what for.
    """

    _name = "quality.sign.wizard"
    _inherit = ["quality.workflow.mixin"]
    _description = "Electronic Signature Dialog"

    res_model = fields.Char(required=True)
    res_id = fields.Integer(required=True)
    res_name = fields.Char(compute="_compute_res_name")
    meaning = fields.Selection(SIGNATURE_MEANINGS, required=True, readonly=True)
    printed_name = fields.Char(default=lambda self: self.env.user.name, readonly=True)
    login = fields.Char(
        "Your login", compute="_compute_credentials", readonly=False, store=False, help="Your own Odoo login."
    )
    password = fields.Char(
        compute="_compute_credentials",
        readonly=False,
        store=False,
        help="Your own Odoo password, asked for each signature.",
    )
    totp_code = fields.Char(
        "Authentication code",
        compute="_compute_credentials",
        readonly=False,
        store=False,
        help="The 6-digit code of your authenticator app (two-factor authentication).",
    )
    totp_required = fields.Boolean(compute="_compute_totp_required")
    comment = fields.Text()
    comment_required = fields.Boolean()
    statement = fields.Char(compute="_compute_res_name")
    signature_id = fields.Many2one("quality.signature", readonly=True, ondelete="set null")

    def _compute_credentials(self):
        for wizard in self:
            wizard.login = wizard.password = wizard.totp_code = False

    def _compute_totp_required(self):
        user = self.env.user
        required = "totp_enabled" in user._fields and bool(user.sudo().totp_enabled)
        for wizard in self:
            wizard.totp_required = required

    @api.depends("res_model", "res_id", "meaning")
    def _compute_res_name(self):
        meanings = dict(SIGNATURE_MEANINGS)
        for wizard in self:
            record = wizard._get_record()
            wizard.res_name = record.display_name if record else ""
            wizard.statement = _(
                "By entering my login and password I, %(name)s, sign %(record)s with the meaning “%(meaning)s”. "
                "This electronic signature is the legally binding equivalent of my handwritten signature.",
                name=self.env.user.name,
                record=wizard.res_name,
                meaning=meanings.get(wizard.meaning, ""),
            )

    def _get_record(self):
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env:
            return None
        return self.env[self.res_model].browse(self.res_id).exists() or None

    # ------------------------------------------------------------------
    # The credentials never reach the database: saving the dialog signs
    # ------------------------------------------------------------------
    @api.model
    def _pop_credentials(self, vals):
        credentials = {name: vals.pop(name) for name in CREDENTIAL_FIELDS if name in vals}
        return credentials if any(credentials.values()) else None

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        credentials = [self._pop_credentials(vals) for vals in vals_list]
        wizards = super().create(vals_list)
        for wizard, credential in zip(wizards, credentials, strict=True):
            if credential:
                wizard._sign(credential)
        return wizards

    def write(self, vals):
        vals = dict(vals)
        credential = self._pop_credentials(vals)
        result = super().write(vals) if vals else True
        if credential:
            for wizard in self:
                wizard._sign(credential)
        return result

    def _sign(self, credential):
        self.ensure_one()
        if self.signature_id:
            raise UserError(_("This signing dialog has already been used: open a new one to sign again."))
        record = self._get_record()
        if record is None:
            raise UserError(_("The record to sign no longer exists."))
        if not (credential.get("login") or "").strip() or not credential.get("password"):
            raise UserError(_("Enter your login and your password to sign."))
        if self.totp_required and not (credential.get("totp_code") or "").strip():
            raise UserError(_("Enter the code of your authenticator app to sign (two-factor authentication)."))
        if self.comment_required and not (self.comment or "").strip():
            raise UserError(_("This signature needs a reason: write it in the comment."))
        signature = record._quality_sign(
            self.meaning,
            {
                "login": credential.get("login"),
                "password": credential.get("password"),
                "totp": credential.get("totp_code"),
            },
            self.comment,
        )
        super().write({"signature_id": signature.id})
        return signature

    def action_sign(self):
        """The Sign button: the save that precedes it has signed with the typed credentials."""
        self.ensure_one()
        if not self.signature_id:
            raise UserError(_("Enter your login and your password to sign."))
        return {"type": "ir.actions.act_window_close"}
