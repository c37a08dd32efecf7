import base64

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged

from .common import QualityDocumentsCommon
from .signature_chain import isolate_signature_chain, link_signature_chain


@verifies("QD-025", "QD-020")
@tagged("post_install", "-at_install")
class TestAuditTrailReport(QualityDocumentsCommon):
    """The per-record audit trail (21 CFR 11.10(e)): creation, tracked changes, signatures, attachments."""

    def setUp(self):
        super().setUp()
        self.company = isolate_signature_chain(self)

    def _flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _render(self, record):
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(active_model=record._name)
            ._render_qweb_html("quality_documents.action_report_audit_trail", record.ids)
        )
        return html.decode()

    def test_signed_and_status_fields_are_tracked(self):
        for model, names in (
            ("quality.document", ["title", "effective_revision_id"]),
            ("quality.document.revision", ["change_summary", "effective_date", "document_id", "state"]),
        ):
            Model = self.env[model]
            for name in names:
                self.assertTrue(getattr(Model._fields[name], "tracking", None), f"{model}.{name} is tracked")

    def test_audit_trail_lists_a_known_sequence_of_changes(self):
        document = self._create_document("First title")
        self._flush_tracking()
        document.with_user(self.author).write({"title": "Second title"})
        self._flush_tracking()
        revision = self._make_effective(document)
        self._flush_tracking()
        sig = document.with_user(self.author)._quality_sign("reviewed_no_change", "q_author_pw1", "Still right")
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.author)
            .create(
                {
                    "name": "evidence.txt",
                    "datas": base64.b64encode(b"evidence"),
                    "res_model": document._name,
                    "res_id": document.id,
                }
            )
        )
        attachment.unlink()
        kept = self.env["ir.attachment"].create(
            {"name": "kept.txt", "datas": base64.b64encode(b"kept"), "res_model": document._name, "res_id": document.id}
        )
        self._flush_tracking()
        link_signature_chain(self.env)

        html = self._render(document)
        self.assertIn(f"Audit trail: <span>{document.name} Second title</span>", html)
        self.assertIn("Created by", html)
        self.assertIn(self.author.name, html)
        # The title change: field, old and new value, in UTC and company time.
        self.assertIn("First title", html)
        self.assertIn("Second title", html)
        self.assertIn(document._fields["title"].string, html)
        self.assertIn(" UTC", html)
        # The effective revision linked (tracked change) and the signature with its verification.
        self.assertIn(revision.display_name, html)
        self.assertIn("Reviewed, no change", html)
        self.assertIn("Still right", html)
        self.assertIn("Intact", html)
        self.assertEqual(sig.verification_state, "unchanged")
        # Attachments: the one kept is listed with its checksum, the one removed is in the log.
        self.assertIn("kept.txt", html)
        self.assertIn(kept.checksum, html)
        self.assertIn("Attachment removed: evidence.txt", html)
        # Order: the first change comes before the signature in the changes table.
        self.assertLess(html.index("First title"), html.index("Reviewed, no change"))

    def test_audit_trail_of_a_revision_shows_its_approval(self):
        document = self._create_document("Revision trail")
        revision = self._make_effective(document)
        self._flush_tracking()
        link_signature_chain(self.env)
        html = self._render(revision)
        self.assertIn("Approved", html)
        self.assertIn(self.approver.name, html)
        self.assertIn("Intact", html)

    def test_audit_trail_is_on_the_print_menu_of_signable_quality_forms(self):
        report = self.env.ref("quality_documents.action_report_audit_trail")
        for model in ("quality.document", "quality.document.revision"):
            bindings = self.env["ir.actions.actions"]._get_bindings(model)
            self.assertIn(report.id, [action["id"] for action in bindings.get("report", ())], model)
        self.assertNotIn(
            report.id,
            [action["id"] for action in self.env["ir.actions.actions"]._get_bindings("res.partner").get("report", ())],
        )
