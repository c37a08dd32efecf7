from dateutil.relativedelta import relativedelta

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged

from .common import QualityAuditCommon


@tagged("post_install", "-at_install")
class TestOverview(QualityAuditCommon):
    @verifies("QA-008")
    def test_overview_is_quality_app_home(self):
        root = self.env.ref("quality_documents.menu_quality_root")
        self.assertEqual(root.action, self.env.ref("quality_audit.action_quality_dashboard"))
        codes = set(self.env["quality.overview.tile"].search([]).mapped("code"))
        self.assertEqual(
            codes,
            {
                "open_nc",
                "open_capa",
                "overdue_capa",
                "training_compliance",
                "vendors_at_risk",
                "audits_due",
                "documents_review",
            },
        )

    @verifies("QA-008")
    def test_audits_due_tile_counts_and_opens_its_list(self):
        tile = self.env.ref("quality_audit.tile_audits_due")
        before = int(tile.value)
        today = quality_today(tile)
        due = self._create_audit(planned_date=today + relativedelta(days=10))
        self._create_audit(planned_date=today + relativedelta(days=90))
        tile.invalidate_recordset(["value"])
        self.assertEqual(int(tile.value), before + 1)
        action = tile.action_open()
        self.assertEqual(action["res_model"], "quality.audit")
        self.assertIn(due, self.env["quality.audit"].search(action["domain"]))

    @verifies("QA-008")
    def test_vendors_at_risk_tile(self):
        tile = self.env.ref("quality_audit.tile_vendors_at_risk")
        before = int(tile.value)
        vendor = self.env["res.partner"].create({"name": "QA Risky Vendor", "is_company": True})
        self.env["quality.supplier.qualification"].create({"partner_id": vendor.id})
        vendor._quality_set_probation("Audit failed")
        tile.invalidate_recordset(["value"])
        self.assertEqual(int(tile.value), before + 1)

    @verifies("QA-008")
    def test_training_tile_counts_the_matrix_pairs_its_rate_is_made_of(self):
        tile = self.env.ref("quality_audit.tile_training_compliance")
        self.env.flush_all()
        Matrix = self.env["quality.training.matrix"].sudo()
        companies = [("company_id", "in", self.env.companies.ids)]
        total = Matrix.search_count(companies)
        valid = Matrix.search_count([*companies, ("is_valid", "=", True)])
        self.assertTrue(total, "the demo data has a training matrix")
        self.assertGreater(
            self.env["quality.training.assignment"].sudo().search_count(companies), total, "more assignments than pairs"
        )
        tile.invalidate_recordset()
        self.assertEqual(tile.hint, f"{valid} of {total} required trainings valid")
        self.assertEqual(tile.value, f"{100.0 * valid / total:.0f} %")
        self.assertEqual(tile.value_alert, valid < total)
