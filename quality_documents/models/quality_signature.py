import hashlib
import json

import pytz

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

VERIFICATION_STATES = [
    ("unchanged", "Intact"),
    ("content_changed", "Content changed since signing"),
    ("row_altered", "Signature row altered"),
    ("chain_broken", "Signature chain broken"),
    ("missing", "Signed record missing"),
    ("legacy", "Signed before sealing: not verifiable"),
]
# When a signature has several problems, verification_state names the most serious one.
VERIFICATION_PRIORITY = ["row_altered", "chain_broken", "missing", "content_changed", "legacy"]

# Context key that only the signing service sets: it is the single way in.
SIGNING_SERVICE_KEY = "quality_signature_service"

# The seal of the first signature of a company's chain points to this.
GENESIS_SEAL = "0" * 64

# The fields of a signature row that its seal covers, in a fixed order.
SEALED_FIELDS = (
    "res_model",
    "res_id",
    "res_name",
    "signer_id",
    "printed_name",
    "signed_at",
    "meaning",
    "comment",
    "content_hash",
    "content_digest",
    "company_id",
    "chain_seq",
    "previous_seal",
)


def _canonical_row_value(name, value):
    if name == "signed_at":
        return fields.Datetime.to_string(fields.Datetime.to_datetime(value)) if value else None
    if isinstance(value, models.BaseModel):
        return value.id or None
    if value is False or value == "":
        return None
    return value


