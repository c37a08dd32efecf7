import base64
import json

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityDocumentsCommon
from .signature_chain import delete_committed_signatures, isolate_signature_chain, link_signature_chain


@verifies("QD-022", "QD-013")
@tagged("post_install", "-at_install")
class TestSignatureIntegrity(QualityDocumentsCommon):
    """Canonical content hash and the sealed signature chain (21 CFR 11.70)."""

    def setUp(self):
        super().setUp()
        self.company = isolate_signature_chain(self)
        self.document = self._create_document("Integrity target")
        self.revision = self._new_revision(
            self.document,
            datas=base64.b64encode(b"%PDF-1.4 signed file"),
            datas_fname="procedure.pdf",
            change_summary="First issue",
        )
        self.revision.action_submit_review()
        self.sig = self.revision.with_user(self.approver)._quality_sign("approved", "q_approver_pw1", "OK")
        link_signature_chain(self.env)

    def _signed(self, name):
        """A new effective document's signature, linked into the chain (as after its signing committed)."""
        signature = self._make_effective(self._create_document(name)).quality_signature_ids
        link_signature_chain(self.env)
        return signature

    def _sql(self, query, params):
        self.env.flush_all()
        self.env.cr.execute(query, params)
        self.env.invalidate_all()

    # ------------------------------------------------------------------
    # Content hash: stable, canonical
    # ------------------------------------------------------------------
    def test_content_hash_is_stable_across_context_language_user_and_renames(self):
        self.assertEqual(self.revision.state, "effective", "the approval made the revision effective")
        self.assertEqual(self.sig.verification_state, "unchanged", self.sig.verification_detail)
        digests = json.loads(self.sig.content_digest)
        self.assertEqual(sorted(digests), sorted(name for name, _sub in self.revision._quality_signature_field_specs()))
        self.assertTrue({"document_id", "body", "datas", "effective_date"} <= set(digests))
        self.env["res.lang"]._activate_lang("fr_FR")
        # The linked document renamed (its display name changes), another language, the web client's
        # bin_size read of the file, another user: the content that was signed is the same.
        self.document.with_user(self.author).write(
            {"title": "Renamed procedure", "quality_change_reason": "Procedure renamed"}
        )
        for env_record in (
            self.revision.with_context(lang="fr_FR"),
            self.revision.with_context(bin_size=True),
            self.revision.with_user(self.operator).with_context(bin_size=True, lang="fr_FR"),
        ):
            self.assertEqual(env_record._quality_signature_hash(), self.sig.content_hash)
        self.assertEqual(self.sig.with_context(lang="fr_FR", bin_size=True).verification_state, "unchanged")
        self.assertEqual(self.sig.with_user(self.manager).verification_state, "unchanged")
        # The binary is hashed by the checksum of its bytes, not by its size label or its base64 text.
        content = self.revision._quality_signature_content(["datas"])
        self.assertTrue(content["datas"].startswith("sha256:"))

    def test_fields_changed_by_signing_are_not_signed(self):
        """Signing the periodic review moves the next review date: the signature stays intact."""
        document = self._create_document("Review target")
        self._make_effective(document)
        self.assertNotIn("next_review_date", document._quality_signature_fields())
        sig = document.with_user(self.author)._quality_sign("reviewed_no_change", "q_author_pw1")
        link_signature_chain(self.env)
        document.invalidate_recordset()
        self.assertEqual(sig.verification_state, "unchanged", sig.verification_detail)
        self.assertTrue(document.last_review_date, "the signature recorded the review")

    def test_orm_edit_of_signed_content_is_reported_with_the_field(self):
        document = self._create_document("Review target 2")
        self._make_effective(document)
        sig = document.with_user(self.author)._quality_sign("reviewed_no_change", "q_author_pw1")
        link_signature_chain(self.env)
        self.assertEqual(sig.verification_state, "unchanged")
        document.with_user(self.author).write({"title": "Changed title", "quality_change_reason": "Title corrected"})
        sig.invalidate_recordset()
        self.assertEqual(sig.verification_state, "content_changed")
        self.assertIn("Title", sig.verification_detail)
        result = sig.action_verify()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn("Content changed since signing: Title", result["params"]["message"])

    # ------------------------------------------------------------------
    # Tampering behind the ORM
    # ------------------------------------------------------------------
    def test_sql_edit_of_signed_content_is_reported(self):
        self._sql(
            "UPDATE quality_document_revision SET change_summary = %s WHERE id = %s", ["Edited", self.revision.id]
        )
        self.assertEqual(self.sig.verification_state, "content_changed")
        self.assertIn(self.revision._fields["change_summary"].string, self.sig.verification_detail)

    def test_sql_edit_of_a_signature_row_is_reported(self):
        self._sql("UPDATE quality_signature SET printed_name = %s WHERE id = %s", ["Someone Else", self.sig.id])
        self.assertEqual(self.sig.verification_state, "row_altered")
        self.assertIn("no longer match its seal", self.sig.verification_detail)
        # Rewriting the content hash to match a changed record is caught the same way.
        self._sql("UPDATE quality_signature SET printed_name = %s WHERE id = %s", [self.approver.name, self.sig.id])
        self.assertEqual(self.sig.verification_state, "unchanged")
        self._sql("UPDATE quality_signature SET content_hash = %s WHERE id = %s", ["0" * 64, self.sig.id])
        self.assertEqual(self.sig.verification_state, "row_altered")

    def test_chain_links_each_signature_to_the_previous_one_of_the_company(self):
        second = self._signed("Second")
        self.assertEqual(self.sig.company_id, self.company)
        self.assertEqual((self.sig.chain_seq, self.sig.previous_seal), (1, "0" * 64), "the company's chain starts here")
        self.assertEqual(second.company_id, self.sig.company_id)
        self.assertEqual(second.chain_seq, self.sig.chain_seq + 1)
        self.assertEqual(second.previous_seal, self.sig.seal)
        self.assertEqual(len(self.sig.seal), 64)
        self.assertEqual(second.verification_state, "unchanged")

    def test_deleted_signature_breaks_the_chain(self):
        second = self._signed("Second")
        third = self._signed("Third")
        second_seq = second.chain_seq
        self._sql("DELETE FROM quality_signature WHERE id = %s", [second.id])
        self.assertEqual(third.verification_state, "chain_broken")
        self.assertIn(f"signature no. {second_seq} is missing", third.verification_detail)
        self.assertEqual(self.sig.verification_state, "unchanged")
        # Deleting the last signature of the chain is seen by the whole-chain check (company counter).
        self._sql("DELETE FROM quality_signature WHERE id = %s", [third.id])
        outcome = self.env["quality.signature"]._quality_check_chain(self.sig.company_id)
        texts = [text for _sig, _state, text in outcome["problems"]]
        self.assertIn(f"Chain broken at no. {second_seq}: the last 2 signature(s) of the chain are missing.", texts)

    def test_altered_seal_breaks_the_next_link(self):
        second = self._signed("Second")
        self._sql("UPDATE quality_signature SET seal = %s WHERE id = %s", ["f" * 64, self.sig.id])
        self.assertEqual(self.sig.verification_state, "row_altered")
        self.assertEqual(second.verification_state, "chain_broken")

    # ------------------------------------------------------------------
    # Linking into the chain after the signing's commit
    # ------------------------------------------------------------------
    def test_signature_takes_its_place_in_the_chain_only_when_linked(self):
        document = self._create_document("Review before linking")
        self._make_effective(document)
        link_signature_chain(self.env)
        sig = document.with_user(self.author)._quality_sign("reviewed_no_change", "q_author_pw1")
        # Signed: sealed as signed, but no place in the chain yet (production links right after the commit).
        self.assertEqual((sig.chain_seq, sig.previous_seal, sig.seal), (0, False, False))
        self.assertEqual(len(sig.content_seal), 64)
        self.assertEqual(sig.verification_state, "pending", sig.verification_detail)
        outcome = self.env["quality.signature"]._quality_check_chain(self.company)
        self.assertEqual(outcome["problems"], [], "not yet linked is not a problem of integrity")
        self.assertEqual([pending for pending, _text in outcome["pending"]], [sig])
        check = self.env["quality.signature.integrity.check"].with_user(self.manager).create({})
        check.action_run()
        self.assertEqual((check.result, check.problem_count), ("intact", 0))
        self.assertEqual(check.line_ids.filtered(lambda ln: ln.signature_id == sig).state, "pending")
        # The report shows it as waiting (warning), not as a problem (danger).
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("quality_documents.action_report_signature_integrity", check.ids)[0]
            .decode()
        )
        self.assertRegex(html, r'class="text-warning">\s*<strong>Not yet linked into the chain</strong>')
        self.assertNotIn("text-danger", html)
        # Linked: the next place after the last linked signature, sealed with the previous seal.
        last = self.env["quality.signature"].search(
            [("company_id", "=", self.company.id), ("chain_seq", "!=", False)], order="chain_seq desc", limit=1
        )
        self.assertEqual(link_signature_chain(self.env, self.company), sig)
        self.assertEqual((sig.chain_seq, sig.previous_seal), (last.chain_seq + 1, last.seal))
        self.assertEqual(sig.verification_state, "unchanged", sig.verification_detail)
        self.assertEqual(self.company.quality_signature_seq, sig.chain_seq)
        # Linking again links nothing and changes nothing.
        seal = sig.seal
        self.assertFalse(link_signature_chain(self.env, self.company))
        self.assertEqual((sig.chain_seq, sig.seal), (last.chain_seq + 1, seal))

    def test_signature_altered_before_it_is_linked_is_reported(self):
        document = self._create_document("Altered before linking")
        self._make_effective(document)
        link_signature_chain(self.env)
        sig = document.with_user(self.author)._quality_sign("reviewed_no_change", "q_author_pw1")
        self._sql("UPDATE quality_signature SET printed_name = %s WHERE id = %s", ["Someone Else", sig.id])
        self.assertEqual(sig.verification_state, "row_altered")
        self.assertIn("seal made at signing", sig.verification_detail)
        # Linking seals the altered row into the chain, but the seal made at signing still tells.
        link_signature_chain(self.env, self.company)
        self.assertTrue(sig.chain_seq)
        self.assertEqual(sig.verification_state, "row_altered")
        outcome = self.env["quality.signature"]._quality_check_chain(self.company)
        self.assertEqual([(bad, state) for bad, state, _text in outcome["problems"]], [(sig, "row_altered")])

    def test_signature_removed_from_the_chain_is_not_pending(self):
        second = self._signed("Second")
        self._sql("UPDATE quality_signature SET chain_seq = NULL WHERE id = %s", [self.sig.id])
        self.assertEqual(self.sig.verification_state, "row_altered")
        self.assertEqual(second.verification_state, "chain_broken")

    def test_signer_cannot_choose_a_place_in_the_chain(self):
        """The signing service's create ignores chain values: only the linking gives them."""
        sig = (
            self.env["quality.signature"]
            .sudo()
            .with_context(quality_signature_service=True)
            .create(
                {
                    "res_model": self.revision._name,
                    "res_id": self.revision.id,
                    "signer_id": self.approver.id,
                    "printed_name": self.approver.name,
                    "signed_at": self.sig.signed_at,
                    "meaning": "approved",
                    "content_hash": self.sig.content_hash,
                    "content_digest": self.sig.content_digest,
                    "company_id": self.company.id,
                    "chain_seq": 1,
                    "previous_seal": "0" * 64,
                    "seal": "f" * 64,
                }
            )
        )
        self.assertEqual((sig.chain_seq, sig.previous_seal, sig.seal), (0, False, False))
        link_signature_chain(self.env, self.company)
        self.assertEqual(sig.chain_seq, self.sig.chain_seq + 1)
        self.assertEqual(sig.previous_seal, self.sig.seal)

    # ------------------------------------------------------------------
    # Integrity report and the daily check
    # ------------------------------------------------------------------
    def test_period_report_lists_each_signature_with_its_result(self):
        second = self._signed("Second")
        self._sql("UPDATE quality_document_revision SET body = %s WHERE id = %s", ["<p>Tampered</p>", self.revision.id])
        today = self.sig.signed_at.date()
        check = (
            self.env["quality.signature.integrity.check"]
            .with_user(self.manager)
            .create({"date_from": today, "date_to": today})
        )
        check.action_run()
        by_sig = {line.signature_id: line for line in check.line_ids}
        self.assertEqual(by_sig[self.sig].state, "content_changed")
        self.assertEqual(by_sig[second].state, "unchanged")
        self.assertEqual(check.result, "problems")
        # What the check found is not written by hand, not even by the quality manager who ran it.
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            by_sig[self.sig].with_user(self.manager).write({"state": "unchanged"})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            check.with_user(self.manager).write({"problem_count": 0})
        self.assertEqual(by_sig[self.sig].state, "content_changed")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "quality_documents.action_report_signature_integrity", check.ids
        )
        html = html.decode()
        self.assertIn("Electronic signature integrity report", html)
        self.assertIn("Content changed since signing", html)
        self.assertIn(self.approver.name, html)

    def test_daily_check_alerts_quality_managers_once(self):
        self._sql("UPDATE quality_signature SET meaning = 'rejected' WHERE id = %s", [self.sig.id])
        Check = self.env["quality.signature.integrity.check"]
        checks = Check._cron_check_signature_chain()
        check = checks.filtered(lambda c: c.company_id == self.sig.company_id)
        self.assertEqual(check.kind, "scheduled")
        line = check.line_ids.filtered(lambda ln: ln.signature_id == self.sig)
        self.assertEqual(line.state, "row_altered")
        activity_type = self.env.ref("quality_documents.mail_activity_signature_integrity")
        activities = self.env["mail.activity"].search(
            [("res_model", "=", check._name), ("activity_type_id", "=", activity_type.id)]
        )
        self.assertIn(self.manager, activities.user_id)
        self.assertNotIn(self.approver, activities.user_id)
        # Run again: the same check is refreshed, no second activity.
        again = Check._cron_check_signature_chain().filtered(lambda c: c.company_id == self.sig.company_id)
        self.assertEqual(again, check)
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_model", "=", check._name), ("activity_type_id", "=", activity_type.id)]
            ),
            len(activities),
        )

    def test_test_cleanup_helper_restores_the_tail_but_not_a_middle_gap(self):
        second = self._signed("Second")
        third = self._signed("Third")
        self.env.flush_all()
        delete_committed_signatures(self.env.cr, "id = %s", [third.id])
        self.env.invalidate_all()
        self.assertEqual(self.env["quality.signature"]._quality_check_chain(self.company)["problems"], [])
        delete_committed_signatures(self.env.cr, "id = %s", [self.sig.id])
        self.env.invalidate_all()
        self.assertEqual(second.verification_state, "chain_broken")
