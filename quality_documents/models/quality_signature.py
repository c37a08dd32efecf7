import hashlib
import json
import logging

import pytz

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

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
    ("pending", "Not yet linked into the chain"),
]
# When a signature has several problems, verification_state names the most serious one.
VERIFICATION_PRIORITY = ["row_altered", "chain_broken", "missing", "content_changed", "pending", "legacy"]

# Context key that only the signing service sets: it is the single way in.
SIGNING_SERVICE_KEY = "quality_signature_service"

# The seal of the first signature of a company's chain points to this.
GENESIS_SEAL = "0" * 64

# Advisory lock (first key) serializing the linking of one company's (second key) signatures into its chain.
CHAIN_LOCK_KEY = 11301

# Key of the postcommit data: the companies whose new signatures the committed transaction must link.
CHAIN_POSTCOMMIT_KEY = "quality_signature_chain_companies"

# How long a linking transaction waits for another one of the same company before it leaves the signatures to
# the scheduled job.
CHAIN_LOCK_TIMEOUT = "10s"

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

# What the signature row says by itself (who signed what, when, with which meaning), without its place in the
# chain: sealed when the signature is created (``content_seal``), before it is linked.
CHAIN_FIELDS = ("chain_seq", "previous_seal")
CONTENT_SEALED_FIELDS = tuple(name for name in SEALED_FIELDS if name not in CHAIN_FIELDS)


def _canonical_row_value(name, value):
    if name == "signed_at":
        return fields.Datetime.to_string(fields.Datetime.to_datetime(value)) if value else None
    if isinstance(value, models.BaseModel):
        return value.id or None
    if value is False or value == "":
        return None
    return value


def _sha256_of(row, names):
    data = {name: _canonical_row_value(name, row.get(name)) for name in names}
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def compute_seal(row):
    """SHA-256 of a signature row (``{field: value}`` of SEALED_FIELDS), previous seal included."""
    return _sha256_of(row, SEALED_FIELDS)


def compute_content_seal(row):
    """SHA-256 of a signature row without its place in the chain (``{field: value}`` of CONTENT_SEALED_FIELDS)."""
    return _sha256_of(row, CONTENT_SEALED_FIELDS)


def _begin_link_transaction(cr):
    """First statements of a linking transaction of its own: READ COMMITTED, so that each statement, the first
    read after the advisory lock included, sees every link committed before it (under REPEATABLE READ the
    snapshot would be the one taken when the lock was asked for); and a bounded wait for that lock."""
    cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
    cr.execute("SET LOCAL lock_timeout = %s", [CHAIN_LOCK_TIMEOUT])


def _link_after_commit(registry, company_ids):
    """Postcommit callback of a signing transaction: link its new signatures into their companies' chains.

    Never raises: the signing is committed, and nothing that happens here may reach the signer as an error.
    What is not linked here (lock wait too long, database error, the process killed) stays unlinked until the
    scheduled job links it (``_cron_link_pending_signatures``)."""
    try:
        with registry.cursor() as cr:
            _begin_link_transaction(cr)
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["quality.signature"]._quality_chain_link(sorted(company_ids))
    except Exception:  # noqa: BLE001 - the signing committed; the scheduled job links what is left
        _logger.warning(
            "Signatures of companies %s were committed but could not be linked into their chains: "
            "the scheduled job will link them.",
            sorted(company_ids),
            exc_info=True,
        )


