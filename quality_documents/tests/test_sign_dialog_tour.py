from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import HttpCase, tagged


@verifies("QD-026", "QD-024")
@tagged("post_install", "-at_install")
class TestSignDialogTour(HttpCase):
    def test_tour_sign_with_keyboard_only_password_focused_enter_signs(self):
        env = self.env
        approver = env["res.users"].create(
            {
                "name": "Sign Dialog Approver",
                "login": "sc_sign_approver",
                "password": "sc_sign_approver",
                "groups_id": [(6, 0, env.ref("quality_documents.group_quality_user").ids)],
            }
        )
        document = env["quality.document"].create(
            {
                "title": "Keyboard signing procedure",
                "owner_id": env.ref("base.user_admin").id,
                "approver_ids": [(6, 0, approver.ids)],
            }
        )
        revision = (
            env["quality.document.revision"]
            .with_user(env.ref("base.user_admin"))
            .create({"document_id": document.id, "body": "<p>Sign me with the keyboard</p>"})
        )
        revision.action_submit_review()
        self.assertEqual(revision.state, "in_review")
        self.start_tour(
            f"/odoo/action-quality_documents.action_quality_document_revision/{revision.id}",
            "quality_sign_dialog_keyboard_tour",
            login="sc_sign_approver",
        )
        revision.invalidate_recordset()
        self.assertEqual(revision.state, "effective")
        signature = revision._quality_signatures("approved")
        self.assertEqual(signature.signer_id, approver)
        self.assertFalse(signature.comment, "the password must not end up in the comment")
