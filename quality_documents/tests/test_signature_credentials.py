import base64
import time
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.addons.auth_totp.models.totp import TIMESTEP, hotp
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityDocumentsCommon

WRONG = "Sup3r-Secret-Wrong-Typed"


@verifies("QD-024", "QD-023", "QD-011")
@tagged("post_install", "-at_install")
class TestSignatureCredentials(QualityDocumentsCommon):
    """Signing asks login and password (and the 2FA code), stores neither, and locks after repeated failures
    (21 CFR 11.200(a)(1), 11.300(d))."""

    def setUp(self):
        super().setUp()
        self.document = self._create_document("Credential target")
        self.revision = self._new_revision(self.document)
        self.revision.action_submit_review()
        self.addCleanup(self._delete_committed_failures)

    def _delete_committed_failures(self):
        """The failure log is written in transactions of its own: remove what these tests committed."""
        user_ids = [user.id for user in self.passwords]
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM quality_signature_failure WHERE user_ref = ANY(%s)", [user_ids])
            ids = [row[0] for row in cr.fetchall()]
            if ids:
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = 'quality.signature.failure' AND res_id = ANY(%s)",
                    [ids],
                )
                cr.execute("DELETE FROM quality_signature_failure WHERE id = ANY(%s)", [ids])

    def _committed_failures(self, user):
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT reason, COALESCE(is_lockout, false), locked_until FROM quality_signature_failure
                    WHERE user_ref = %s ORDER BY id""",
                [user.id],
            )
            return cr.fetchall()

    def _wizard(self, user, **credentials):
        action = self.revision.with_user(user).with_context(quality_sign_meaning="approved").action_quality_sign()
        return self.env["quality.sign.wizard"].with_user(user).with_context(**action["context"]).create(credentials)

    # ------------------------------------------------------------------
    # Login and password, both typed
    # ------------------------------------------------------------------
    def test_signing_dialog_requires_login_and_password(self):
        with self.assertRaisesRegex(UserError, "Enter your login and your password"):
            self._wizard(self.approver, password="q_approver_pw1")
        with self.assertRaisesRegex(UserError, "Enter your login and your password"):
            self._wizard(self.approver, login="q_approver")
        self.assertFalse(self.revision.quality_signature_ids)
        wizard = self._wizard(self.approver, login="q_approver", password="q_approver_pw1")
        self.assertEqual(wizard.action_sign()["type"], "ir.actions.act_window_close")
        self.assertEqual(wizard.signature_id.signer_id, self.approver)
        self.assertEqual(self.revision.quality_signature_ids, wizard.signature_id)

    def test_someone_elses_login_is_refused_and_logged(self):
        with self.assertRaisesRegex(UserError, "Wrong login or password"):
            self._wizard(self.approver, login="q_manager", password="q_manager_pw1")
        self.assertFalse(self.revision.quality_signature_ids)
        self.assertEqual(self._committed_failures(self.approver), [("wrong_credentials", False, None)])

    def test_no_password_is_stored_anywhere_even_a_wrong_one(self):
        with self.assertRaisesRegex(UserError, "Wrong login or password"):
            self._wizard(self.approver, login="q_approver", password=WRONG)
        wizard = self._wizard(self.approver, login="q_approver", password="q_approver_pw1")
        self.assertFalse(wizard.password)
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT table_name, column_name FROM information_schema.columns
                WHERE table_name IN ('quality_sign_wizard', 'quality_signature_failure', 'quality_signature')
                  AND (column_name LIKE '%%password%%' OR column_name IN ('login', 'totp_code'))"""
        )
        self.assertEqual(self.env.cr.fetchall(), [], "no column can hold what the signer typed")
        for table in ("quality_sign_wizard", "quality_signature", "mail_message"):
            self.env.cr.execute(f"SELECT count(*) FROM {table} t WHERE t::text LIKE %s", [f"%{WRONG}%"])  # noqa: S608
            self.assertEqual(self.env.cr.fetchone()[0], 0, table)
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM quality_signature_failure t WHERE t::text LIKE %s", [f"%{WRONG}%"])
            self.assertEqual(cr.fetchone()[0], 0)

    def test_two_factor_code_is_asked_when_the_user_has_2fa(self):
        self.assertIn("totp_enabled", self.env["res.users"]._fields)
        secret = base64.b32encode(b"0123456789abcdefghij").decode()
        self.approver.sudo().totp_secret = secret
        self.assertTrue(self.approver.totp_enabled)
        wizard_required = self._wizard(self.author)  # someone without 2FA: no code asked
        self.assertFalse(wizard_required.totp_required)
        with self.assertRaisesRegex(UserError, "code of your authenticator app"):
            self._wizard(self.approver, login="q_approver", password="q_approver_pw1")
        with self.assertRaisesRegex(UserError, "Wrong or missing authentication code"):
            self._wizard(self.approver, login="q_approver", password="q_approver_pw1", totp_code="000000x")
        self.assertFalse(self.revision.quality_signature_ids)
        self.assertEqual(self._committed_failures(self.approver), [("wrong_totp", False, None)])
        code = hotp(base64.b32decode(secret), int(time.time() / TIMESTEP))
        wizard = self._wizard(self.approver, login="q_approver", password="q_approver_pw1", totp_code=f"{code:06d}")
        self.assertEqual(wizard.signature_id.signer_id, self.approver)

    # ------------------------------------------------------------------
    # Lockout
    # ------------------------------------------------------------------
    def test_repeated_failures_lock_signing_tell_managers_and_expire(self):
        company = self.env.company
        self.assertEqual(
            (
                company.quality_sign_max_failures,
                company.quality_sign_failure_window,
                company.quality_sign_lockout_minutes,
            ),
            (3, 15, 30),
        )
        approver = self.revision.with_user(self.approver)
        start = fields.Datetime.now()
        with freeze_time(start) as frozen:
            for _attempt in range(2):
                with self.assertRaisesRegex(UserError, "Wrong login or password") as refusal:
                    approver._quality_sign("approved", WRONG)
                self.assertNotIn("locked", str(refusal.exception))
                frozen.tick(timedelta(minutes=1))
            with self.assertRaisesRegex(UserError, "Signing is locked for you after 3 refused attempts: for 30 more"):
                approver._quality_sign("approved", WRONG)
            # The right password does not open the lock.
            frozen.tick(timedelta(minutes=10))
            with self.assertRaisesRegex(UserError, "Signing is locked for you .* for 20 more minute"):
                approver._quality_sign("approved", "q_approver_pw1")
            self.assertFalse(self.revision.quality_signature_ids)
            rows = self._committed_failures(self.approver)
            self.assertEqual(
                [(reason, lockout) for reason, lockout, _until in rows],
                [
                    ("wrong_credentials", False),
                    ("wrong_credentials", False),
                    ("wrong_credentials", False),
                    ("lockout", True),
                    ("locked", False),
                ],
            )
            self.assertEqual(rows[3][2], start + timedelta(minutes=2, seconds=0) + timedelta(minutes=30))
            with self.registry.cursor() as cr:
                cr.execute(
                    """SELECT a.user_id FROM mail_activity a JOIN quality_signature_failure f
                            ON a.res_model = 'quality.signature.failure' AND a.res_id = f.id
                        WHERE f.user_ref = %s AND f.is_lockout IS TRUE""",
                    [self.approver.id],
                )
                alerted = {row[0] for row in cr.fetchall()}
            self.assertIn(self.env.ref("base.user_admin").id, alerted, "quality managers get an activity")
            # After the lock period the user signs again.
            frozen.tick(timedelta(minutes=21))
            signature = approver._quality_sign("approved", "q_approver_pw1")
        self.assertEqual(signature.signer_id, self.approver)

    def test_failures_outside_the_window_do_not_lock(self):
        approver = self.revision.with_user(self.approver)
        with freeze_time(fields.Datetime.now()) as frozen:
            for _attempt in range(2):
                with self.assertRaisesRegex(UserError, "Wrong login or password"):
                    approver._quality_sign("approved", WRONG)
            frozen.tick(timedelta(minutes=16))
            with self.assertRaisesRegex(UserError, "Wrong login or password") as refusal:
                approver._quality_sign("approved", WRONG)
            self.assertNotIn("locked", str(refusal.exception))
            self.assertEqual(approver._quality_sign("approved", "q_approver_pw1").signer_id, self.approver)
        self.assertNotIn(True, [lockout for _reason, lockout, _until in self._committed_failures(self.approver)])

    def test_lockout_settings_refuse_nonsense(self):
        with self.assertRaisesRegex(Exception, "must be at least 1"):
            self.env.company.quality_sign_max_failures = 0
