from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PASSWORD, QualityAuditCommon


@tagged("post_install", "-at_install")
class TestFindingCapa(QualityAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._create_audit(template_id=cls.template.id)
        cls.audit.action_prepare()
        cls.audit.action_start()
        cls.audit.question_ids[0].write({"answer": "minor_nc", "evidence": "WI-12 rev A at workstation"})
        cls.audit.question_ids[1].write({"answer": "observation", "evidence": "Records kept on paper"})
        cls.audit.action_create_findings()
        cls.minor = cls.audit.finding_ids.filtered(lambda f: f.severity == "minor")
        cls.observation = cls.audit.finding_ids.filtered(lambda f: f.severity == "observation")
        cls.audit.action_report()

    def _approve_capa_plan(self, capa):
        """The real path: investigation, root cause, a corrective action, then the plan's "approved" signature."""
        capa.action_start_investigation()
        capa.write({"root_cause": "Work instructions not withdrawn at revision", "root_cause_category": "method"})
        self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Withdraw superseded WIs at each revision", "kind": "corrective"}
        )
        capa.action_to_action_plan()
        capa.with_user(self.manager_user)._quality_sign("approved", PASSWORD, "Plan approved")

    @verifies("QA-004")
    def test_create_capa_links_finding_both_ways(self):
        self.minor.action_create_capa()
        capa = self.minor.capa_id
        self.assertTrue(capa)
        self.assertEqual(capa.origin, "audit")
        self.assertEqual(capa.origin_ref, self.minor)
        self.assertEqual(capa.quality_audit_finding_ids, self.minor)
        self.assertIn("WI-12 rev A", capa.problem_statement)
        with self.assertRaisesRegex(UserError, "already has a CAPA"):
            self.minor.action_create_capa()

    @verifies("QA-004")
    def test_close_refused_while_nc_finding_has_no_capa_with_approved_plan(self):
        signer = self.audit.with_user(self.manager_user)
        with self.assertRaisesRegex(UserError, "no CAPA with an approved plan: " + self.minor.name):
            signer._quality_sign("closed", PASSWORD)
        self.minor.action_create_capa()
        with self.assertRaisesRegex(UserError, "no CAPA with an approved plan"):
            signer._quality_sign("closed", PASSWORD)
        self.assertEqual(self.audit.state, "reporting")
        self._approve_capa_plan(self.minor.capa_id)
        self.minor.invalidate_recordset(["capa_plan_approved"])
        self.assertTrue(self.minor.capa_plan_approved)
        signer._quality_sign("closed", PASSWORD)
        self.assertEqual(self.audit.state, "closed")

    @verifies("QA-004")
    def test_observation_needs_no_capa(self):
        self.assertFalse(self.observation.capa_required)
        self.minor.severity = "opportunity"
        self.audit.with_user(self.manager_user)._quality_sign("closed", PASSWORD)
        self.assertEqual(self.audit.state, "closed")
