from lxml import etree

from odoo import fields
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from . import test_audit_trail_report as audit_trail_tests
from .common import QualityDocumentsCommon
from .signature_chain import isolate_signature_chain


@verifies("QD-030")
@tagged("post_install", "-at_install")
class TestChangeReason(QualityDocumentsCommon):
    """Changing a tracked field of an approved or effective record needs a reason, recorded with the change."""

    def setUp(self):
        super().setUp()
        self.company = isolate_signature_chain(self)
        self.document = self._create_document("Cleaning of the filling line")
        self.revision = self._make_effective(self.document)
        self._flush_tracking()

    # The audit-trail tests' own helpers: precommit (tracking messages) and the report as its form prints it.
    _flush_tracking = audit_trail_tests.TestAuditTrailReport._flush_tracking
    _render_audit_trail = audit_trail_tests.TestAuditTrailReport._render

    def _reason_messages(self, record):
        return record.sudo().message_ids.filtered(
            lambda m: m.tracking_value_ids and "o_quality_change_reason" in (m.body or "")
        )

    def test_change_of_an_effective_record_without_a_reason_is_refused(self):
        self.assertEqual(self.document.state, "effective")
        self.assertTrue(self.document.quality_change_locked)
        messages = self.document.message_ids
        with self.assertRaises(UserError) as caught:
            self.document.with_user(self.author).write({"title": "Cleaning, new title"})
        message = str(caught.exception)
        self.assertIn(f"{self.document.display_name} is effective: give a reason for change", message)
        self.assertIn(self.document._fields["title"].string, message)
        self._flush_tracking()
        self.document.invalidate_recordset()
        self.assertEqual(self.document.title, "Cleaning of the filling line")
        self.assertEqual(self.document.message_ids, messages, "nothing logged")

    def test_who_may_not_write_is_refused_by_access_rights_first(self):
        with self.assertRaises(AccessError):
            self.document.with_user(self.operator).write({"title": "Cleaning, new title"})
        self.document.invalidate_recordset()
        self.assertEqual(self.document.title, "Cleaning of the filling line")

    def test_a_blank_reason_is_no_reason(self):
        with self.assertRaises(UserError):
            self.document.with_user(self.author).write({"title": "Cleaning, new title", "quality_change_reason": "  "})
        self.document.invalidate_recordset()
        self.assertEqual(self.document.title, "Cleaning of the filling line")

    def test_change_with_a_reason_is_recorded_in_the_chatter_with_its_tracking(self):
        self.document.with_user(self.author).write(
            {"title": "Cleaning of filling line 2", "quality_change_reason": "Line renamed by engineering (ECO-12)"}
        )
        self._flush_tracking()
        self.assertEqual(self.document.title, "Cleaning of filling line 2")
        logged = self._reason_messages(self.document)
        self.assertEqual(len(logged), 1)
        self.assertIn("Line renamed by engineering (ECO-12)", logged.body)
        self.assertEqual(logged.author_id, self.author.partner_id)
        tracking = logged.tracking_value_ids
        self.assertEqual(tracking.field_id.name, "title")
        self.assertEqual(tracking.old_value_char, "Cleaning of the filling line")
        self.assertEqual(tracking.new_value_char, "Cleaning of filling line 2")

    def test_reason_is_next_to_its_change_in_the_audit_trail(self):
        self._make_effective(self.document)  # a tracked change through the workflow: no reason
        self._flush_tracking()
        self.document.with_user(self.author).write(
            {"title": "Cleaning of filling line 2", "quality_change_reason": "Line renamed by engineering (ECO-12)"}
        )
        self._flush_tracking()
        html = self._render_audit_trail(self.document)
        root = etree.fromstring(html, etree.HTMLParser())
        rows = root.xpath("//table[contains(@class, 'o_quality_audit_trail_changes')]/tbody/tr")
        cells = [[" ".join(td.itertext()).strip() for td in row.xpath("td")] for row in rows]
        title_rows = [row for row in cells if row[3] == self.document._fields["title"].string]
        self.assertEqual(len(title_rows), 1, cells)
        self.assertEqual(
            title_rows[0][4:],
            ["Cleaning of the filling line", "Cleaning of filling line 2", "Line renamed by engineering (ECO-12)"],
        )
        header = [th.text for th in root.xpath("//table[contains(@class, 'o_quality_audit_trail_changes')]//th")]
        self.assertEqual(header[-1], "Reason for change")
        # The change made by the workflow has no reason.
        revision_rows = [row for row in cells if row[3] == self.document._fields["effective_revision_id"].string]
        self.assertTrue(revision_rows, cells)
        self.assertEqual({row[6] for row in revision_rows}, {""})

    def test_reason_is_not_kept_nor_reused(self):
        self.document.with_user(self.author).write(
            {"title": "Cleaning of filling line 2", "quality_change_reason": "Line renamed"}
        )
        self.document.invalidate_recordset()
        self.assertFalse(self.document.quality_change_reason)
        with self.assertRaises(UserError) as caught:
            self.document.with_user(self.author).write({"title": "Cleaning of filling line 3"})
        self.assertIn("give a reason for change", str(caught.exception))
        self.document.invalidate_recordset()
        self.assertEqual(self.document.title, "Cleaning of filling line 2")

    def test_draft_record_needs_no_reason(self):
        draft = self._create_document("Draft procedure")
        self.assertEqual(draft.state, "draft")
        self.assertFalse(draft.quality_change_locked)
        draft.with_user(self.author).write({"title": "Draft procedure, renamed"})
        self._flush_tracking()
        self.assertEqual(draft.title, "Draft procedure, renamed")
        self.assertFalse(self._reason_messages(draft))

    def test_unchanged_value_or_untracked_field_needs_no_reason(self):
        self.document.with_user(self.author).write({"title": "Cleaning of the filling line"})
        self.assertEqual(self.document.title, "Cleaning of the filling line")
        untracked = [
            name
            for name, field in self.document._fields.items()
            if field.type == "text" and field.store and not field.readonly and not getattr(field, "tracking", None)
        ]
        for name in untracked:
            self.document.with_user(self.author).write({name: "A note"})
            self.assertEqual(self.document[name], "A note")

    def test_transitions_and_signatures_need_no_reason(self):
        # A new revision made effective: the document's effective revision changes through the workflow.
        new_revision = self._make_effective(self.document)
        self.assertEqual(self.document.effective_revision_id, new_revision)
        self.assertEqual(self.revision.state, "superseded")
        # A periodic review signed with "reviewed, no change" writes the review dates through the workflow.
        self.document.with_user(self.author)._quality_sign("reviewed_no_change", "q_author_pw1", "Still right")
        self.assertTrue(self.document.last_review_date)
        self._flush_tracking()
        self.assertFalse(self._reason_messages(self.document))

    def test_system_writes_need_no_reason(self):
        # The superuser (crons, hooks acting for the system) is not a user editing the record.
        self.document.sudo().write({"title": "Renamed by a scheduled job"})
        self.assertEqual(self.document.title, "Renamed by a scheduled job")
        self.env["quality.document"]._cron_periodic_review()

    def test_archiving_is_not_an_edit(self):
        self.document.with_user(self.manager).action_archive()
        self.assertFalse(self.document.active)

    def test_approved_revision_asks_for_a_reason(self):
        revision = self._new_revision(
            self.document,
            change_summary="New steps",
            change_reason="Improvement",
            effective_date=fields.Date.add(quality_today(self.document), days=7),
        )
        revision.action_submit_review()
        revision.with_user(self.approver)._quality_sign("approved", self.passwords[self.approver])
        self.assertEqual(revision.state, "approved")
        self.assertTrue(revision.quality_change_locked)
        self.assertTrue(self.revision.quality_change_locked)

    def test_form_asks_for_the_reason_in_locked_states_only(self):
        for record in (self.document, self.revision):
            arch = record.get_views([(False, "form")])["views"]["form"]["arch"]
            node = etree.fromstring(arch).xpath("//field[@name='quality_change_reason']")
            self.assertEqual(len(node), 1, record._name)
            self.assertEqual(node[0].get("invisible"), "not quality_change_locked")
            self.assertTrue(node[0].get("placeholder"))


