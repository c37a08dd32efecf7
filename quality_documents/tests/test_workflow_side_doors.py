"""Side doors of the document workflow, tried as a quality user (and as the superuser) would over JSON-RPC.

Each test asserts the refusal message and that the record did not change.
"""

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityDocumentsCommon


@verifies("QD-015", "QD-004")
@tagged("post_install", "-at_install")
class TestDocumentWorkflowSideDoors(QualityDocumentsCommon):
    def test_quality_user_cannot_create_revision_effective(self):
        document = self._create_document()
        Revision = self.env["quality.document.revision"]
        for label, env_revision in (("quality user", Revision.with_user(self.author)), ("superuser", Revision.sudo())):
            for values in (
                {"state": "effective"},
                {"state": "approved", "approved_date": "2026-01-01 00:00:00"},
            ):
                with (
                    self.subTest(who=label, values=values),
                    self.assertRaisesRegex(UserError, "status of a revision changes only through its workflow"),
                    self.env.cr.savepoint(),
                ):
                    env_revision.create({"document_id": document.id, "body": "<p>Unsigned</p>", **values})
        self.assertFalse(document.revision_ids)
        self.assertFalse(document.effective_revision_id)
        # A new revision starts as a draft.
        revision = self._new_revision(document)
        self.assertEqual(revision.state, "draft")

    def test_quality_user_cannot_swap_approvers_in_review(self):
        document = self._create_document()
        revision = self._new_revision(document)
        revision.action_submit_review()
        content = revision.read(["author_id", "approver_ids", "body", "datas", "effective_date"])[0]
        attempts = {
            "approvers": {"approver_ids": [(6, 0, self.author.ids)]},
            "author": {"author_id": self.approver.id},
            "body": {"body": "<p>Other text</p>"},
            "attachment": {"datas": "U29tZXRoaW5nIGVsc2U=", "datas_fname": "other.pdf"},
            "effective date": {"effective_date": quality_today(self.env["res.users"])},
        }
        for label, values in attempts.items():
            for who, rev in (("quality user", revision.with_user(self.author)), ("superuser", revision.sudo())):
                with (
                    self.subTest(field=label, who=who),
                    self.assertRaisesRegex(UserError, "the content is frozen once review starts"),
                    self.env.cr.savepoint(),
                ):
                    rev.write(values)
        self.env.invalidate_all()
        self.assertEqual(revision.read(["author_id", "approver_ids", "body", "datas", "effective_date"])[0], content)
        self.assertEqual(revision.state, "in_review")
        # The author, now alone as approver, could not have signed: the approver is unchanged.
        self.assertEqual(revision.approver_ids, self.approver)

    def test_quality_user_cannot_write_last_review_date(self):
        document = self._create_document()
        self._make_effective(document)
        before = document.read(["last_review_date", "next_review_date", "state", "is_obsolete"])[0]
        attempts = (
            {"last_review_date": quality_today(self.env["res.users"])},
            {"next_review_date": "2099-01-01"},
            {"is_obsolete": True},
        )
        for values in attempts:
            for who, doc in (("quality user", document.with_user(self.author)), ("superuser", document.sudo())):
                with (
                    self.subTest(values=values, who=who),
                    self.assertRaisesRegex(UserError, "change only through its buttons and signatures"),
                    self.env.cr.savepoint(),
                ):
                    doc.write(values)
        self.env.invalidate_all()
        self.assertEqual(document.read(["last_review_date", "next_review_date", "state", "is_obsolete"])[0], before)
        # The review is recorded by the owner's signature only.
        document.with_user(self.author)._quality_sign("reviewed_no_change", self.passwords[self.author])
        self.assertEqual(document.last_review_date, quality_today(self.env["res.users"]))
