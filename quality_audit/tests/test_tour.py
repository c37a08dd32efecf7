from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAuditTour(HttpCase):
    @verifies("QA-003", "QA-004")
    def test_audit_checklist_to_finding_and_capa_tour(self):
        template = self.env["quality.audit.checklist.template"].create(
            {
                "name": "Tour checklist",
                "question_ids": [
                    (0, 0, {"sequence": 1, "name": "Are gauges calibrated and labelled?", "clause": "7.6"}),
                    (0, 0, {"sequence": 2, "name": "Are records kept?", "clause": "4.2.5"}),
                ],
            }
        )
        admin = self.env.ref("base.user_admin")
        audit = self.env["quality.audit"].create(
            {"audit_type": "external", "lead_auditor_id": admin.id, "template_id": template.id, "scope": "Tour"}
        )
        audit.action_prepare()
        audit.action_start()
        self.start_tour(
            f"/odoo/action-quality_audit.action_quality_audit/{audit.id}", "quality_audit_tour", login="admin"
        )
        finding = audit.finding_ids
        self.assertEqual(len(finding), 1)
        self.assertEqual(finding.severity, "minor")
        self.assertEqual(finding.clause, "7.6")
        self.assertEqual(finding.evidence, "Gauge G-7 has no calibration label")
        self.assertTrue(finding.capa_id)
        self.assertEqual(finding.capa_id.origin, "audit")
        self.assertEqual(finding.capa_id.origin_ref, finding)
