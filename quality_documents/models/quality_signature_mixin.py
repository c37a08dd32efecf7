import hashlib
import json
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessDenied, UserError

from .quality_signature import SIGNATURE_MEANINGS, SIGNING_SERVICE_KEY

_logger = logging.getLogger(__name__)


class QualitySignatureMixin(models.AbstractModel):
    """Electronic signatures for any model (see readme/USAGE.md).

    Inherit it, list the fields that make up the signed content in
    ``_quality_signature_fields``, and react to a signature in
    ``_quality_on_signed``. Ask for a signature from a button with
    ``action_quality_sign`` (context ``quality_sign_meaning``), or from code
    with ``_quality_sign(meaning, password, comment)``.
    """

    _name = "quality.signature.mixin"
    _description = "Electronic Signature Support"

    quality_signature_ids = fields.One2many(
        "quality.signature",
        "res_id",
        string="Electronic Signatures",
        domain=lambda self: [("res_model", "=", self._name)],
        readonly=True,
        copy=False,
    )
    quality_signature_count = fields.Integer(compute="_compute_quality_signature_count")

    def _compute_quality_signature_count(self):
        for record in self:
            record.quality_signature_count = len(record.quality_signature_ids)

    # ------------------------------------------------------------------
    # Hooks for the inheriting model
    # ------------------------------------------------------------------
    def _quality_signature_fields(self):
        """Names of the fields whose values make up the signed content."""
        return ["display_name"]

    def _quality_check_can_sign(self, meaning):
        """Raise a UserError when the current user may not sign with this meaning (segregation of duties)."""
        return True

    def _quality_on_signed(self, signature):
        """Called after a signature was recorded on this record, in the same transaction."""
        return None

    # ------------------------------------------------------------------
    # Content hash (11.70: signature linked to the signed content)
    # ------------------------------------------------------------------
    def _quality_signature_payload(self):
        self.ensure_one()
        record = self.sudo()
        data = {"model": self._name, "id": self.id}
        for fname in self._quality_signature_fields():
            field = record._fields[fname]
            value = record[fname]
            if field.type == "many2one":
                value = [value.id, value.display_name] if value else None
            elif field.type in ("one2many", "many2many"):
                value = sorted(value.ids)
            elif field.type == "binary":
                value = hashlib.sha256(value).hexdigest() if value else None
            elif field.type == "date":
                value = fields.Date.to_string(value) if value else None
            elif field.type == "datetime":
                value = fields.Datetime.to_string(value) if value else None
            elif field.type in ("html", "text", "char"):
                value = str(value) if value else ""
            elif field.type in ("float", "monetary"):
                value = repr(float(value or 0.0))
            data[fname] = value
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)

    def _quality_signature_hash(self):
        self.ensure_one()
        return hashlib.sha256(self._quality_signature_payload().encode("utf-8")).hexdigest()

    # ------------------------------------------------------------------
    # Signing service
    # ------------------------------------------------------------------
    def _quality_check_password(self, password, meaning):
        """Check the current user's password every time (11.200); log and refuse when wrong."""
        user = self.env.user
        credential = {"type": "password", "login": user.login, "password": password or ""}
        try:
            user._check_credentials(credential, {"interactive": True})
        except AccessDenied:
            self._quality_log_failed_signature(meaning)
            raise UserError(
                _(
                    "Wrong password: the signature was refused and the attempt has been logged. Enter your own password to sign."
                )
            ) from None

    def _quality_log_failed_signature(self, meaning):
        user = self.env.user
        record_name = self.sudo().display_name if self else ""
        _logger.warning(
            "Refused electronic signature: user %s (id %s), meaning %s, on %s,%s (%s)",
            user.login,
            user.id,
            meaning,
            self._name,
            self.id,
            record_name,
        )
        values = {
            "user_ref": user.id,
            "user_name": user.name,
            "attempted_at": fields.Datetime.now(),
            "res_model": self._name,
            "res_id": self.id,
            "res_name": record_name,
            "meaning": meaning,
            "company_ref": self.env.company.id,
        }
        # Own transaction: the refusal rolls back the signing transaction, not its trace.
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["quality.signature.failure"].create(values)

    def _quality_sign(self, meaning, password, comment=False):
        """Sign this record with ``meaning`` after checking ``password``; return the signature."""
        self.ensure_one()
        if meaning not in dict(SIGNATURE_MEANINGS):
            raise UserError(_("Unknown signature meaning %(meaning)s.", meaning=meaning))
        self._quality_check_password(password, meaning)
        if hasattr(self, "_quality_check_meaning_allowed"):  # quality.workflow.mixin: meaning restricted by role
            self._quality_check_meaning_allowed(meaning)
        self._quality_check_can_sign(meaning)
        user = self.env.user
        signature = (
            self.env["quality.signature"]
            .sudo()
            .with_context(**{SIGNING_SERVICE_KEY: True})
            .create(
                {
                    "res_model": self._name,
                    "res_id": self.id,
                    "res_name": self.sudo().display_name,
                    "signer_id": user.id,
                    "printed_name": user.name,
                    "signed_at": fields.Datetime.now(),
                    "meaning": meaning,
                    "comment": comment or False,
                    "content_hash": self._quality_signature_hash(),
                    "company_id": self._quality_signature_company().id,
                }
            )
        )
        if hasattr(self, "_message_log"):
            meaning_label = dict(SIGNATURE_MEANINGS)[meaning]
            body = _(
                "Electronically signed by %(name)s – meaning: %(meaning)s – %(when)s",
                name=user.name,
                meaning=meaning_label,
                when=signature._format_signed_at(),
            )
            if comment:
                body += " – " + _("comment: %(comment)s", comment=comment)
            self.sudo()._message_log(body=body, author_id=user.partner_id.id)
        self._quality_on_signed(signature)
        return signature

    def _quality_sign_as(self, login, password, meaning, comment=False):
        """Sign as the user ``login`` (still checking that user's password): demo data and scripts."""
        user = self.env["res.users"].sudo().search([("login", "=", login)], limit=1)
        if not user:
            raise UserError(_("No user with login %(login)s.", login=login))
        return self.with_user(user)._quality_sign(meaning, password, comment)

    def _quality_signature_company(self):
        company = self["company_id"] if "company_id" in self._fields else False
        return company or self.env.company

    def _quality_signatures(self, meaning=None):
        """Signatures of this record, optionally of one meaning, newest first."""
        self.ensure_one()
        domain = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        if meaning:
            domain.append(("meaning", "=", meaning))
        return self.env["quality.signature"].sudo().search(domain)

    def action_quality_sign(self):
        """Open the signing dialog; the button passes ``quality_sign_meaning`` in its context."""
        self.ensure_one()
        meaning = self.env.context.get("quality_sign_meaning")
        if not meaning:
            raise UserError(_("This button does not say what the signature means (quality_sign_meaning)."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Electronic signature"),
            "res_model": "quality.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_meaning": meaning,
                "default_comment_required": bool(self.env.context.get("quality_sign_comment_required")),
            },
        }

    def action_quality_verify_signatures(self):
        self.ensure_one()
        signatures = self._quality_signatures()
        if not signatures:
            raise UserError(_("This record has no electronic signature to verify."))
        return signatures.action_verify()