@verifies("QD-030", "QD-020")
@tagged("post_install", "-at_install")
class TestChangeReasonDeclarations(QualityDocumentsCommon):
    """Every model that locks approved/effective records declares states it has, keeps a chatter, and its form
    asks for the reason."""

    def test_locked_states_are_states_of_a_tracked_model_with_the_reason_on_its_form(self):
        Mixin = self.env.registry["quality.workflow.mixin"]
        declared = {}
        for name, model in sorted(self.env.registry.items()):
            if model._abstract or model._transient or not issubclass(model, Mixin) or not model._quality_locked_states:
                continue
            Model = self.env[name]
            state_field = Model._fields[Model._quality_state_field]
            states = {value for value, _label in state_field._description_selection(self.env)}
            self.assertLessEqual(set(Model._quality_locked_states), states, name)
            self.assertIn("message_ids", Model._fields, f"{name} keeps a chatter for the reasons")
            arch = Model.get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertEqual(
                len(etree.fromstring(arch).xpath("//field[@name='quality_change_reason']")),
                1,
                f"the form of {name} asks for the reason for change",
            )
            declared[name] = set(Model._quality_locked_states)
        self.assertEqual(declared["quality.document"], {"effective"})
        self.assertEqual(declared["quality.document.revision"], {"approved", "effective"})

    def test_signed_content_and_status_fields_are_tracked(self):
        """Every field of the signed content, the status and every workflow field of a signable model is tracked.

        Not tracked, because Odoo's chatter cannot track their type or they hold no value of their own: html
        and binary fields (on a locked record their change needs a reason too, logged with the fields' names,
        and the signature verification names them), fields that are not stored (computed from stored ones),
        and one2many lines (each line is a record of its own; its declared fields are in the content hash)."""
        Mixin = self.env.registry["quality.signature.mixin"]
        untracked = []
        for name, model in sorted(self.env.registry.items()):
            if model._abstract or model._transient or not issubclass(model, Mixin):
                continue
            Model = self.env[name]
            names = {spec[0] for spec in Model._quality_signature_field_specs()}
            names |= set(getattr(Model, "_quality_workflow_fields", ()))
            state_field = getattr(Model, "_quality_state_field", None)
            if state_field in Model._fields:
                names.add(state_field)
            for fname in sorted(names):
                field = Model._fields.get(fname)
                self.assertIsNotNone(field, f"{name}.{fname} is declared but does not exist")
                if not field.store or field.type in ("html", "binary", "one2many"):
                    continue
                if "message_ids" not in Model._fields or not getattr(field, "tracking", None):
                    untracked.append(f"{name}.{fname}")
        self.assertEqual(untracked, [], "signed or status fields not tracked in the chatter")
