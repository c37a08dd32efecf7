from contextlib import contextmanager

import psycopg2

from odoo import SUPERUSER_ID, api, fields
from odoo.addons.quality_documents.models.quality_signature import (
    SIGNING_SERVICE_KEY,
    _begin_link_transaction,
    compute_seal,
)
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .signature_chain import delete_committed_signatures


@verifies("QD-022")
@tagged("post_install", "-at_install")
class TestSignatureChainRace(TransactionCase):
    """Concurrent signers of one company, in real transactions that commit.

    A signer's transaction records its signature without a place in the chain and takes no lock of the chain:
    two signers never wait for each other, and a signer whose snapshot predates another signer's commit gets
    no serialization failure. Right after each commit, a short READ COMMITTED transaction under the company's
    advisory lock links the company's unlinked signatures: each takes a place of its own, chained to the one
    before. The committed data (a document, its signatures) is removed again at the end.
    """

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nosubscribe": True})

    @contextmanager
    def _cursors(self, count=2):
        """Real transactions beside the test's own, rolled back and closed afterwards."""
        cursors = [self.registry.cursor() for _i in range(count)]
        try:
            yield cursors
        finally:
            for cr in cursors:
                cr.rollback()
                cr.close()

    def _committed_document(self):
        with self.registry.cursor() as cr:
            document = self._env(cr)["quality.document"].create({"name": "CHAIN-RACE-0001", "title": "Chain race"})
            doc_id = document.id
        self.addCleanup(self._cleanup, doc_id)
        return doc_id

    def _cleanup(self, doc_id):
        with self.registry.cursor() as cr:
            delete_committed_signatures(cr, "res_model = 'quality.document' AND res_id = %s", [doc_id])
            cr.execute("DELETE FROM mail_message WHERE model = 'quality.document' AND res_id = %s", [doc_id])
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'quality.document' AND res_id = %s", [doc_id])
            cr.execute("DELETE FROM quality_document WHERE id = %s", [doc_id])

    def _sign(self, cr, doc_id):
        """What the signing service records, in the signer's transaction ``cr`` (the password check aside)."""
        env = self._env(cr)
        document = env["quality.document"].browse(doc_id)
        content_hash, digests = document._quality_signature_fingerprint()
        signature = (
            env["quality.signature"]
            .with_context(**{SIGNING_SERVICE_KEY: True})
            .create(
                {
                    "res_model": document._name,
                    "res_id": doc_id,
                    "res_name": document.display_name,
                    "signer_id": env.user.id,
                    "printed_name": env.user.name,
                    "signed_at": fields.Datetime.now(),
                    "meaning": "reviewed_no_change",
                    "content_hash": content_hash,
                    "content_digest": document._quality_json(digests),
                    "company_id": env.company.id,
                }
            )
        )
        env.flush_all()
        return signature.id

    def _committed_rows(self, ids):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            signatures = env["quality.signature"].browse(ids)
            rows = {
                sig.id: {
                    "chain_seq": sig.chain_seq,
                    "previous_seal": sig.previous_seal,
                    "seal": sig.seal,
                    "expected": compute_seal(sig._row_values()),
                    "state": sig.verification_state,
                }
                for sig in signatures
            }
            cr.execute("SELECT quality_signature_seq FROM res_company WHERE id = %s", [env.company.id])
            head = cr.fetchone()[0]
        return rows, head

    def test_two_concurrent_signers_both_commit_and_take_their_own_places(self):
        doc_id = self._committed_document()
        with self._cursors() as (cr1, cr2):
            # Both signers' transactions take their snapshot before either signs.
            cr1.execute("SELECT 1")
            cr2.execute("SELECT 1")
            first = self._sign(cr1, doc_id)
            # The second signer does not wait for the first one's uncommitted signature...
            cr2.execute("SET LOCAL lock_timeout = '200ms'")
            second = self._sign(cr2, doc_id)
            # ... and both commit, in either order, the second one's snapshot predating the first one's commit:
            # no serialization failure (the old append in the signer's transaction failed here).
            cr2.commit()
            cr1.commit()
        rows, head = self._committed_rows([first, second])
        # Linked in the order of their commits, each right after the one before, every seal matching its row.
        self.assertEqual(rows[first]["chain_seq"], rows[second]["chain_seq"] + 1)
        self.assertEqual(rows[first]["previous_seal"], rows[second]["seal"])
        self.assertEqual(head, rows[first]["chain_seq"], "the company's head counter follows the chain")
        for row in rows.values():
            self.assertEqual(row["seal"], row["expected"])
            self.assertEqual(row["state"], "unchanged")

    def test_linking_waits_for_the_other_linker_of_the_company(self):
        company_id = self.env.company.id
        with self._cursors() as (cr1, cr2):
            for cr in (cr1, cr2):
                _begin_link_transaction(cr)
            self._env(cr1)["quality.signature"]._quality_chain_lock(company_id)
            cr2.execute("SET LOCAL lock_timeout = '200ms'")
            with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.LockNotAvailable):
                self._env(cr2)["quality.signature"]._quality_chain_lock(company_id)

    def test_linking_sees_what_another_linking_committed_meanwhile(self):
        """READ COMMITTED: a linking transaction that began before another one committed its links does not
        link the same signature again (nor fail): its reads after the lock see the committed links."""
        doc_id = self._committed_document()
        with self._cursors(3) as (signer, link1, link2):
            signature_id = self._sign(signer, doc_id)
            signer.postcommit.clear()  # as if the process died between the commit and its linking
            signer.commit()
            for cr in (link1, link2):
                _begin_link_transaction(cr)
                cr.execute("SELECT 1")  # both linking transactions have begun
            linked = self._env(link1)["quality.signature"]._quality_chain_link([self.env.company.id])
            self.assertEqual(linked.ids, [signature_id])
            link1.commit()
            self.assertFalse(self._env(link2)["quality.signature"]._quality_chain_link([self.env.company.id]))
            link2.commit()
        rows, head = self._committed_rows([signature_id])
        self.assertEqual(rows[signature_id]["seal"], rows[signature_id]["expected"])
        self.assertEqual(head, rows[signature_id]["chain_seq"])

    def test_scheduled_job_links_a_signature_left_unlinked(self):
        doc_id = self._committed_document()
        with self._cursors(1) as (signer,):
            signature_id = self._sign(signer, doc_id)
            signer.postcommit.clear()  # as if the process died between the commit and its linking
            signer.commit()
        rows, _head = self._committed_rows([signature_id])
        self.assertEqual((rows[signature_id]["chain_seq"], rows[signature_id]["state"]), (0, "pending"))
        self.assertGreaterEqual(self.env["quality.signature"]._cron_link_pending_signatures(), 1)
        rows, head = self._committed_rows([signature_id])
        self.assertEqual(rows[signature_id]["state"], "unchanged")
        self.assertEqual(head, rows[signature_id]["chain_seq"])
        # Nothing left: a second run links nothing.
        self.assertEqual(self.env["quality.signature"]._cron_link_pending_signatures(), 0)

    def test_linking_does_not_block_other_work_of_the_company(self):
        """Records that point to the company (their foreign key share-locks its row) are created while a
        linking transaction holds the chain lock and has moved the company's head counter: no wait."""
        company_id = self.env.company.id
        with self._cursors() as (cr1, cr2):
            _begin_link_transaction(cr1)
            self._env(cr1)["quality.signature"]._quality_chain_lock(company_id)
            cr1.execute(
                "UPDATE res_company SET quality_signature_seq = quality_signature_seq WHERE id = %s", [company_id]
            )
            cr2.execute("SET LOCAL lock_timeout = '200ms'")
            partner = self._env(cr2)["res.partner"].create({"name": "Created while linking", "company_id": company_id})
            self._env(cr2).flush_all()
            cr2.execute("SELECT company_id FROM res_partner WHERE id = %s", [partner.id])
            self.assertEqual(cr2.fetchone()[0], company_id)
