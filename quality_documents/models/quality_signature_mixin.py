import base64
import binascii
import hashlib
import json
import logging
from datetime import timedelta

import psycopg2.errors
import pytz

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessDenied, UserError

from .quality_signature import SIGNATURE_MEANINGS, SIGNING_SERVICE_KEY

_logger = logging.getLogger(__name__)

# Field types mail's tracking can record (not html, binary, one2many).
TRACKABLE_TYPES = (
    "boolean",
    "char",
    "text",
    "integer",
    "float",
    "monetary",
    "date",
    "datetime",
    "selection",
    "many2one",
    "many2many",
)

# Advisory lock (first key) serializing the failure log of one user (second key).
LOCKOUT_LOCK_KEY = 11300


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

    def _setup_complete(self):
        """Audit trail: the signed fields and the status fields of a signable model are tracked."""
        super()._setup_complete()
        if self._abstract or "message_ids" not in self._fields:
            return
        try:
            names = {spec[0] for spec in self._quality_signature_field_specs()}
        except Exception:  # noqa: BLE001 - a declaration that needs data cannot be read at setup
            names = set()
        names.add(getattr(self, "_quality_state_field", "state"))
        names |= set(getattr(self, "_quality_workflow_fields", ()))
        for name in names:
            field = self._fields.get(name)
            if (
                field is not None
                and field.store
                and field.type in TRACKABLE_TYPES
                and not getattr(field, "tracking", None)
            ):
                field.tracking = True

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
    def _quality_signature_field_specs(self):
        """``_quality_signature_fields()`` as ``[(name, sub_fields or None)]``.

        An entry is a field name, or ``(name, [sub fields])`` for a one2many/many2many whose lines are part of
        the signed content: each line is then hashed by those of its own fields, lines sorted by id. A bare
        one2many is hashed by its lines' own ``_quality_signature_fields()`` when their model declares them,
        else (like a bare many2many) by the ids it links to.
        """
        specs = []
        for entry in self._quality_signature_fields():
            if isinstance(entry, (list, tuple)):
                name, sub_fields = entry
                specs.append((name, list(sub_fields)))
            else:
                specs.append((entry, None))
        return specs

    def _quality_canonical_env(self):
        """Superuser, no language, no bin_size, archived lines included: the same stored values for everyone."""
        return self.env(context={"active_test": False}, su=True)

    @api.model
    def _quality_canonical_value(self, record, fname, sub_fields=None, depth=0):
        """The stored value of ``record.fname`` as JSON-able data: ids and raw values, never display names."""
        field = record._fields[fname]
        ftype = field.type
        if field.translate and field.store and record.id:
            value = field._get_stored_translations(record)
            return dict(sorted(value.items())) if value else None
        value = record[fname]
        if ftype == "many2one":
            return value.id or None
        if ftype in ("one2many", "many2many"):
            lines = value.sorted("id")
            if sub_fields is None and ftype == "one2many" and depth < 2 and hasattr(lines, "_quality_signature_fields"):
                sub_fields = [
                    spec if isinstance(spec, str) else tuple(spec) for spec in lines._quality_signature_fields()
                ]
            if sub_fields is None:
                return lines.ids
            result = []
            for line in lines:
                item = {"id": line.id}
                for spec in sub_fields:
                    sub_name, sub_sub = (spec, None) if isinstance(spec, str) else spec
                    item[sub_name] = self._quality_canonical_value(line, sub_name, sub_sub, depth + 1)
                result.append(item)
            return result
        if ftype == "binary":
            if not value:
                return None
            raw = value if isinstance(value, bytes) else value.encode()
            try:
                raw = base64.b64decode(raw, validate=True)
            except (ValueError, binascii.Error):
                _logger.debug("%s.%s is not base64: hashed as stored", record._name, fname)
            return "sha256:" + hashlib.sha256(raw).hexdigest()
        if ftype == "boolean":
            return bool(value)
        if ftype == "integer":
            return int(value or 0)
        if ftype in ("float", "monetary"):
            return repr(float(value or 0.0))
        if ftype == "date":
            return fields.Date.to_string(value) if value else None
        if ftype == "datetime":
            return fields.Datetime.to_string(value) if value else None
        if ftype == "reference":
            return f"{value._name},{value.id}" if value else None
        if value is False or value is None:
            return None
        if ftype in ("json", "properties"):
            return json.loads(json.dumps(value, sort_keys=True, default=str))
        return str(value)

    def _quality_signature_content(self, names=None):
        """``{field: canonical stored value}`` of the signed content (or of ``names``), read from the database."""
        self.ensure_one()
        self.env.flush_all()
        record = self.with_env(self._quality_canonical_env())
        specs = [spec for spec in self._quality_signature_field_specs() if names is None or spec[0] in names]
        specs += [(name, None) for name in (names or ()) if name not in {spec[0] for spec in specs}]
        missing = [name for name, _sub in specs if name not in record._fields]
        specs = [spec for spec in specs if spec[0] in record._fields]
        # Hash what is stored, not what this transaction's cache holds.
        record.invalidate_recordset([name for name, _sub in specs])
        content = {name: self._quality_canonical_value(record, name, sub) for name, sub in specs}
        content.update(dict.fromkeys(missing, "<no such field>"))
        return content

    @api.model
    def _quality_json(self, data):
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)

    @api.model
    def _quality_sha256(self, data):
        return hashlib.sha256(self._quality_json(data).encode("utf-8")).hexdigest()

    def _quality_signature_digests(self, names=None):
        """``{field: SHA-256 of its canonical stored value}`` for the signed fields (or ``names``)."""
        self.ensure_one()
        return {name: self._quality_sha256(value) for name, value in self._quality_signature_content(names).items()}

    @api.model
    def _quality_content_hash(self, model, res_id, digests):
        """The content hash: SHA-256 over the model, the id and the per-field digests (canonical JSON)."""
        return self._quality_sha256({"model": model, "id": res_id, "fields": digests})

    def _quality_signature_fingerprint(self):
        """``(content hash, {field: digest})``: the digests are kept with the signature to name what changed."""
        self.ensure_one()
        digests = self._quality_signature_digests()
        return self._quality_content_hash(self._name, self.id, digests), digests

    def _quality_signature_hash(self):
        return self._quality_signature_fingerprint()[0]

    # ------------------------------------------------------------------
    # Signing service
    # ------------------------------------------------------------------
    @api.model
    def _quality_credential(self, password):
        """``password`` as ``{"login", "password", "totp"}``: the signing dialog passes all three; server code
        (scripts, demo data) may pass the password alone, for the current user's own login."""
        if isinstance(password, dict):
            return {
                "login": password.get("login"),
                "password": password.get("password"),
                "totp": password.get("totp"),
            }
        return {"login": self.env.user.login, "password": password, "totp": None}

    def _quality_check_password(self, password, meaning):
        """Check the signer's login, password and (with two-factor authentication) code every time (11.200).

        Refused when signing is locked for the user; a wrong answer is logged and may lock signing."""
        user = self.env.user
        self._quality_check_signing_lock(meaning)
        credential = self._quality_credential(password)
        login = (credential["login"] or "").strip()
        if not login or not credential["password"]:
            raise UserError(_("Enter your login and your password to sign."))
        reason = None
        if login.casefold() != (user.login or "").casefold():
            reason = "wrong_credentials"
        else:
            try:
                user._check_credentials(
                    {"type": "password", "login": user.login, "password": credential["password"]},
                    {"interactive": True},
                )
            except AccessDenied:
                reason = "wrong_credentials"
        if reason is None and "totp_enabled" in user._fields and user.sudo().totp_enabled:
            code = "".join((credential["totp"] or "").split())
            try:
                if not code.isdigit():
                    raise AccessDenied()
                user._totp_check(int(code))
            except AccessDenied:
                reason = "wrong_totp"
        if reason is None:
            return
        lock = self._quality_log_failed_signature(meaning, reason)
        if reason == "wrong_totp":
            message = _("Wrong or missing authentication code: the signature was refused and the attempt logged.")
        else:
            message = _(
                "Wrong login or password: the signature was refused and the attempt has been logged. "
                "Enter your own login and password to sign."
            )
        if lock:
            message += " " + self._quality_lock_message(lock)
        raise UserError(message)

    # Lockout (11.300(d)) ----------------------------------------------------
    @api.model
    def _quality_lock_message(self, lock):
        """``lock``: {"until": datetime (UTC), "failures": n}: say until when and for how long signing is locked."""
        now = fields.Datetime.now()
        minutes = max(1, -(-int((lock["until"] - now).total_seconds()) // 60))
        tz = pytz.timezone(self.env.user.tz or "UTC")
        until = pytz.utc.localize(lock["until"]).astimezone(tz)
        return _(
            "Signing is locked for you after %(failures)s refused attempts: for %(minutes)s more minute(s), "
            "until %(until)s. Quality managers have been told.",
            failures=lock["failures"],
            minutes=minutes,
            until=until.strftime("%Y-%m-%d %H:%M %Z"),
        )

    @api.model
    def _quality_active_lock(self, cr, user_id):
        """The lockout of ``user_id`` in force now, read on ``cr``: {"until", "failures"} or None."""
        cr.execute(
            """SELECT locked_until FROM quality_signature_failure
                WHERE user_ref = %s AND is_lockout IS TRUE AND locked_until > %s
             ORDER BY locked_until DESC LIMIT 1""",
            [user_id, fields.Datetime.now()],
            log_exceptions=False,
        )
        row = cr.fetchone()
        if not row:
            return None
        company = self.env.company
        return {"until": row[0], "failures": company.quality_sign_max_failures}

    def _quality_check_signing_lock(self, meaning):
        """Refuse (and log the attempt) while signing is locked for the current user.

        Read in a transaction of its own: the refused attempts were committed by other transactions, which
        this one's snapshot may predate."""
        user = self.env.user
        try:
            with self.env.registry.cursor() as cr:
                lock = self._quality_active_lock(cr, user.id)
        except psycopg2.errors.UndefinedTable:
            # This very transaction installs the module (demo data signing): nothing committed to read yet.
            lock = self._quality_active_lock(self.env.cr, user.id)
        if lock:
            self._quality_log_failed_signature(meaning, "locked")
            raise UserError(self._quality_lock_message(lock))

    def _quality_log_failed_signature(self, meaning, reason="wrong_credentials"):
        """Log a refused attempt in its own transaction; lock signing when there were too many.

        Returns the lockout it started ({"until", "failures"}) or None."""
        user = self.env.user
        company = self.env.company
        record_name = self.sudo().display_name if self else ""
        _logger.warning(
            "Refused electronic signature (%s): user %s (id %s), meaning %s, on %s,%s (%s)",
            reason,
            user.login,
            user.id,
            meaning,
            self._name,
            self.id,
            record_name,
        )
        now = fields.Datetime.now()
        values = {
            "user_ref": user.id,
            "user_name": user.name,
            "attempted_at": now,
            "res_model": self._name,
            "res_id": self.id,
            "res_name": record_name,
            "meaning": meaning,
            "company_ref": company.id,
            "reason": reason,
        }
        max_failures = company.quality_sign_max_failures or 3
        window = timedelta(minutes=company.quality_sign_failure_window or 15)
        lock_period = timedelta(minutes=company.quality_sign_lockout_minutes or 30)
        lock = None
        # Own transaction: the refusal rolls back the signing transaction, not its trace.
        with self.env.registry.cursor() as cr:
            # One writer per user at a time, taken before anything is read (fresh snapshot).
            cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCKOUT_LOCK_KEY, user.id])
            env = api.Environment(cr, SUPERUSER_ID, {"mail_create_nolog": True, "tracking_disable": True})
            Failure = env["quality.signature.failure"]
            Failure.create(values)
            if reason == "locked":
                return None
            failures = self._quality_recent_failures(cr, user.id, now - window)
            if failures >= max_failures:
                until = now + lock_period
                lockout = Failure.create(
                    {
                        **values,
                        "reason": "lockout",
                        "is_lockout": True,
                        "locked_until": until,
                    }
                )
                lock = {"until": until, "failures": failures}
                lockout._quality_notify_lockout(failures, lock_period)
        return lock

    @api.model
    def _quality_recent_failures(self, cr, user_id, since):
        """Refused attempts of ``user_id`` after ``since`` and after their last lockout, read on ``cr``."""
        cr.execute(
            "SELECT max(attempted_at) FROM quality_signature_failure WHERE user_ref = %s AND is_lockout IS TRUE",
            [user_id],
        )
        last_lock = cr.fetchone()[0]
        cr.execute(
            """SELECT count(*) FROM quality_signature_failure
                WHERE user_ref = %s AND is_lockout IS NOT TRUE AND reason IS DISTINCT FROM 'locked'
                  AND attempted_at > %s AND (%s IS NULL OR attempted_at > %s)""",
            [user_id, since, last_lock, last_lock],
        )
        return cr.fetchone()[0]

    def _quality_sign(self, meaning, password, comment=False):
        """Sign this record with ``meaning`` after checking the signer's credentials; return the signature.

        ``password``: ``{"login", "password", "totp"}`` as typed in the signing dialog, or the password alone
        (server code signing as the current user)."""
        self.ensure_one()
        if meaning not in dict(SIGNATURE_MEANINGS):
            raise UserError(_("Unknown signature meaning %(meaning)s.", meaning=meaning))
        self._quality_check_password(password, meaning)
        if hasattr(self, "_quality_check_meaning_allowed"):  # quality.workflow.mixin: meaning restricted by role
            self._quality_check_meaning_allowed(meaning)
        self._quality_check_can_sign(meaning)
        user = self.env.user
        content_hash, digests = self._quality_signature_fingerprint()
        # The signing service writes the signature record (checked above); nobody has a write right on signatures.
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
                    "content_hash": content_hash,
                    "content_digest": self._quality_json(digests),
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
            # Odoo's system log note: written by mail itself, no write right on the record needed (no sudo).
            self._message_log(body=body, author_id=user.partner_id.id)
        self._quality_on_signed(signature)
        return signature

    def _quality_sign_as(self, login, password, meaning, comment=False, totp=None):
        """Sign as the user ``login`` (still checking that user's login and password): demo data and scripts."""
        user = self.env["res.users"].sudo().search([("login", "=", login)], limit=1)
        if not user:
            raise UserError(_("No user with login %(login)s.", login=login))
        credential = {"login": login, "password": password, "totp": totp}
        return self.with_user(user)._quality_sign(meaning, credential, comment)

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
