import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestEffectiveRace(TransactionCase):
    """Two approvals racing in two separate transactions never yield two effective revisions.

    The data is committed (the other transactions must see it) and removed again at the end.
    """

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nosubscribe": True})

    def _cleanup(self, doc_id):
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM quality_document_revision WHERE document_id = %s", [doc_id])
            rev_ids = [row[0] for row in cr.fetchall()] or [0]
            cr.execute(
                """DELETE FROM mail_message WHERE (model = 'quality.document' AND res_id = %s)
                   OR (model = 'quality.document.revision' AND res_id IN %s)""",
                [doc_id, tuple(rev_ids)],
            )
            cr.execute(
                """DELETE FROM mail_followers WHERE (res_model = 'quality.document' AND res_id = %s)
                   OR (res_model = 'quality.document.revision' AND res_id IN %s)""",
                [doc_id, tuple(rev_ids)],
            )
            cr.execute("UPDATE quality_document SET effective_revision_id = NULL WHERE id = %s", [doc_id])
            cr.execute("DELETE FROM quality_document_revision WHERE document_id = %s", [doc_id])
            cr.execute("DELETE FROM quality_document WHERE id = %s", [doc_id])

    @verifies("QD-003")
    def test_two_approvals_in_two_transactions_yield_one_effective_revision(self):
        # Committed set-up: one document with revisions A and B, both approved, neither effective yet.
        with self.registry.cursor() as cr0:
            env0 = self._env(cr0)
            document = env0["quality.document"].create({"name": "RACE-TEST-0001", "title": "Race"})
            rev_a, rev_b = env0["quality.document.revision"].create(
                [
                    {"document_id": document.id, "body": "<p>A</p>"},
                    {"document_id": document.id, "body": "<p>B</p>", "change_summary": "s", "change_reason": "r"},
                ]
            )
            # Through the workflow's own transitions (as the superuser: no group, no signature to ask for).
            (rev_a | rev_b)._quality_transition("submit")
            (rev_a | rev_b)._quality_transition("approve")
            doc_id, rev_a_id, rev_b_id = document.id, rev_a.id, rev_b.id
        self.addCleanup(self._cleanup, doc_id)

        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        try:
            # Both transactions start (take their snapshot) before either commits.
            cr1.execute("SELECT state FROM quality_document_revision WHERE id = %s", [rev_a_id])
            cr2.execute("SELECT state FROM quality_document_revision WHERE id = %s", [rev_b_id])
            # First approval completes and commits: A effective.
            env1 = self._env(cr1)
            env1["quality.document.revision"].browse(rev_a_id)._make_effective()
            env1.flush_all()
            cr1.commit()
            # Second approval, in a transaction that started before A was effective: the database refuses it.
            env2 = self._env(cr2)
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.DatabaseError) as caught,
            ):
                env2["quality.document.revision"].browse(rev_b_id)._make_effective()
                env2.flush_all()
            cr2.rollback()
            # 23505: the partial unique index refused a second effective revision;
            # 40001: the concurrent update of the same revision/document was refused.
            self.assertIn(caught.exception.pgcode, ("23505", "40001"))
        finally:
            cr1.close()
            cr2.close()

        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM quality_document_revision WHERE document_id = %s AND state = 'effective'", [doc_id]
            )
            self.assertEqual(cr.fetchall(), [(rev_a_id,)])
