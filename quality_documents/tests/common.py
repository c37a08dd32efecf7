from odoo.tests import TransactionCase, new_test_user


class QualityDocumentsCommon(TransactionCase):
    """Users and a helper to bring a document revision to effective through the real workflow.

    Other quality addons reuse it: ``from odoo.addons.quality_documents.tests.common import
    QualityDocumentsCommon``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups_user = "base.group_user,quality_documents.group_quality_user"
        cls.author = new_test_user(cls.env, login="q_author", groups=groups_user, password="q_author_pw1")
        cls.approver = new_test_user(cls.env, login="q_approver", groups=groups_user, password="q_approver_pw1")
        cls.manager = new_test_user(
            cls.env,
            login="q_manager",
            groups="base.group_user,quality_documents.group_quality_manager",
            password="q_manager_pw1",
        )
        cls.operator = new_test_user(
            cls.env, login="q_operator", groups="base.group_user,mrp.group_mrp_user", password="q_operator_pw1"
        )
        cls.passwords = {
            cls.author: "q_author_pw1",
            cls.approver: "q_approver_pw1",
            cls.manager: "q_manager_pw1",
            cls.operator: "q_operator_pw1",
        }

    @classmethod
    def _create_document(cls, title="Test procedure", **values):
        values = {"title": title, "owner_id": cls.author.id, "approver_ids": [(6, 0, cls.approver.ids)], **values}
        return cls.env["quality.document"].with_user(cls.author).create(values)

    @classmethod
    def _new_revision(cls, document, body="<p>Step 1: do it right.</p>", **values):
        return (
            cls.env["quality.document.revision"]
            .with_user(cls.author)
            .create({"document_id": document.id, "body": body, **values})
        )

    @classmethod
    def _make_effective(cls, document, **values):
        """Create, submit and approve a new revision of ``document``; returns the revision (effective today)."""
        if document.revision_ids:
            values.setdefault("change_summary", "Updated steps")
            values.setdefault("change_reason", "Process improvement")
        revision = cls._new_revision(document, **values)
        revision.action_submit_review()
        revision.with_user(cls.approver)._quality_sign("approved", cls.passwords[cls.approver])
        return revision
