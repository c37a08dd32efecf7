"""Who may press which button: role x workflow method (and signing meaning) for the CAPA and audit models.

Each case builds a record where the button can really run, then every role presses it (``with_user`` on
the public method, as a JSON-RPC client calls it). Allowed: the record reaches the expected state or
evidence. Refused: an AccessError or UserError is raised AND the record's workflow fields and signatures
are unchanged. The roles are those of tests/roles.py plus the HR officer.
"""

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .workflow_ca_common import ALL_ROLES, PASSWORD, WorkflowCaCommon

QUALITY = ("quality_user", "quality_manager")
MANAGER = ("quality_manager",)


def _state(expected):
    return lambda record: record.state == expected


@verifies("QD-027")
@tagged("post_install", "-at_install")
class TestWorkflowMatrixCa(WorkflowCaCommon):
    def _run_case(self, build, press, done, allowed):
        record = build()
        self.env.flush_all()
        before = self._snapshot(record)
        outcome = {}
        for role in ALL_ROLES:
            user = self.users[role]
            with self.env.cr.savepoint() as savepoint:
                try:
                    press(record.with_user(user))
                    self.env.flush_all()
                    refused = None
                except (AccessError, UserError) as error:
                    refused = error
                self.env.invalidate_all()
                with self.subTest(role=role):
                    if role in allowed:
                        self.assertIsNone(refused, f"{role} is allowed")
                        self.assertTrue(done(record.sudo()), f"{role}: the button did its work")
                    else:
                        self.assertIsNotNone(refused, f"{role} is refused")
                        self.assertEqual(self._snapshot(record), before, f"{role}: refused, nothing changed")
                outcome[role] = refused is None
                savepoint.rollback()
            self.env.invalidate_all()
        self.assertEqual({role for role, ok in outcome.items() if ok}, set(allowed))

    # ------------------------------------------------------------------
    # Nonconformance
    # ------------------------------------------------------------------
    def test_nonconformance_review(self):
        self._run_case(self._nc, lambda nc: nc.action_review(), _state("under_review"), QUALITY)

    def test_nonconformance_disposition_minor(self):
        self._run_case(
            lambda: self._nc(disposition="rework"),
            lambda nc: nc.action_disposition(),
            _state("dispositioned"),
            QUALITY,
        )

    def test_nonconformance_sign_disposition_critical(self):
        self._run_case(
            lambda: self._nc(severity="critical", disposition="scrap"),
            lambda nc: nc._quality_sign("dispositioned", PASSWORD),
            lambda nc: nc.state == "dispositioned" and nc.quality_signature_ids.meaning == "dispositioned",
            QUALITY,
        )

    def test_nonconformance_close(self):
        self._run_case(self._nc_dispositioned, lambda nc: nc.action_close(), _state("closed"), QUALITY)

    def test_nonconformance_cancel(self):
        self._run_case(self._nc, lambda nc: nc.action_cancel(), _state("cancelled"), QUALITY)

    # ------------------------------------------------------------------
    # CAPA
    # ------------------------------------------------------------------
    def test_capa_start_investigation(self):
        self._run_case(
            self._capa,
            lambda capa: capa.action_start_investigation(),
            lambda capa: capa.state == "investigation" and capa.started_date,
            QUALITY,
        )

    def test_capa_to_action_plan(self):
        self._run_case(
            self._capa_investigation, lambda capa: capa.action_to_action_plan(), _state("action_plan"), QUALITY
        )

    def test_capa_sign_plan_approval(self):
        self._run_case(
            self._capa_action_plan,
            lambda capa: capa._quality_sign("approved", PASSWORD),
            lambda capa: capa.plan_approved and capa.state == "action_plan",
            QUALITY,
        )

    def test_capa_sign_weak_justification(self):
        self._run_case(
            lambda: self._capa_action_plan(weak=True),
            lambda capa: capa._quality_sign("reviewed", PASSWORD, "Single lapse; poka-yoke not feasible"),
            lambda capa: capa.weak_justified,
            MANAGER,
        )

    def test_capa_to_implementation(self):
        self._run_case(
            self._capa_plan_approved,
            lambda capa: capa.action_to_implementation(),
            _state("implementation"),
            QUALITY,
        )

    def test_capa_to_effectiveness(self):
        self._run_case(
            self._capa_implementation,
            lambda capa: capa.action_to_effectiveness(),
            lambda capa: capa.state == "effectiveness" and capa.implemented_date,
            QUALITY,
        )

    def test_capa_sign_effectiveness_verification(self):
        self._run_case(
            lambda: self._capa_effectiveness(days_ago=100),
            lambda capa: capa._quality_sign("verified", PASSWORD),
            lambda capa: capa.check_ids.result == "effective",
            QUALITY,
        )

    def test_capa_close(self):
        self._run_case(
            self._capa_verified,
            lambda capa: capa.action_close(),
            lambda capa: capa.state == "closed" and capa.closed_date,
            QUALITY,
        )

    def test_capa_cancel(self):
        self._run_case(self._capa_investigation, lambda capa: capa.action_cancel(), _state("cancelled"), MANAGER)

    def test_scar_accept_vendor_answer(self):
        self._run_case(
            self._scar_answered,
            lambda scar: scar.action_scar_accept_answer(),
            _state("action_plan"),
            QUALITY,
        )

    def test_capa_action_done(self):
        self._run_case(
            lambda: self._capa_plan_approved().action_ids,
            lambda action: action.action_done(),
            lambda action: action.state == "done" and action.done_date,
            QUALITY,
        )

    def test_capa_action_cancel(self):
        self._run_case(
            lambda: self._capa_action_plan().action_ids,
            lambda action: action.action_cancel(),
            _state("cancelled"),
            QUALITY,
        )

    # ------------------------------------------------------------------
    # Audit, finding
    # ------------------------------------------------------------------
    def test_audit_prepare(self):
        self._run_case(self._audit, lambda audit: audit.action_prepare(), _state("prepared"), QUALITY)

    def test_audit_start(self):
        def build():
            audit = self._audit()
            audit.action_prepare()
            return audit

        self._run_case(build, lambda audit: audit.action_start(), _state("in_progress"), QUALITY)

    def test_audit_report(self):
        self._run_case(self._audit_in_progress, lambda audit: audit.action_report(), _state("reporting"), QUALITY)

    def test_audit_sign_supplier_outcome(self):
        # The lead auditor (a quality user, tested in quality_audit) or a quality manager signs the outcome.
        self._run_case(
            self._supplier_audit_in_progress,
            lambda audit: audit._quality_sign("approved", PASSWORD),
            lambda audit: audit.outcome_signed,
            MANAGER,
        )

    def test_audit_sign_and_close(self):
        self._run_case(
            self._audit_reporting,
            lambda audit: audit._quality_sign("closed", PASSWORD),
            _state("closed"),
            MANAGER,
        )

    def test_audit_cancel(self):
        self._run_case(self._audit_in_progress, lambda audit: audit.action_cancel(), _state("cancelled"), MANAGER)

    def test_audit_reset_to_planned(self):
        def build():
            audit = self._audit()
            audit.action_cancel()
            return audit

        self._run_case(build, lambda audit: audit.action_reset_to_planned(), _state("planned"), MANAGER)

    def test_finding_close(self):
        self._run_case(self._finding, lambda finding: finding.action_close(), _state("closed"), QUALITY)

    def test_finding_reopen(self):
        self._run_case(
            lambda: self._finding(state="closed"), lambda finding: finding.action_reopen(), _state("open"), MANAGER
        )

    # ------------------------------------------------------------------
    # Management review
    # ------------------------------------------------------------------
    def test_review_gather_inputs(self):
        self._run_case(self._review, lambda review: review.action_gather_inputs(), _state("in_review"), MANAGER)

    def test_review_sign_minutes(self):
        # Each role is made the chair in turn: the group decides, not the chair rule.
        record = self._review(gathered=True)

        def press(review):
            review.sudo().chair_id = review.env.user
            review._quality_sign("approved", PASSWORD)

        self._run_case(lambda: record, press, _state("done"), MANAGER)

    def test_review_cancel(self):
        self._run_case(self._review, lambda review: review.action_cancel(), _state("cancelled"), MANAGER)

    def test_review_reset_to_draft(self):
        def build():
            review = self._review()
            review.action_cancel()
            return review

        self._run_case(build, lambda review: review.action_draft(), _state("draft"), MANAGER)

    def test_review_action_done(self):
        self._run_case(self._review_action, lambda action: action.action_done(), _state("done"), MANAGER)
