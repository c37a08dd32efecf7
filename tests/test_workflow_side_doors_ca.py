"""Side doors of the CAPA, nonconformance, audit and SCAR workflows (issue 13), one test each.

Each refusal is asserted with its message and with the record unchanged.
"""

import json
from datetime import timedelta

from odoo import fields
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .workflow_ca_common import PASSWORD, WorkflowCaCommon

RESERVED = "is reserved for"


@verifies("QD-015", "QC-018", "QS-008")
@tagged("post_install", "-at_install")
class TestWorkflowSideDoorsCa(WorkflowCaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = cls.users["employee"]
        cls.quality_user = cls.users["quality_user"]
        cls.portal = cls.users["portal"]

    def _assert_refused(self, record, call, message, error=UserError):
        before = self._snapshot(record)
        with self.assertRaisesRegex(error, message), self.env.cr.savepoint():
            call()
            self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(self._snapshot(record), before, "refused: nothing changed")

    # ------------------------------------------------------------------
    # A plain employee (no quality group)
    # ------------------------------------------------------------------
    def test_employee_cannot_cancel_a_capa(self):
        capa = self._capa_investigation()
        self._assert_refused(
            capa, capa.with_user(self.employee).action_cancel, f"Cancel on a .* {RESERVED} .*Manager", AccessError
        )
        self.assertEqual(capa.state, "investigation")

    def test_employee_cannot_cancel_someone_elses_critical_nc(self):
        nc = self._nc(severity="critical")
        self.assertNotEqual(nc.reporter_id, self.employee)
        self._assert_refused(
            nc, nc.with_user(self.employee).action_cancel, f"Cancel on a Nonconformance {RESERVED}", AccessError
        )
        self.assertEqual(nc.state, "new")

    def test_employee_cannot_start_or_close_a_capa(self):
        draft = self._capa()
        self._assert_refused(
            draft,
            draft.with_user(self.employee).action_start_investigation,
            f"Start Investigation .*{RESERVED}",
            AccessError,
        )
        verified = self._capa_verified()
        self._assert_refused(
            verified, verified.with_user(self.employee).action_close, f"Close .*{RESERVED}", AccessError
        )
        self.assertEqual((draft.state, verified.state), ("draft", "effectiveness"))

    def test_employee_cannot_start_review_or_close_an_nc(self):
        nc = self._nc(severity="critical")
        self._assert_refused(
            nc, nc.with_user(self.employee).action_review, f"Review on a Nonconformance {RESERVED}", AccessError
        )
        dispositioned = self._nc_dispositioned()
        self._assert_refused(
            dispositioned,
            dispositioned.with_user(self.employee).action_close,
            f"Close on a Nonconformance {RESERVED}",
            AccessError,
        )
        self.assertEqual((nc.state, dispositioned.state), ("new", "dispositioned"))

    def test_employee_cannot_sign_the_disposition_of_a_critical_nc(self):
        nc = self._nc(severity="critical", disposition="use_as_is")
        self._assert_refused(
            nc,
            lambda: nc.with_user(self.employee)._quality_sign("dispositioned", PASSWORD),
            f"Disposition on a Nonconformance {RESERVED}",
            AccessError,
        )
        self._assert_refused(
            nc,
            nc.with_user(self.employee).action_disposition,
            f"Disposition on a Nonconformance {RESERVED}",
            AccessError,
        )
        self.assertFalse(nc.quality_signature_ids)
        self.assertEqual(nc.state, "new")

    def test_employee_cannot_sign_the_effectiveness_verification_of_a_capa(self):
        capa = self._capa_effectiveness(days_ago=100)
        self._assert_refused(
            capa,
            lambda: capa.with_user(self.employee)._quality_sign("verified", PASSWORD),
            f"Verify Effectiveness on a .* {RESERVED}",
            AccessError,
        )
        self.assertFalse(capa.check_ids)

    # ------------------------------------------------------------------
    # The vendor on the portal
    # ------------------------------------------------------------------
    def test_portal_vendor_cannot_cancel_its_own_scar_over_jsonrpc(self):
        scar = self._nc(source="receiving", partner_id=self.vendor.id, quantity=2)._quality_issue_scar()
        mine = scar.with_user(self.portal)
        self.assertEqual(mine.search([("id", "=", scar.id)]), scar, "the vendor sees its SCAR")
        self._assert_refused(scar, mine.action_cancel, f"Cancel on a .* {RESERVED}", AccessError)
        self._assert_refused(scar, mine.action_start_investigation, RESERVED, AccessError)
        self.assertEqual(scar.state, "draft")

    def test_portal_vendor_answer_does_not_move_the_scar(self):
        scar = self._scar_answered()
        self.assertEqual(scar.state, "draft", "the stage is quality's to move")
        self.assertEqual(scar.scar_root_cause, "Worn deburring tool")
        self._assert_refused(
            scar, scar.with_user(self.portal).action_scar_accept_answer, f"Action Plan on a .* {RESERVED}", AccessError
        )

    # ------------------------------------------------------------------
    # Creation past the first state; evidence written directly
    # ------------------------------------------------------------------
    def test_anonymous_report_cannot_create_a_closed_nc(self):
        NC = self.env["quality.nonconformance"].with_user(self.employee)
        count = NC.sudo().search_count([])
        for values in (
            {"title": "WF-CA anonymous", "anonymous": True, "state": "closed"},
            {"title": "WF-CA anonymous", "anonymous": True, "is_recurrence": True},
            {"title": "WF-CA named", "state": "dispositioned"},
            {"title": "WF-CA spoofed", "reporter_id": self.quality_user.id},
        ):
            with self.subTest(values=values), self.assertRaisesRegex(UserError, "change only through its buttons"):
                with self.env.cr.savepoint():
                    NC.create(values)
        self.assertEqual(NC.sudo().search_count([]), count)
        nc = NC.create({"title": "WF-CA anonymous", "anonymous": True})
        self.assertEqual((nc.sudo().state, nc.sudo().reporter_id.id), ("new", False))

    def test_quality_user_cannot_write_audit_outcome_signed(self):
        audit = self._supplier_audit_in_progress()
        self._assert_refused(
            audit,
            lambda: audit.with_user(self.quality_user).write({"outcome_signed": True}),
            "change only through its buttons and signatures",
        )
        with self.assertRaisesRegex(UserError, "change only through its buttons"), self.env.cr.savepoint():
            self.env["quality.audit"].with_user(self.quality_user).create({"outcome": "pass", "outcome_signed": True})
        self.assertFalse(audit.outcome_signed)
        audit.with_user(self.lead_auditor)._quality_sign("approved", PASSWORD)
        self.assertTrue(audit.outcome_signed)
        self._assert_refused(
            audit,
            lambda: audit.with_user(self.quality_user).write({"outcome": "fail"}),
            "outcome of this audit is signed",
        )

    def test_quality_user_cannot_forge_capa_evidence(self):
        capa = self._capa_effectiveness()
        as_user = capa.with_user(self.quality_user)
        self._assert_refused(
            capa,
            lambda: as_user.write({"implemented_date": fields.Datetime.now() - timedelta(days=200)}),
            "Implemented Date of a .* change only through its buttons",
        )
        self._assert_refused(capa, lambda: as_user.write({"effectiveness_days": 1}), "effectiveness window .* is fixed")
        self._assert_refused(
            capa,
            lambda: (
                self.env["quality.capa.check"]
                .with_user(self.quality_user)
                .create({"capa_id": capa.id, "result": "effective"})
            ),
            "change only through its buttons",
        )
        self.assertFalse(capa.check_ids)

    # ------------------------------------------------------------------
    # Company rules of the CAPA lines
    # ------------------------------------------------------------------
    def test_capa_lines_have_company_rules(self):
        other_company = self.env["res.company"].create({"name": "WF-CA other company"})
        capa = self._capa_verified()
        capa.write(
            {
                "why_ids": [fields.Command.create({"question": "Why?", "answer": "Because"})],
                "fishbone_ids": [fields.Command.create({"category": "machine", "cause": "Worn tool"})],
                "isnot_ids": [fields.Command.create({"dimension": "what", "is_text": "Seal", "is_not_text": "Body"})],
            }
        )
        lines = {
            "quality.capa.why": capa.why_ids,
            "quality.capa.fishbone": capa.fishbone_ids,
            "quality.capa.isnot": capa.isnot_ids,
            "quality.capa.check": capa.check_ids,
        }
        outsider = new_test_user(
            self.env,
            login="wf_ca_outsider",
            groups="base.group_user,quality_documents.group_quality_manager",
            company_id=other_company.id,
            company_ids=[fields.Command.set(other_company.ids)],
        )
        for model, records in lines.items():
            with self.subTest(model=model):
                self.assertTrue(records)
                rule = self.env.ref(f"quality_capa.{model.replace('.', '_')}_rule_company")
                self.assertEqual(rule.model_id.model, model)
                self.assertEqual(records.company_id, capa.company_id)
                self.assertFalse(self.env[model].with_user(outsider).search([("id", "in", records.ids)]))
                with self.assertRaises(AccessError):
                    records.with_user(outsider).read(["capa_id"])

    # ------------------------------------------------------------------
    # The effectiveness window
    # ------------------------------------------------------------------
    def test_early_effectiveness_verification_refused_naming_the_due_date(self):
        capa = self._capa_effectiveness()
        due = capa.effectiveness_due
        self.assertEqual(due, quality_today(capa, capa.implemented_date) + timedelta(days=capa.effectiveness_days))
        self._assert_refused(
            capa,
            lambda: capa.with_user(self.quality_user)._quality_sign("verified", PASSWORD),
            f"verified when its {capa.effectiveness_days}-day window is over: on {due} or later",
        )
        self.assertFalse(capa.check_ids)
        self.assertEqual(capa.state, "effectiveness")
        with self.assertRaisesRegex(UserError, "can close only after an effectiveness verification"):
            capa.action_close()

    def test_effectiveness_job_gives_the_verifier_an_activity_on_the_due_day(self):
        Capa = self.env["quality.capa"]
        capa = self._capa_effectiveness(verifier_id=self.quality_user.id)
        days = capa.effectiveness_days
        # The day before the window is over: nothing yet.
        capa._quality_workflow_write({"implemented_date": fields.Datetime.now() - timedelta(days=days - 1)})
        Capa._cron_effectiveness_due()
        self.assertFalse(capa.activity_ids)
        # The due day: one activity for the verifier, due that day; the verification is now accepted.
        capa._quality_workflow_write({"implemented_date": fields.Datetime.now() - timedelta(days=days)})
        self.assertEqual(capa.effectiveness_due, quality_today(capa))
        Capa._cron_effectiveness_due()
        Capa._cron_effectiveness_due()
        self.assertEqual(capa.activity_ids.user_id, self.quality_user)
        self.assertEqual(capa.activity_ids.date_deadline, capa.effectiveness_due)
        capa.with_user(self.quality_user)._quality_sign("verified", PASSWORD)
        self.assertEqual(capa.check_ids.result, "effective")

    # ------------------------------------------------------------------
    # Anonymous means anonymous
    # ------------------------------------------------------------------
    def test_anonymous_recurrence_does_not_reveal_the_reporter(self):
        self.env = self.env(context=dict(self.env.context, tracking_disable=False, mail_notrack=False))
        capa = self._capa_effectiveness(nonconformance_ids=[fields.Command.set(self._nc().ids)])
        reporter = self.employee
        nc = (
            self.env["quality.nonconformance"]
            .with_user(reporter)
            .create(
                {
                    "title": "WF-CA leak again",
                    "anonymous": True,
                    "product_id": self.product.id,
                    "defect_category_id": self.defect.id,
                }
            )
        )
        self.env.flush_all()
        nc = nc.sudo()
        self.assertTrue(nc.is_recurrence)
        self.assertEqual(nc.recurrence_capa_id, capa)
        self.assertFalse(nc.reporter_id)
        self.assertNotIn(reporter, nc.create_uid | nc.write_uid)
        self.assertNotIn(reporter.partner_id, nc.message_ids.author_id | nc.message_partner_ids)
        activity = capa.activity_ids.filtered(lambda a: "Recurrence" in (a.summary or ""))
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.capa_owner)
        self.assertNotIn(reporter, activity.create_uid | activity.write_uid)
        logged = capa.message_ids.filtered(lambda m: nc.name in (m.body or ""))
        self.assertTrue(logged)
        self.assertNotIn(reporter.partner_id, logged.author_id)
        self.assertNotIn(reporter, logged.create_uid)


