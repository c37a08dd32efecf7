"""Concurrency: two transactions racing on the same document, each in its own database connection."""

import threading
import uuid

from odoo import SUPERUSER_ID, api
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestConcurrentApprovals(TransactionCase):
    def _committed(self, fn):
        with self.registry.cursor() as cr:
            return fn(api.Environment(cr, SUPERUSER_ID, {}))

    @verifies("QD-003")
    def test_two_last_approvals_at_once_yield_one_effective_revision(self):
        group = "quality_documents.group_quality_user"

        run = uuid.uuid4().hex[:8]  # the users stay (archived) after the test: a rerun needs new logins

        def setup(env):
            users = env["res.users"].create(
                [
                    {"name": f"Race approver {i}", "login": f"race_approver_{i}_{run}", "password": f"race_pw_{i}"}
                    for i in (1, 2)
                ]
            )
            users.write({"groups_id": [(4, env.ref(group).id)]})
            document = env["quality.document"].create({"title": "Race SOP", "approver_ids": [(6, 0, users.ids)]})
            revisions = env["quality.document.revision"].create(
                [
                    {
                        "document_id": document.id,
                        "body": f"<p>{i}</p>",
                        "change_summary": "Race",
                        "change_reason": "Race",
                        "approver_ids": [(6, 0, u.ids)],
                    }
                    for i, u in enumerate(users)
                ]
            )
            revisions.action_submit_review()
            return users.ids, document.id, revisions.ids

        user_ids, document_id, revision_ids = self._committed(setup)
        self.addCleanup(self._cleanup, user_ids, document_id)
        barrier = threading.Barrier(2)
        outcomes = {}

        def approve(index):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, user_ids[index], {})
                    revision = env["quality.document.revision"].browse(revision_ids[index])
                    revision.state  # noqa: B018 - read before the race so both transactions start
                    barrier.wait(timeout=10)
                    revision._quality_sign("approved", f"race_pw_{index + 1}")
                    cr.commit()
                outcomes[index] = "committed"
            except Exception as exc:  # the loser is refused by the database
                outcomes[index] = type(exc).__name__

        threads = [threading.Thread(target=approve, args=(i,)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        def states(env):
            revisions = env["quality.document.revision"].browse(revision_ids)
            return revisions.mapped("state")

        final = self._committed(states)
        self.assertEqual(final.count("effective"), 1, (final, outcomes))
        self.assertEqual(list(outcomes.values()).count("committed"), 1, outcomes)

    def _cleanup(self, user_ids, document_id):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM quality_signature WHERE res_model = 'quality.document.revision' AND signer_id = ANY(%s)",
                [user_ids],
            )
            cr.execute("DELETE FROM quality_signature_failure WHERE user_ref = ANY(%s)", [user_ids])
            cr.execute(
                "DELETE FROM mail_activity WHERE res_model = 'quality.document.revision' AND res_id IN (SELECT id FROM quality_document_revision WHERE document_id = %s)",
                [document_id],
            )
            cr.execute("DELETE FROM quality_document_revision WHERE document_id = %s", [document_id])
            cr.execute("DELETE FROM quality_document WHERE id = %s", [document_id])
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.users"].browse(user_ids).write({"active": False})