def compute_seal(row):
    """SHA-256 of a signature row (``{field: value}`` of SEALED_FIELDS), previous seal included."""
    data = {name: _canonical_row_value(name, row.get(name)) for name in SEALED_FIELDS}
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class QualitySignature(models.Model):
    """Immutable electronic signature (21 CFR Part 11, 11.50 / 11.70 / 11.200).

    A signature is created only by ``quality.signature.mixin._quality_sign``,
    which re-checks the signer's login and password every time. Nobody can write or
    delete one through the ORM, administrators included.

    Each signature is sealed: ``seal`` is the SHA-256 of its own row (signed record, signer, printed name,
    meaning, UTC time, comment, content hash and per-field digests, company, chain number) and of the
    previous signature's seal in the same company (``previous_seal``), so that a row changed or deleted in
    the database breaks the seal or the chain.
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
    content_digest = fields.Text(
        "Signed Field Digests", readonly=True, help="SHA-256 of each signed field's stored value (JSON)."
    )
    company_id = fields.Many2one("res.company", readonly=True, default=lambda self: self.env.company)
    chain_seq = fields.Integer("Chain No.", readonly=True, index=True, copy=False)
    previous_seal = fields.Char(readonly=True, copy=False)
    seal = fields.Char(readonly=True, copy=False, help="SHA-256 of this signature row and the previous seal.")
    display_label = fields.Char(compute="_compute_display_label")
    signed_at_local = fields.Char("Signed At", compute="_compute_signed_at_local")
    verification_state = fields.Selection(
        VERIFICATION_STATES, compute="_compute_verification_state", string="Verification"
    )
    verification_detail = fields.Char("Verification Details", compute="_compute_verification_state")

    _sql_constraints = [
        (
            "chain_seq_company_unique",
            "UNIQUE(company_id, chain_seq)",
            "Two signatures cannot have the same place in a company's signature chain.",
        ),
    ]

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
        tz = pytz.timezone(tz_name or self.env.user.tz or self.signer_id.tz or "UTC")
        local = pytz.utc.localize(self.signed_at).astimezone(tz)
        offset = local.strftime("%z")
        return f"{local.strftime('%Y-%m-%d %H:%M:%S %Z')} (UTC{offset[:3]}:{offset[3:]})"

    # ------------------------------------------------------------------
    # Verification: content, row and chain
    # ------------------------------------------------------------------
    def _compute_verification_state(self):
        results = self._quality_verification_results()
        for sig in self:
            state, problems = results[sig.id]
            sig.verification_state = state
            sig.verification_detail = "; ".join(problems) if problems else _("Content, signature row and chain intact.")

    def _row_values(self):
        self.ensure_one()
        return {name: self[name] for name in SEALED_FIELDS}

    def _quality_expected_seal(self):
        self.ensure_one()
        return compute_seal(self._row_values())

    def _quality_verification_results(self):
        """``{signature id: (verification_state, [problems])}``: content, row and chain checks of ``self``.

        One search for the previous signatures of the whole batch; each signed record's content is read once.
        """
        sigs = self.sudo()
        previous = sigs._quality_previous_signatures()
        digests_cache = {}
        results = {}
        for sig in sigs:
            problems = {}
            stored = sig._quality_row_problems(problems)
            sig._quality_chain_problems(problems, previous)
            sig._quality_content_problems(problems, stored, digests_cache)
            state = next((s for s in VERIFICATION_PRIORITY if s in problems), "unchanged")
            ordered = [problems[s] for s in VERIFICATION_PRIORITY if s in problems]
            results[sig.id] = (state, ordered)
        return results

    def _quality_previous_signatures(self):
        """{(company id, chain no.): signature} of the signatures just before these in their chains (one search)."""
        wanted = [(sig.company_id.id, sig.chain_seq - 1) for sig in self if sig.chain_seq and sig.chain_seq > 1]
        if not wanted:
            return {}
        found = self.sudo().search(
            [
                ("company_id", "in", list({company for company, _seq in wanted})),
                ("chain_seq", "in", list({seq for _company, seq in wanted})),
            ]
        )
        return {(p.company_id.id, p.chain_seq): p for p in found}

    def _quality_row_problems(self, problems):
        """Add to ``problems`` what is wrong with this row; return its field digests (None when unreadable)."""
        self.ensure_one()
        # 1. The row: its seal and its content hash must still match its own values.
        if not self.seal or not self.chain_seq:
            problems["row_altered"] = _("Signature row altered: it has no seal or no place in the chain.")
        elif self._quality_expected_seal() != self.seal:
            problems["row_altered"] = _(
                "Signature row altered: its values no longer match its seal (chain no. %(seq)s).",
                seq=self.chain_seq,
            )
        stored = None
        if self.content_digest:
            try:
                stored = json.loads(self.content_digest)
            except ValueError:
                stored = None
            if not isinstance(stored, dict):
                problems["row_altered"] = _("Signature row altered: its field digests are unreadable.")
                stored = None
            elif (
                self.env["quality.signature.mixin"]._quality_content_hash(self.res_model, self.res_id, stored)
                != self.content_hash
            ):
                problems["row_altered"] = _("Signature row altered: its content hash does not match its field digests.")
        return stored

    def _quality_chain_problems(self, problems, previous):
        """Add to ``problems`` a break of the chain before this signature (``previous``: see above)."""
        self.ensure_one()
        # 2. The chain: the previous signature of the company exists and its seal is the one recorded here.
        if self.chain_seq:
            if self.chain_seq == 1:
                if self.previous_seal != GENESIS_SEAL:
                    problems["chain_broken"] = _("Chain broken at no. 1: it does not start the chain.")
            else:
                prev = previous.get((self.company_id.id, self.chain_seq - 1))
                if not prev:
                    problems["chain_broken"] = _(
                        "Chain broken at no. %(seq)s: signature no. %(prev)s is missing.",
                        seq=self.chain_seq,
                        prev=self.chain_seq - 1,
                    )
                elif prev.seal != self.previous_seal:
                    problems["chain_broken"] = _(
                        "Chain broken at no. %(seq)s: the seal of signature no. %(prev)s changed.",
                        seq=self.chain_seq,
                        prev=self.chain_seq - 1,
                    )

    def _quality_content_problems(self, problems, stored, digests_cache):
        """Add to ``problems`` a change of the signed record's content since signing (``stored`` digests)."""
        self.ensure_one()
        # 3. The content: the signed record's fields still have the values that were signed.
        record = self._get_signed_record()
        if record is None:
            problems["missing"] = _(
                "The signed record %(model)s,%(id)s no longer exists.", model=self.res_model, id=self.res_id
            )
        elif stored is None and not self.content_digest:
            problems["legacy"] = _("Signed before content digests and seals were kept: it cannot be verified.")
        elif stored is not None:
            key = (self.res_model, self.res_id, tuple(sorted(stored)))
            if key not in digests_cache:
                digests_cache[key] = record._quality_signature_digests(names=list(stored))
            now = digests_cache[key]
            changed = sorted(name for name, digest in stored.items() if now.get(name) != digest)
            if changed:
                labels = [record._fields[name].string if name in record._fields else name for name in changed]
                problems["content_changed"] = _("Content changed since signing: %(fields)s.", fields=", ".join(labels))

    def _get_signed_record(self):
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env:
            return None
        record = self.env[self.res_model].sudo().browse(self.res_id).exists()
        if not record or not hasattr(record, "_quality_signature_digests"):
            return None
        return record

    # ------------------------------------------------------------------
    # Chain: whole-company check
    # ------------------------------------------------------------------
    @api.model
    def _quality_check_chain(self, company, date_from=None, date_to=None, batch_size=500):
        """Check every signature of ``company`` (optionally signed in [date_from, date_to]).

        Returns ``{"checked": n, "signature_ids": [...], "problems": [(signature or None, state, text)]}``:
        problems of each signature,
        plus gaps in the chain (signatures deleted) and a chain shorter than the company's head counter.
        """
        Signature = self.sudo()
        domain = [("company_id", "=", company.id)]
        if date_from:
            domain.append(("signed_at", ">=", date_from))
        if date_to:
            domain.append(("signed_at", "<=", date_to))
        ids = Signature.search(domain, order="chain_seq, id").ids
        problems = []
        seqs = set()
        for start in range(0, len(ids), batch_size):
            batch = Signature.browse(ids[start : start + batch_size])
            results = batch._quality_verification_results()
            for sig in batch:
                state, texts = results[sig.id]
                if sig.chain_seq:
                    seqs.add(sig.chain_seq)
                if state != "unchanged":
                    problems.append((sig, state, "; ".join(texts)))
            batch.invalidate_recordset()
        if not date_from and not date_to:
            self.env.cr.execute("SELECT quality_signature_seq FROM res_company WHERE id = %s", [company.id])
            head = (self.env.cr.fetchone() or [0])[0] or 0
            top = max(seqs) if seqs else 0
            if head > top:
                problems.append(
                    (
                        None,
                        "chain_broken",
                        _(
                            "Chain broken at no. %(seq)s: the last %(count)s signature(s) of the chain are missing.",
                            seq=top + 1,
                            count=head - top,
                        ),
                    )
                )
        return {"checked": len(ids), "problems": problems, "signature_ids": ids}

    # ------------------------------------------------------------------
    # Creation (signing service only), immutability
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get(SIGNING_SERVICE_KEY):
            raise UserError(
                _(
                    "Electronic signatures can only be created through the signing step, "
                    "which asks for the signer's password."
                )
            )
        signatures = self.browse()
        for vals in vals_list:
            vals = dict(vals)
            company_id = vals.get("company_id") or self.env.company.id
            vals["company_id"] = company_id
            seq, previous_seal = self._quality_chain_append_lock(company_id)
            vals["chain_seq"] = seq
            vals["previous_seal"] = previous_seal
            vals["seal"] = compute_seal(vals)
            signature = super().create([vals])
            self.env.cr.execute("UPDATE res_company SET quality_signature_seq = %s WHERE id = %s", [seq, company_id])
            signatures |= signature
        return signatures

    @api.model
    def _quality_chain_append_lock(self, company_id):
        """Serialize appends to the chain of ``company_id``; return (next chain no., previous seal).

        The company row is locked (FOR NO KEY UPDATE) and its chain counter updated by each signing: under
        REPEATABLE READ, a transaction that signed for the same company and committed after this one began
        makes this lock fail with a serialization error, and Odoo retries the request with a fresh snapshot,
        so two signatures never take the same place (the unique constraint backs this up).
        NO KEY UPDATE, not UPDATE: every insert of a record that points to the company (an order, a picking,
        a message) takes a KEY SHARE lock on its row for the foreign key, which FOR UPDATE would block and
        turn into serialization failures of work that has nothing to do with signing (seen in make bench's
        load run); NO KEY UPDATE still serializes signers against each other.
        """
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            "SELECT COALESCE(quality_signature_seq, 0) FROM res_company WHERE id = %s FOR NO KEY UPDATE", [company_id]
        )
        head = cr.fetchone()[0]
        cr.execute(
            """SELECT chain_seq, seal FROM quality_signature
                WHERE company_id = %s AND chain_seq IS NOT NULL
             ORDER BY chain_seq DESC LIMIT 1""",
            [company_id],
        )
        row = cr.fetchone()
        last_seq, last_seal = row if row else (0, GENESIS_SEAL)
        return max(head, last_seq) + 1, last_seal or GENESIS_SEAL

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            _("Electronic signatures are permanent records: they cannot be changed (21 CFR 11.10(e), 11.70).")
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            _("Electronic signatures are permanent records: they cannot be deleted (21 CFR 11.10(e), 11.70).")
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_verify(self):
        """Recompute content, row seal and chain link of each signature and report what is wrong."""
        results = self._quality_verification_results()
        labels = dict(VERIFICATION_STATES)
        lines = []
        for sig in self:
            state, problems = results[sig.id]
            line = f"{sig.display_label}: {labels[state]}"
            if problems:
                line += " – " + "; ".join(problems)
            lines.append(line)
        wrong = any(results[sig.id][0] != "unchanged" for sig in self)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Signature verification"),
                "message": "\n".join(lines),
                "type": "danger" if wrong else "success",
                "sticky": wrong,
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