@verifies("QS-008")
@tagged("post_install", "-at_install")
class TestScarJsonRpcCa(HttpCase):
    """The vendor's portal user, logged in, calls the SCAR's public buttons over JSON-RPC."""

    def _call(self, method, args):
        response = self.url_open(
            f"/web/dataset/call_kw/quality.capa/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {"model": "quality.capa", "method": method, "args": args, "kwargs": {}},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_portal_vendor_cannot_cancel_its_own_scar_over_jsonrpc(self):
        vendor = self.env["res.partner"].create({"name": "WF-CA RPC vendor", "is_company": True})
        contact = self.env["res.partner"].create({"name": "WF-CA RPC contact", "parent_id": vendor.id})
        new_test_user(
            self.env, login="wf_ca_rpc_portal", groups="base.group_portal", password=PASSWORD, partner_id=contact.id
        )
        scar = (
            self.env["quality.nonconformance"]
            .create({"title": "WF-CA RPC burrs", "source": "receiving", "partner_id": vendor.id, "quantity": 1})
            ._quality_issue_scar()
        )
        self.authenticate("wf_ca_rpc_portal", PASSWORD)
        self.assertEqual(self._call("search_read", [[["id", "=", scar.id]], ["state"]])["result"][0]["state"], "draft")
        for method in ("action_cancel", "action_start_investigation", "action_scar_accept_answer"):
            with self.subTest(method=method):
                answer = self._call(method, [[scar.id]])
                self.assertNotIn("result", answer)
                self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
                self.assertIn("is reserved for", answer["error"]["data"]["message"])
        scar.invalidate_recordset()
        self.assertEqual(scar.state, "draft")
        self.assertFalse(scar.scar_response_date)
