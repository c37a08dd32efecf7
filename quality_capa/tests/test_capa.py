from datetime import timedelta

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityCapaCommon


@tagged("post_install", "-at_install")
class TestCapa(QualityCapaCommon):
    @verifies("QC-015")
    def test_sequence_risk_and_investigation_due(self):
        capa = self.env["quality.capa"].create({"title": "X", "severity": "5", "occurrence": "3", "detection": "4"})
        self.assertRegex(capa.name, r"^CAPA/\d{4}/\d{4}$")
        self.assertEqual(capa.risk_priority, 60)
        self.assertEqual(capa.priority, "high")
        capa.action_start_investigation()
        started_on = quality_today(capa, capa.started_date)  # the day it started, on the company calendar
        self.assertEqual((capa.investigation_due - started_on).days, 30)

    @verifies("QC-010")
    def test_gate_leave_investigation_needs_root_cause(self):
        capa = (
            self.env["quality.capa"].with_user(self.owner).create({"title": "No cause yet", "owner_id": self.owner.id})
        )
        capa.action_start_investigation()
        with self.assertRaisesRegex(UserError, "cannot leave investigation without a root cause"):
            capa.action_to_action_plan()
        capa.write({"root_cause": "Worn tool", "root_cause_category": "machine"})
        capa.action_to_action_plan()
        self.assertEqual(capa.state, "action_plan")

    @verifies("QC-010")
    def test_gate_implementation_needs_action_and_signed_plan(self):
        capa = self._capa_in_plan()
        with self.assertRaisesRegex(UserError, "at least one corrective, preventive or retraining action"):
            capa.action_to_implementation()
        self.env["quality.capa.action"].create({"capa_id": capa.id, "name": "Contain stock", "kind": "containment"})
        with self.assertRaisesRegex(UserError, "at least one corrective, preventive or retraining action"):
            capa.action_to_implementation()
        self.env["quality.capa.action"].create({"capa_id": capa.id, "name": "New fixture", "kind": "corrective"})
        with self.assertRaisesRegex(UserError, "approved by signature"):
            capa.action_to_implementation()
        self.assertEqual(capa.state, "action_plan")
        capa.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")
        self.assertTrue(capa.plan_approved)
        capa.action_to_implementation()
        self.assertEqual(capa.state, "implementation")

    @verifies("QC-010")
    def test_retraining_alone_makes_a_plan_and_a_weak_capa(self):
        """A retraining action counts as the plan (past the "at least one action" rule), and alone it is weak."""
        capa = self._capa_in_plan()
        self.env["quality.capa.action"].create({"capa_id": capa.id, "name": "Retrain line 2", "kind": "retraining"})
        self.assertTrue(capa.weak_capa)
        with self.assertRaisesRegex(UserError, "approved by signature"):
            capa.action_to_implementation()
        self.assertEqual(capa.state, "action_plan")
        with self.assertRaisesRegex(UserError, "Weak CAPA"):
            capa.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")
        self.assertFalse(capa.plan_approved)

    @verifies("QC-010")
    def test_gate_effectiveness_needs_all_actions_done(self):
        capa = self._capa_in_plan()
        action = self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "New fixture", "kind": "corrective"}
        )
        capa.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")
        capa.action_to_implementation()
        with self.assertRaisesRegex(UserError, "while actions are open: New fixture"):
            capa.action_to_effectiveness()
        action.action_done()
        capa.action_to_effectiveness()
        self.assertEqual(capa.state, "effectiveness")
        self.assertTrue(capa.implemented_date)

    @verifies("QC-010")
    def test_weak_root_cause_needs_signed_justification(self):
        capa = (
            self.env["quality.capa"]
            .with_user(self.owner)
            .create({"title": "Operator error", "owner_id": self.owner.id})
        )
        capa.action_start_investigation()
        capa.write({"root_cause": "Operator forgot the seal", "root_cause_category": "people"})
        capa.action_to_action_plan()
        self.env["quality.capa.action"].create({"capa_id": capa.id, "name": "Retrain operator", "kind": "corrective"})
        self.assertTrue(capa.weak_capa)
        with self.assertRaisesRegex(UserError, "Weak CAPA"):
            capa.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")
        with self.assertRaisesRegex(UserError, "Justify Weak CAPA on a .* is reserved for"):
            capa.with_user(self.verifier)._quality_sign("reviewed", "capa_verifier_pw", "Because")
        with self.assertRaisesRegex(UserError, "needs its reason"):
            capa.with_user(self.qmanager)._quality_sign("reviewed", "capa_qm_pw")
        capa.with_user(self.qmanager)._quality_sign("reviewed", "capa_qm_pw", "Single lapse; poka-yoke not feasible")
        self.assertTrue(capa.weak_justified)
        capa.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")
        self.assertTrue(capa.plan_approved)

    @verifies("QC-010")
    def test_retraining_only_plan_is_weak(self):
        capa = self._capa_in_plan()
        # The kind decides, in any language; the words of the action do not.
        self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Former tous les monteurs", "kind": "retraining"}
        )
        self.assertTrue(capa.weak_capa)
        with self.assertRaisesRegex(UserError, "Weak CAPA: the root cause is human error or the plan only retrains"):
            capa.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")
        self.assertFalse(capa.plan_approved)
        self.env["quality.capa.action"].create({"capa_id": capa.id, "name": "Add go/no-go gauge", "kind": "corrective"})
        self.assertFalse(capa.weak_capa)

    @verifies("QC-010")
    def test_training_words_in_a_corrective_action_do_not_make_it_weak(self):
        capa = self._capa_in_plan()
        self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Retrain assemblers on the new fixture", "kind": "corrective"}
        )
        self.assertFalse(capa.weak_capa)

    @verifies("QC-010")
    def test_actions_of_a_signed_plan_are_not_deleted(self):
        capa = self._capa_in_plan()
        draft_action = self.env["quality.capa.action"].create({"capa_id": capa.id, "name": "Draft idea"})
        draft_action.unlink()
        self.assertFalse(draft_action.exists(), "an action of an unsigned plan can still be deleted")
        action = self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Re-cut groove tool", "kind": "corrective"}
        )
        capa.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")
        with self.assertRaisesRegex(UserError, "Re-cut groove tool: an action that is done, or part of a signed"):
            action.with_user(self.qmanager).unlink()
        self.assertTrue(action.exists())

    @verifies("QC-011")
    def test_owner_cannot_verify_effectiveness(self):
        capa = self._capa_implemented()
        with self.assertRaisesRegex(UserError, "cannot verify its effectiveness"):
            capa.with_user(self.owner)._quality_sign("verified", "capa_owner_pw")
        with self.assertRaisesRegex(UserError, "can close only after an effectiveness verification"):
            capa.action_close()

    @verifies("QC-012")
    def test_effective_on_known_dataset_then_closed_read_only(self):
        capa = self._capa_implemented()
        self._backdate_implementation(capa, 100)
        # An NC of another defect category does not count; neither does one before implementation.
        self._nc(title="Scratch", defect_category_id=self.other_defect.id)
        self.assertEqual(capa.effectiveness_nc_count, 0)
        capa.with_user(self.verifier)._quality_sign("verified", "capa_verifier_pw", "No leak in 90 days")
        self.assertEqual(capa.check_ids.result, "effective")
        capa.action_close()
        self.assertEqual(capa.state, "closed")
        with self.assertRaisesRegex(UserError, "read-only"):
            capa.with_user(self.owner).write({"title": "Changed"})
        # A deletion rule (ondelete): it refuses whoever may delete CAPAs, here a quality manager.
        with self.assertRaisesRegex(UserError, "Only draft"):
            capa.with_user(self.qmanager).unlink()
        self.assertTrue(capa.exists())
        self.assertEqual(capa.state, "closed")

    @verifies("QC-012")
    def test_not_effective_returns_to_investigation_and_keeps_history(self):
        capa = self._capa_implemented()
        implemented = self._backdate_implementation(capa, 95)
        self._nc(title="Leak again", date=implemented + timedelta(days=10))
        self.assertEqual(capa.effectiveness_nc_count, 1)
        capa.with_user(self.verifier)._quality_sign("verified", "capa_verifier_pw")
        self.assertEqual(capa.state, "investigation")
        self.assertEqual(capa.check_ids.result, "not_effective")
        self.assertEqual(capa.check_ids.nc_count, 1)
        self.assertFalse(capa.plan_approved)
        self.assertEqual(len(capa.quality_signature_ids.filtered(lambda s: s.meaning == "approved")), 1)

    @verifies("QC-013")
    def test_procedure_change_action_done_when_revision_effective(self):
        capa = self._capa_in_plan()
        approver = self.verifier
        document = self.env["quality.document"].create({"title": "Seal SOP", "approver_ids": [(6, 0, approver.ids)]})
        revision = self.env["quality.document.revision"].create({"document_id": document.id, "body": "<p>v</p>"})
        action = self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Update seal SOP", "kind": "corrective", "revision_id": revision.id}
        )
        with self.assertRaisesRegex(UserError, "waits for"):
            action.action_done()
        revision.action_submit_review()
        revision.with_user(approver)._quality_sign("approved", "capa_verifier_pw")
        self.assertEqual(action.state, "done")

    @verifies("QC-013")
    def test_training_action_done_when_assignments_complete(self):
        capa = self._capa_in_plan()
        approver = self.verifier
        document = self.env["quality.document"].create({"title": "Seal SOP", "approver_ids": [(6, 0, approver.ids)]})
        revision = self.env["quality.document.revision"].create({"document_id": document.id, "body": "<p>v</p>"})
        revision.action_submit_review()
        revision.with_user(approver)._quality_sign("approved", "capa_verifier_pw")
        employee = self.env["hr.employee"].create({"name": "Seal Operator"})
        self.env["quality.training.requirement"].create(
            {"requirement_type": "document", "document_id": document.id, "employee_ids": [(6, 0, employee.ids)]}
        )
        assignments = self.env["quality.training.assignment"].search([("revision_id", "=", revision.id)])
        self.assertEqual(len(assignments), 1)
        action = self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Train on seal SOP", "kind": "corrective", "training_revision_id": revision.id}
        )
        with self.assertRaisesRegex(UserError, "waits for the training"):
            action.action_done()
        assignments._mark_done()
        self.assertEqual(action.state, "done")

    def _late_action(self, name):
        """A corrective action of the owner, overdue since 2020."""
        return self.env["quality.capa.action"].create(
            {
                "capa_id": self._capa_in_plan().id,
                "name": name,
                "kind": "corrective",
                "owner_id": self.owner.id,
                "due_date": "2020-01-01",
            }
        )

    @verifies("QC-014")
    def test_overdue_escalation_cron_idempotent(self):
        manager_user = self.qmanager
        manager_emp = self.env["hr.employee"].create({"name": "Boss", "user_id": manager_user.id})
        self.env["hr.employee"].create({"name": "Owner", "user_id": self.owner.id, "parent_id": manager_emp.id})
        action = self._late_action("Late fix")
        Action = self.env["quality.capa.action"]
        Action._cron_overdue_actions()
        Action._cron_overdue_actions()
        activities = action.activity_ids
        self.assertEqual(sorted(activities.user_id.ids), sorted((self.owner | manager_user).ids))
        self.assertEqual(len(activities), 2)
        self.assertTrue(action.escalated)

    @verifies("QC-014")
    def test_overdue_cron_finds_its_activity_by_type_not_summary(self):
        action = self._late_action("Late gauge")
        Action = self.env["quality.capa.action"]
        Action._cron_overdue_actions()
        activity = action.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("quality_capa.mail_activity_capa_action_overdue"))
        activity.summary = "Relance : jauge en retard"  # edited (or translated) summary
        Action._cron_overdue_actions()
        self.assertEqual(action.activity_ids, activity, "the edited activity is still the one of this reminder")

    @verifies("QC-014")
    def test_effectiveness_cron_gives_verifier_one_activity(self):
        capa = self._capa_implemented(verifier_id=self.verifier.id)
        self._backdate_implementation(capa, 95)
        self.env["quality.capa"]._cron_effectiveness_due()
        self.env["quality.capa"]._cron_effectiveness_due()
        activities = capa.activity_ids.filtered(lambda a: a.user_id == self.verifier)
        self.assertEqual(len(activities), 1)

    @verifies("QC-015")
    def test_kpis_on_known_dataset(self):
        tag = [("title", "like", "KPI")]
        closed = self._capa_implemented(title="KPI closed")
        self._backdate_implementation(closed, 100)
        closed.with_user(self.verifier)._quality_sign("verified", "capa_verifier_pw")
        closed.action_close()
        failing = self._capa_implemented(title="KPI failing")
        self._backdate_implementation(failing, 5)
        self._nc(title="repeat", product_id=self.env["product.product"].create({"name": "Other"}).id)
        self.env["quality.capa"].create(
            {"title": "KPI draft", "investigation_due": "2020-01-01"}
        ).action_start_investigation()
        kpis = self.env["quality.capa"]._kpis(tag)
        self.assertEqual(kpis["count"], 3)
        self.assertEqual(kpis["open"], 2)
        self.assertEqual(kpis["overdue"], 1)
        self.assertEqual(kpis["overdue_rate"], 50.0)
        self.assertEqual(kpis["effectiveness_rate"], 100.0)