class QualitySignature(models.Model):
    """Immutable electronic signature (21 CFR Part 11, 11.50 / 11.70 / 11.200).

    A signature is created only by ``quality.signature.mixin._quality_sign``,
    which re-checks the signer's login and password every time. Nobody can write or
    delete one through the ORM, administrators included.

    Each signature is sealed twice:

    - ``content_seal``, written when the signature is created, in the signer's transaction: the SHA-256 of
      what the row says by itself (signed record, signer, printed name, meaning, UTC time, comment, content
      hash and per-field digests, company);
    - ``seal``, written when the signature is linked into its company's chain: the SHA-256 of the same row
      with its chain number (``chain_seq``) and the previous signature's seal in the same company
      (``previous_seal``), so that a row changed or deleted in the database breaks the seal or the chain.

    Linking is not done in the signer's transaction: taking the next place in a company's chain there would
    serialize every signer of the company on one row for the rest of their transactions, and under Odoo's
    REPEATABLE READ a signer whose snapshot predates another signer's commit must fail and be retried (under
    load, some signings ran out of retries). A signature is created without a place in the chain; right after
    the signer's transaction commits, a short transaction of its own (READ COMMITTED, one advisory lock per
    company) appends every still-unlinked signature of the company, in id order (``_quality_chain_link``).
    What that misses (a crash between the two commits) is linked by a scheduled job. Until then the
    signature verifies as "Not yet linked into the chain", on its content seal.
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
    content_seal = fields.Char(
        readonly=True,
        copy=False,
        help="SHA-256 of this signature row without its place in the chain, written when it was signed.",
    )
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

    def _quality_expected_content_seal(self):
        self.ensure_one()
        return compute_content_seal(self._row_values())

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
        # 1. The row: its seals and its content hash must still match its own values.
        if self.chain_seq:
            if not self.seal:
                problems["row_altered"] = _("Signature row altered: it has no seal.")
            elif self._quality_expected_seal() != self.seal:
                problems["row_altered"] = _(
                    "Signature row altered: its values no longer match its seal (chain no. %(seq)s).",
                    seq=self.chain_seq,
                )
        elif self.seal or self.previous_seal:
            # Only linking gives a seal, and linking gives a chain number with it.
            problems["row_altered"] = _("Signature row altered: it was sealed into the chain but lost its place.")
        elif not self.content_seal:
            problems["row_altered"] = _("Signature row altered: it has no seal or no place in the chain.")
        else:
            problems["pending"] = _(
                "Not yet linked into the signature chain (linked right after signing, or by the scheduled job)."
            )
        if (
            self.content_seal
            and "row_altered" not in problems
            and self._quality_expected_content_seal() != self.content_seal
        ):
            problems.pop("pending", None)
            problems["row_altered"] = _("Signature row altered: its values no longer match the seal made at signing.")
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

        Returns ``{"checked": n, "signature_ids": [...], "problems": [(signature or None, state, text)],
        "pending": [(signature, text)]}``: problems of each signature, plus gaps in the chain (signatures
        deleted) and a chain shorter than the company's head counter; apart from them, the signatures not yet
        linked into the chain (committed a moment ago, or left to the scheduled job): not a problem of
        integrity as long as their row still matches the seal made at signing.
        """
        Signature = self.sudo()
        domain = [("company_id", "=", company.id)]
        if date_from:
            domain.append(("signed_at", ">=", date_from))
        if date_to:
            domain.append(("signed_at", "<=", date_to))
        ids = Signature.search(domain, order="chain_seq, id").ids
        problems = []
        pending = []
        seqs = set()
        for start in range(0, len(ids), batch_size):
            batch = Signature.browse(ids[start : start + batch_size])
            results = batch._quality_verification_results()
            for sig in batch:
                state, texts = results[sig.id]
                if sig.chain_seq:
                    seqs.add(sig.chain_seq)
                if state == "pending":
                    pending.append((sig, "; ".join(texts)))
                elif state != "unchanged":
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
        return {"checked": len(ids), "problems": problems, "pending": pending, "signature_ids": ids}

    # ------------------------------------------------------------------
    # Creation (signing service only), immutability
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """Record signatures (signing service only) with their content seal, without a place in the chain.

        They are linked into their companies' chains right after this transaction commits (see the class)."""
        if not self.env.context.get(SIGNING_SERVICE_KEY):
            raise UserError(
                _(
                    "Electronic signatures can only be created through the signing step, "
                    "which asks for the signer's password."
                )
            )
        rows = []
        for vals in vals_list:
            # The place in the chain and its seal are the linking's alone, never given by the caller.
            row = {name: value for name, value in vals.items() if name not in (*CHAIN_FIELDS, "seal", "content_seal")}
            row["company_id"] = row.get("company_id") or self.env.company.id
            row["content_seal"] = compute_content_seal(row)
            rows.append(row)
        signatures = super().create(rows)
        self._quality_chain_link_after_commit(signatures.company_id.ids)
        return signatures

    # ------------------------------------------------------------------
    # Chain: linking signatures into their company's chain
    # ------------------------------------------------------------------
    @api.model
    def _quality_chain_link_after_commit(self, company_ids):
        """Link the new signatures of ``company_ids`` once this transaction has committed (production path).

        One postcommit callback per transaction, whatever the number of signatures. A transaction rolled back
        (a serialization failure retried by Odoo, an error) drops the callback with its signatures. Odoo's test
        cursors never commit and drop postcommit callbacks: tests link with ``_quality_chain_link_pending``."""
        postcommit = self.env.cr.postcommit
        companies = postcommit.data.get(CHAIN_POSTCOMMIT_KEY)
        if companies is None:
            companies = postcommit.data[CHAIN_POSTCOMMIT_KEY] = set()
            registry = self.env.registry
            postcommit.add(lambda: _link_after_commit(registry, companies))
        companies.update(company_ids)

    @api.model
    def _quality_chain_link_pending(self, company_ids=None):
        """Link the unlinked signatures of ``company_ids`` (default: every company) in *this* transaction.

        The one way for tests to link: a TransactionCase never commits, so the postcommit linking never runs,
        and a separate transaction cannot see the test's signatures. Tests that assert chain numbers, seals or
        an intact chain call this (``signature_chain.link_signature_chain``) after signing. Production code
        does not: in a user's REPEATABLE READ transaction it would bring back the serialization failures the
        linking after commit avoids. Returns the signatures linked."""
        self.env.flush_all()
        return self._quality_chain_link(company_ids)

    @api.model
    def _cron_link_pending_signatures(self):
        """Scheduled: link the signatures that were committed but not linked (a crash between the two commits).

        In a transaction of its own (READ COMMITTED), not the job's: it must see every committed link. Odoo's
        ir.cron row lock keeps two runs of the job apart, and the advisory lock of each company keeps the job
        apart from the linking after commit; a run that finds nothing to link does nothing."""
        registry = self.env.registry
        if registry.in_test_mode():
            # HttpCase: every cursor is the test's single transaction, which never commits.
            return len(self._quality_chain_link_pending())
        with registry.cursor() as cr:
            _begin_link_transaction(cr)
            linked = api.Environment(cr, SUPERUSER_ID, {})["quality.signature"]._quality_chain_link()
            return len(linked)

    @api.model
    def _quality_chain_lock(self, company_id):
        """Make this transaction the only one linking signatures of ``company_id`` (until it ends).

        An advisory lock, not the company row: linking must not block, nor be blocked by, anything else that
        touches the company. Taken before anything of the chain is read."""
        self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CHAIN_LOCK_KEY, company_id])

    @api.model
    def _quality_chain_link(self, company_ids=None):
        """Append the unlinked signatures of ``company_ids`` (default: every company) to their chains, on this
        transaction's cursor; return them.

        Per company, under its advisory lock: the next chain number follows both the last linked signature and
        the company's head counter (so that the last signatures deleted leave a gap the check reports, rather
        than their numbers being given again), each signature gets its chain number, the previous seal and its
        seal (SQL: the ORM refuses every write on signatures), in id order, and the head counter follows.
        Only rows without a chain number are written (``chain_seq IS NULL``): a linked signature is never
        linked again. On a fresh READ COMMITTED transaction (after commit, the scheduled job) the reads after
        the lock see every committed link; in a test's own transaction, its own signatures."""
        cr = self.env.cr
        if company_ids is None:
            cr.execute(
                "SELECT DISTINCT company_id FROM quality_signature WHERE chain_seq IS NULL AND company_id IS NOT NULL"
            )
            company_ids = [row[0] for row in cr.fetchall()]
        linked = self.browse()
        for company_id in sorted(set(company_ids)):
            self._quality_chain_lock(company_id)
            cr.execute(
                "SELECT id FROM quality_signature WHERE company_id = %s AND chain_seq IS NULL ORDER BY id",
                [company_id],
            )
            ids = [row[0] for row in cr.fetchall()]
            if not ids:
                continue
            cr.execute("SELECT COALESCE(quality_signature_seq, 0) FROM res_company WHERE id = %s", [company_id])
            head = cr.fetchone()[0]
            cr.execute(
                """SELECT chain_seq, seal FROM quality_signature
                    WHERE company_id = %s AND chain_seq IS NOT NULL
                 ORDER BY chain_seq DESC LIMIT 1""",
                [company_id],
            )
            row = cr.fetchone()
            last_seq, previous = row if row else (0, GENESIS_SEAL)
            seq = max(head, last_seq)
            previous = previous or GENESIS_SEAL
            signatures = self.sudo().browse(ids)
            for sig in signatures:
                seq += 1
                values = dict(sig._row_values(), chain_seq=seq, previous_seal=previous)
                seal = compute_seal(values)
                cr.execute(
                    """UPDATE quality_signature SET chain_seq = %s, previous_seal = %s, seal = %s
                        WHERE id = %s AND chain_seq IS NULL""",
                    [seq, previous, seal, sig.id],
                )
                if cr.rowcount != 1:
                    raise UserError(_("Signature %(id)s was linked by another transaction.", id=sig.id))
                previous = seal
            cr.execute("UPDATE res_company SET quality_signature_seq = %s WHERE id = %s", [seq, company_id])
            signatures.invalidate_recordset(["chain_seq", "previous_seal", "seal"])
            self.env["res.company"].browse(company_id).invalidate_recordset(["quality_signature_seq"])
            linked |= signatures
        return linked

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
