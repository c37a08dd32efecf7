from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.quality_signature import SIGNATURE_MEANINGS


class QualitySignWizard(models.TransientModel):
    """The signing step: the signer re-enters their password every time (21 CFR 11.200)."""

    _name = "quality.sign.wizard"
    _inherit = ["quality.workflow.mixin"]
    _description = "Electronic Signature Dialog"

    res_model = fields.Char(required=True)
    res_id = fields.Integer(required=True)
    res_name = fields.Char(compute="_compute_res_name")
    meaning = fields.Selection(SIGNATURE_MEANINGS, required=True, readonly=True)
    printed_name = fields.Char(default=lambda self: self.env.user.name, readonly=True)
    password = fields.Char(help="Your own Odoo password, asked for each signature.")
    comment = fields.Text()
    comment_required = fields.Boolean()
    statement = fields.Char(compute="_compute_res_name")

    @api.depends("res_model", "res_id", "meaning")
    def _compute_res_name(self):
        meanings = dict(SIGNATURE_MEANINGS)
        for wizard in self:
            record = wizard._get_record()
            wizard.res_name = record.display_name if record else ""
            wizard.statement = _(
                "By entering my password I, %(name)s, sign %(record)s with the meaning “%(meaning)s”. "
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

    def action_sign(self):
        self.ensure_one()
        record = self._get_record()
        if record is None:
            raise UserError(_("The record to sign no longer exists."))
        if not self.password:
            raise UserError(_("Enter your password to sign."))
        if self.comment_required and not (self.comment or "").strip():
            raise UserError(_("This signature needs a reason: write it in the comment."))
        password, self.password = self.password, False
        record._quality_sign(self.meaning, password, self.comment)
        return {"type": "ir.actions.act_window_close"}
