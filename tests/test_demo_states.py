"""Every demo record is one a user could have reached through the workflow (runs on the demo database).

Generic over the models on ``quality.workflow.mixin``: a record in a state that only signed transitions lead
to carries a signature of that meaning. Then the rules the workflow enforces elsewhere than in a transition
table: closed audits, effectiveness checks, completed training, probation figures; and the demo story itself
(the buyer's login, the vendors in Purchase › Vendors, the training gate firing for the demo operator).
"""

from datetime import timedelta

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

QUALITY_ADDONS = ("quality_documents", "quality_training", "quality_capa", "quality_supplier", "quality_audit")
# States a signing transition leads to, but which the workflow also reaches unsigned on purpose.
UNSIGNED_PATHS = {
    # A minor nonconformance is dispositioned at once; major and critical ones need the signature.
    ("quality.nonconformance", "dispositioned"): lambda nc: nc.severity == "minor",
}


@tagged("post_install", "-at_install")
class TestDemoStatesReachable(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        demo = cls.env["ir.module.module"].search([("name", "in", QUALITY_ADDONS), ("demo", "=", True)])
        if len(demo) != len(QUALITY_ADDONS):
            cls.skipTest(cls, "the five quality addons are not installed with demo data")

    def _workflow_models(self):
        for name in sorted(self.env.registry):
            model = self.env[name]
            if (
                name.startswith("quality.")
                and not model._abstract
                and model._auto
                and "quality.workflow.mixin" in model._inherit_module
                and model._quality_transitions
                and model._quality_state_field in model._fields
            ):
                yield model

    def _signed_only_states(self, model):
        """{state: meanings} for states that every declared transition into them signs."""
        into = {}
        for transition in model._quality_transitions.values():
            if transition.get("to"):
                into.setdefault(transition["to"], []).append(transition.get("meaning"))
        return {state: set(meanings) for state, meanings in into.items() if all(meanings)}

    @verifies("QD-031")
    def test_signed_states_have_their_signature(self):
        checked, unsigned = 0, []
        for model in self._workflow_models():
            if "quality.signature.mixin" not in model._inherit_module:
                continue
            for state, meanings in self._signed_only_states(model).items():
                records = (
                    model.sudo().with_context(active_test=False).search([(model._quality_state_field, "=", state)])
                )
                unsigned_path = UNSIGNED_PATHS.get((model._name, state))
                for record in records:
                    if unsigned_path and unsigned_path(record):
                        continue
                    signatures = (
                        self.env["quality.signature"]
                        .sudo()
                        .search(
                            [
                                ("res_model", "=", model._name),
                                ("res_id", "=", record.id),
                                ("meaning", "in", list(meanings)),
                            ]
                        )
                    )
                    if not signatures:
                        unsigned.append(f"{model._name} {record.display_name} is {state} without {meanings}")
                    checked += 1
        self.assertFalse(unsigned, "\n".join(unsigned))
        self.assertGreater(checked, 5, "the demo has signed records to check")

    @verifies("QD-031")
    def test_every_demo_signature_verifies(self):
        signatures = self.env["quality.signature"].sudo().search([])
        self.assertTrue(signatures)
        broken = signatures.filtered(lambda s: s.verification_state not in ("unchanged", "legacy"))
        self.assertFalse(broken, f"signatures that do not verify: {broken.mapped('display_name')}")

    @verifies("QD-031")
    def test_closed_audits_leave_no_finding_without_approved_capa(self):
        audits = self.env["quality.audit"].sudo().search([("state", "=", "closed")])
        self.assertTrue(audits, "the demo has a closed audit")
        for audit in audits:
            self.assertTrue(audit._quality_signatures("closed"), f"{audit.name} closed without its signature")
            open_findings = audit.finding_ids.filtered(
                lambda f: f.state == "open" and f.capa_required and not f.capa_id.plan_approved
            )
            self.assertFalse(open_findings, f"{audit.name} is closed with open findings {open_findings.mapped('name')}")
            for finding in audit.finding_ids.filtered("capa_id"):
                self.assertNotEqual(finding.capa_id.state, "draft", f"{finding.name}: its CAPA is still a draft")

    @verifies("QD-031")
    def test_effectiveness_checks_after_their_window(self):
        capas = self.env["quality.capa"].sudo().search([("state", "in", ("effectiveness", "closed"))])
        self.assertTrue(capas, "the demo has a CAPA in (or past) its effectiveness check")
        for capa in capas:
            self.assertTrue(capa.implemented_date, f"{capa.name}: no implementation date")
            window_end = capa.implemented_date + timedelta(days=capa.effectiveness_days)
            for check in capa.check_ids:
                self.assertGreaterEqual(check.date, window_end, f"{capa.name}: checked before its window ended")
            if capa.state == "closed":
                self.assertGreaterEqual(capa.closed_date, window_end, f"{capa.name}: closed before its window")
                self.assertTrue(capa.check_ids.filtered(lambda c: c.result == "effective" and c.signature_id))
        for capa in self.env["quality.capa"].sudo().search([("plan_approved", "=", True)]):
            self.assertTrue(capa._quality_signatures("approved"), f"{capa.name}: plan approved without a signature")

    @verifies("QD-031")
    def test_no_done_training_without_evidence(self):
        done = self.env["quality.training.assignment"].sudo().search([("state", "in", ("done", "expired"))])
        self.assertTrue(done, "the demo has completed training")
        evidence = {"signature": "signature_id", "session": "session_id", "survey": "user_input_id"}
        for assignment in done:
            method = assignment.completion_method
            self.assertIn(method, evidence, f"{assignment.display_name}: done without a completion method")
            self.assertTrue(assignment[evidence[method]], f"{assignment.display_name}: done without its evidence")
            self.assertTrue(assignment.completion_date, f"{assignment.display_name}: done without a date")
            if method == "session":
                self.assertEqual(assignment.session_id.state, "done", f"{assignment.display_name}: session not signed")

    @verifies("QD-031")
    def test_probation_quotes_the_scorecard_it_shows(self):
        alpine = self.env.ref("quality_supplier.demo_vendor_alpine")
        self.assertEqual(alpine.quality_supplier_status, "probation")
        card = alpine.quality_scorecard_ids.sorted("month", reverse=True)[:1]
        self.assertTrue(card, "the vendor on probation has the scorecard that put it there")
        self.assertNotEqual(card.grade, "A")
        self.assertLess(card.ontime_rate, 100)
        self.assertEqual(round(card.ppm), 4800)
        self.assertEqual(round(card.ontime_rate), 62)
        qualification = alpine.quality_qualification_ids.filtered(lambda q: q.state == "probation")
        self.assertIn("62 %", qualification.reason)
        self.assertIn("4,800 PPM", qualification.reason)
        self.assertIn("on-time 62 %, 4800 PPM", alpine.quality_supplier_figures)
        # The figures come from the receipts and the NC: recomputing the month changes nothing.
        before = (card.ontime_rate, card.ppm, card.score, card.grade)
        card.sudo()._compute_month(card.month, card.company_id)
        self.assertEqual((card.ontime_rate, card.ppm, card.score, card.grade), before)


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("quality_supplier.demo_user_buyer", raise_if_not_found=False):
            cls.skipTest(cls, "the quality addons are not installed with demo data")

    @verifies("QD-031")
    def test_buyer_login_is_a_purchase_user_with_employee(self):
        buyer = self.env.ref("quality_supplier.demo_user_buyer")
        self.assertEqual(buyer.login, "buyer")
        self.assertTrue(buyer.has_group("purchase.group_purchase_user"))
        self.assertFalse(buyer.has_group("quality_documents.group_quality_user"))
        self.assertEqual(buyer.employee_id, self.env.ref("quality_training.employee_raj"))
        self.env["res.users"].with_user(buyer)._check_credentials({"type": "password", "password": "buyer"}, {})

    @verifies("QD-031")
    def test_purchase_vendors_default_filter_lists_demo_vendors(self):
        action = self.env.ref("account.res_partner_action_supplier")
        self.assertIn("'search_default_supplier': 1", action.context)
        filter_domain = [("supplier_rank", ">", 0)]  # the "Vendors" filter of that action's search view
        search_view = self.env.ref("account.res_partner_view_search")
        self.assertIn("supplier_rank", search_view.arch_db)
        vendors = self.env["quality.supplier.qualification"].sudo().search([]).partner_id
        listed = self.env["res.partner"].search(filter_domain + [("id", "in", vendors.ids)])
        self.assertEqual(listed, vendors)

    @verifies("QD-031")
    def test_training_gate_fires_for_demo_operator(self):
        maria = self.env.ref("quality_training.demo_user_operator")
        production = self.env.ref("quality_documents.demo_production_pump")
        workorder = production.workorder_ids.filtered(
            lambda w: w.operation_id == self.env.ref("quality_documents.demo_operation_pump_assembly")
        )
        self.assertEqual(workorder.state, "ready", "the gated work order is ready to start")
        with self.assertRaisesRegex(UserError, "IP-200 Pump Assembly"):
            workorder.with_user(maria).button_start()
        self.assertEqual(workorder.state, "ready")
        # She is trained on the revision before; the current one is assigned to her, due soon.
        assignments = self.env["quality.training.assignment"].search(
            [
                ("employee_id.user_id", "=", maria.id),
                ("requirement_id", "=", self.env.ref("quality_training.requirement_assembly_wi").id),
            ]
        )
        self.assertEqual(sorted(assignments.mapped("state")), ["assigned", "done"])
        current = assignments.filtered(lambda a: a.state == "assigned")
        self.assertEqual(current.revision_id, self.env.ref("quality_training.demo_doc_assembly_rev_b"))
