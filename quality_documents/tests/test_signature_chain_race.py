from contextlib import contextmanager

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@verifies("QD-022")
@tagged("post_install", "-at_install")
class TestSignatureChainRace(TransactionCase):
    """Two signatures of the same company appended in two transactions never take the same place in the chain.

    Appending locks the company row (FOR NO KEY UPDATE) and bumps its chain counter: a second transaction waits for the
    first, and when the first committed after the second took its snapshot, the second fails with a
    serialization error (Odoo retries the request) instead of reading a stale last seal.
    """

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    @contextmanager
    def _two_cursors(self):
        """Two real transactions beside the test's own, rolled back and closed afterwards."""
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        try:
            yield cr1, cr2
        finally:
            for cr in (cr1, cr2):
                cr.rollback()
                cr.close()

    def test_second_append_waits_for_the_first(self):
        company_id = self.env.company.id
        with self._two_cursors() as (cr1, cr2):
            self._env(cr1)["quality.signature"]._quality_chain_append_lock(company_id)
            cr2.execute("SET LOCAL lock_timeout = '200ms'")
            with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.LockNotAvailable):
                self._env(cr2)["quality.signature"]._quality_chain_append_lock(company_id)

    def test_append_after_a_concurrent_commit_is_a_serialization_error(self):
        company_id = self.env.company.id
        with self._two_cursors() as (cr1, cr2):
            # cr2 takes its snapshot first; cr1 then appends (counter bumped, same value kept) and commits.
            cr2.execute("SELECT 1 FROM res_company WHERE id = %s", [company_id])
            self._env(cr1)["quality.signature"]._quality_chain_append_lock(company_id)
            cr1.execute(
                "UPDATE res_company SET quality_signature_seq = quality_signature_seq WHERE id = %s", [company_id]
            )
            cr1.commit()
            with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.SerializationFailure):
                self._env(cr2)["quality.signature"]._quality_chain_append_lock(company_id)

    def test_a_signer_does_not_block_other_work_of_the_company(self):
        """Records that point to the company (their foreign key share-locks its row) are created while a
        signature is being appended: no wait, no serialization failure (make bench's load run)."""
        company_id = self.env.company.id
        with self._two_cursors() as (cr1, cr2):
            self._env(cr1)["quality.signature"]._quality_chain_append_lock(company_id)
            cr2.execute("SET LOCAL lock_timeout = '200ms'")
            partner = self._env(cr2)["res.partner"].create({"name": "Created while signing", "company_id": company_id})
            self._env(cr2).flush_all()
            cr2.execute("SELECT company_id FROM res_partner WHERE id = %s", [partner.id])
            self.assertEqual(cr2.fetchone()[0], company_id)
            # the signer's own append still completes after it
            cr1.execute(
                "UPDATE res_company SET quality_signature_seq = quality_signature_seq WHERE id = %s", [company_id]
            )
