from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityDocumentsCommon
from .signature_chain import isolate_signature_chain, link_signature_chain


@tagged("post_install", "-at_install")
class TestSignature(QualityDocumentsCommon):
    def setUp(self):
        super().setUp()
        isolate_signature_chain(self)
        self.document = self._create_document("Signature target")
        self.revision = self._new_revision(self.document)
        self.revision.action_submit_review()

    @verifies("QD-010")
    def test_sign_records_printed_name_meaning_and_hash(self):
        sig = self.revision.with_user(self.approver)._quality_sign("approved", "q_approver_pw1", "Looks right")
        self.assertEqual(sig.printed_name, self.approver.name)
        self.assertEqual(sig.meaning, "approved")
        self.assertEqual(sig.res_model, "quality.document.revision")
        self.assertEqual(sig.res_id, self.revision.id)
        self.assertEqual(len(sig.content_hash), 64)
        self.assertEqual(sig.content_hash, self.revision._quality_signature_hash())
        self.assertIn(sig, self.revision.quality_signature_ids)
        self.assertIn("UTC", sig._format_signed_at("UTC"))

    @verifies("QD-011")
    def test_wrong_password_refused_and_logged(self):
        with self.assertLogs("odoo.addons.quality_documents.models.quality_signature_mixin", "WARNING") as logs:
            with self.assertRaisesRegex(UserError, "Wrong login or password"):
                self.revision.with_user(self.approver)._quality_sign("approved", "not-my-password")
        self.assertIn("q_approver", logs.output[0])
        self.assertFalse(self.revision.quality_signature_ids)
        self.assertEqual(self.revision.state, "in_review")
        # The failure is logged in its own transaction: visible from a fresh cursor.
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT user_name, meaning FROM quality_signature_failure WHERE res_model = %s AND res_id = %s",
                ["quality.document.revision", self.revision.id],
            )
            rows = cr.fetchall()
            cr.execute(
                "DELETE FROM quality_signature_failure WHERE res_model = %s AND res_id = %s",
                ["quality.document.revision", self.revision.id],
            )
        self.assertEqual(rows, [(self.approver.name, "approved")])

    @verifies("QD-012")
    def test_signature_cannot_be_written_or_deleted_even_by_admin(self):
        sig = self.revision.with_user(self.approver)._quality_sign("approved", "q_approver_pw1")
        admin_sig = sig.with_user(self.env.ref("base.user_admin")).sudo()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            admin_sig.write({"printed_name": "Someone else"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            admin_sig.unlink()
        with self.assertRaisesRegex(UserError, "only be created through the signing step"):
            self.env["quality.signature"].sudo().create(
                {
                    "res_model": "quality.document",
                    "res_id": self.document.id,
                    "signer_id": self.approver.id,
                    "printed_name": "Forged",
                    "signed_at": "2026-01-01 00:00:00",
                    "meaning": "approved",
                    "content_hash": "0" * 64,
                }
            )
        self.assertEqual(sig.printed_name, self.approver.name)

    @verifies("QD-013")
    def test_verification_detects_tampering_behind_the_orm(self):
        sig = self.revision.with_user(self.approver)._quality_sign("approved", "q_approver_pw1")
        link_signature_chain(self.env)
        self.assertEqual(sig.verification_state, "unchanged")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE quality_document_revision SET body = %s WHERE id = %s", ["<p>Tampered</p>", self.revision.id]
        )
        self.env.invalidate_all()
        self.assertEqual(sig.verification_state, "content_changed")
        result = sig.action_verify()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn("Content changed since signing", result["params"]["message"])

    @verifies("QD-010")
    def test_sign_wizard_requires_password_and_signs(self):
        action = (
            self.revision.with_user(self.approver).with_context(quality_sign_meaning="approved").action_quality_sign()
        )
        wizard = (
            self.env["quality.sign.wizard"]
            .with_user(self.approver)
            .with_context(**action["context"])
            .create({"login": "q_approver", "password": "q_approver_pw1"})
        )
        wizard.action_sign()
        self.assertFalse(wizard.password, "the password must not stay stored")
        self.assertEqual(self.revision.quality_signature_ids.signer_id, self.approver)
