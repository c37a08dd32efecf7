import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import QualityDocumentsCommon


@tagged("post_install", "-at_install")
class TestDocumentLifecycle(QualityDocumentsCommon):
    @verifies("QD-019")
    def test_code_from_sequence_per_type(self):
        sop = self._create_document("Gowning")
        wi = self._create_document("Torque screws", doc_type="work_instruction")
        self.assertTrue(sop.name.startswith("SOP-"))
        self.assertTrue(wi.name.startswith("WI-"))

    @verifies("QD-001")
    def test_lifecycle_to_effective_and_supersession(self):
        document = self._create_document()
        rev_a = self._new_revision(document)
        self.assertEqual(rev_a.name, "A")
        rev_a.action_submit_review()
        self.assertEqual(rev_a.state, "in_review")
        rev_a.with_user(self.approver)._quality_sign("approved", "q_approver_pw1")
        self.assertEqual(rev_a.state, "effective")
        self.assertEqual(document.effective_revision_id, rev_a)
        self.assertEqual(document.next_review_date, rev_a.effective_date + relativedelta(months=24))
        rev_b = self._make_effective(document, body="<p>New steps</p>")
        self.assertEqual(rev_b.name, "B")
        self.assertEqual(rev_b.state, "effective")
        self.assertEqual(rev_a.state, "superseded")
        self.assertEqual(document.effective_revision_id, rev_b)

    @verifies("QD-008")
    def test_author_and_approver_in_other_time_zones_share_the_company_calendar(self):
        # UTC+14 and UTC-11: the author's and the approver's own calendar dates differ at every hour of the
        # day; quality dates follow the company's calendar, so the revision is effective on approval.
        self.env.company.resource_calendar_id.tz = "Europe/Brussels"
        self.author.tz = "Pacific/Kiritimati"
        self.approver.tz = "Pacific/Pago_Pago"
        company_today = fields.Date.context_today(self.env["res.users"].with_context(tz="Europe/Brussels"))
        document = self._create_document()
        revision = self._new_revision(document)
        self.assertEqual(revision.effective_date, company_today)
        revision.action_submit_review()
        revision.with_user(self.approver)._quality_sign("approved", "q_approver_pw1")
        self.assertEqual(revision.state, "effective")
        self.assertEqual(document.effective_revision_id, revision)
        self.assertEqual(quality_today(revision.with_user(self.approver)), company_today)

    @verifies("QD-001")
    def test_all_required_approvers_must_sign(self):
        second = self.manager
        document = self._create_document(approver_ids=[(6, 0, (self.approver | second).ids)])
        revision = self._new_revision(document)
        revision.action_submit_review()
        revision.with_user(self.approver)._quality_sign("approved", "q_approver_pw1")
        self.assertEqual(revision.state, "in_review")
        self.assertEqual(revision.pending_approver_ids, second)
        revision.with_user(second)._quality_sign("approved", "q_manager_pw1")
        self.assertEqual(revision.state, "effective")

    @verifies("QD-008", "QD-001")
    def test_future_effective_date_waits_for_cron(self):
        document = self._create_document()
        later = quality_today(self.env["res.users"]) + relativedelta(days=5)
        revision = self._make_effective(document, effective_date=later)
        self.assertEqual(revision.state, "approved")
        self.env["quality.document.revision"]._cron_make_effective()
        self.assertEqual(revision.state, "approved")
        self.env.cr.execute(
            "UPDATE quality_document_revision SET effective_date = %s WHERE id = %s",
            [quality_today(self.env["res.users"]), revision.id],
        )
        self.env.invalidate_all()
        self.env["quality.document.revision"]._cron_make_effective()
        self.assertEqual(revision.state, "effective")

    @verifies("QD-002")
    def test_author_cannot_approve_own_revision(self):
        document = self._create_document(
            approver_ids=[(6, 0, (self.approver | self.manager).ids)], owner_id=self.manager.id
        )
        revision = (
            self.env["quality.document.revision"]
            .with_user(self.manager)
            .create({"document_id": document.id, "body": "<p>x</p>", "approver_ids": [(6, 0, self.approver.ids)]})
        )
        revision.action_submit_review()
        # Approvers are frozen once review starts (see test_quality_user_cannot_swap_approvers_in_review): only
        # code inside the workflow could add the author; the signature still refuses them (defence in depth).
        revision._quality_workflow_write({"approver_ids": [(4, self.manager.id)]})
        with self.assertRaisesRegex(UserError, "Segregation of duties"):
            revision.with_user(self.manager)._quality_sign("approved", "q_manager_pw1")
        self.assertEqual(revision.state, "in_review")

    @verifies("QD-002")
    def test_author_listed_as_approver_refused_at_submit(self):
        document = self._create_document()
        revision = self._new_revision(document, approver_ids=[(6, 0, (self.author | self.approver).ids)])
        with self.assertRaisesRegex(ValidationError, "cannot approve it"):
            revision.action_submit_review()

    @verifies("QD-001")
    def test_rejection_returns_to_draft_with_comment(self):
        document = self._create_document()
        revision = self._new_revision(document)
        revision.action_submit_review()
        revision.with_user(self.approver)._quality_sign("rejected", "q_approver_pw1", "Step 3 is missing")
        self.assertEqual(revision.state, "draft")
        self.assertIn("Step 3 is missing", revision.message_ids[0].body)

    @verifies("QD-004")
    def test_content_frozen_once_review_starts(self):
        document = self._create_document()
        revision = self._new_revision(document)
        revision.action_submit_review()
        with self.assertRaisesRegex(UserError, "frozen once review starts"):
            revision.with_user(self.author).write({"body": "<p>Sneaky change</p>"})
        with self.assertRaisesRegex(UserError, "frozen once review starts"):
            revision.with_user(self.author).write({"change_summary": "Other"})
        with self.assertRaisesRegex(UserError, "workflow buttons"):
            revision.with_user(self.author).write({"state": "effective"})

    @verifies("QD-003")
    def test_one_effective_revision_guaranteed_by_database(self):
        document = self._create_document()
        rev_a = self._make_effective(document)
        rev_b = self._new_revision(document, change_summary="x", change_reason="y")
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE quality_document_revision SET state = 'effective' WHERE id = %s", [rev_b.id])
        self.assertEqual(rev_a.state, "effective")

    @verifies("QD-014")
    def test_bad_input_refused_with_message(self):
        with self.assertRaisesRegex(ValidationError, "positive number of months"):
            self._create_document(review_interval_months=0)
        document = self._create_document()
        yesterday = quality_today(self.env["res.users"]) - relativedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "cannot be in the past"):
            self._new_revision(document, effective_date=yesterday)
        self._make_effective(document)
        rev_b = self._new_revision(document)
        with self.assertRaisesRegex(ValidationError, "Revision B needs a change summary"):
            rev_b.action_submit_review()
        self.assertEqual(rev_b.state, "draft")

    @verifies("QD-007")
    def test_document_with_effective_revision_cannot_be_deleted(self):
        document = self._create_document()
        self._make_effective(document)
        with self.assertRaisesRegex(UserError, "Archive them instead"):
            document.sudo().unlink()
        document.action_archive()
        self.assertFalse(document.active)

    @verifies("QD-007", "QD-005")
    def test_obsolete_withdraws_from_point_of_use(self):
        product = self.env["product.product"].create({"name": "Catheter"})
        document = self._create_document(product_tmpl_ids=[(6, 0, product.product_tmpl_id.ids)])
        revision = self._make_effective(document)
        domain = self.env["quality.document"]._point_of_use_domain(products=product)
        self.assertIn(document, self.env["quality.document"].search(domain))
        document.with_user(self.manager).action_make_obsolete()
        self.assertEqual(revision.state, "obsolete")
        self.assertNotIn(document, self.env["quality.document"].search(domain))

    @verifies("QD-005")
    def test_operator_reads_only_effective_revisions(self):
        document = self._create_document()
        rev_a = self._make_effective(document)
        rev_b = self._make_effective(document)
        rev_c = self._new_revision(document)
        Revision = self.env["quality.document.revision"].with_user(self.operator)
        visible = Revision.search([("document_id", "=", document.id)])
        self.assertEqual(visible, rev_b)
        for hidden in (rev_a, rev_c):
            with self.assertRaises(AccessError):
                hidden.with_user(self.operator).read(["body"])
        self.assertEqual(rev_b.with_user(self.operator).body, rev_b.body)

    @verifies("QD-006")
    def test_review_cron_idempotent_and_reviewed_no_change(self):
        document = self._create_document(review_interval_months=1)
        self._make_effective(document)
        self.env["ir.config_parameter"].sudo().set_param("quality_documents.review_lead_days", 40)
        Document = self.env["quality.document"]
        Document._cron_periodic_review()
        Document._cron_periodic_review()
        activities = document.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("quality_documents.mail_activity_document_review")
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.author)
        document.with_user(self.author)._quality_sign("reviewed_no_change", "q_author_pw1")
        self.assertEqual(document.last_review_date, quality_today(self.env["res.users"]))
        self.env.invalidate_all()
        self.assertFalse(document.activity_ids, document.activity_ids.mapped("summary"))
        self.assertEqual(document.next_review_date, quality_today(self.env["res.users"]) + relativedelta(months=1))

    @verifies("QD-006")
    def test_review_overdue_flag(self):
        document = self._create_document(review_interval_months=1)
        revision = self._make_effective(document)
        self.env.cr.execute(
            "UPDATE quality_document_revision SET effective_date = %s WHERE id = %s",
            [quality_today(self.env["res.users"]) - relativedelta(months=2), revision.id],
        )
        self.env.invalidate_all()
        self.env.add_to_compute(document._fields["next_review_date"], document)
        self.assertTrue(document.review_overdue)
        self.assertIn(document, self.env["quality.document"].search([("review_overdue", "=", True)]))
