from dateutil.relativedelta import relativedelta

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import new_test_user, tagged

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
        """The tile counts the matrix's pairs (employee x requirement) the user may read, not the assignments: a
        quality user all of them, an employee their own; an expired training and its open refresher are one pair."""
        user = new_test_user(self.env, login="qa_tile_operator", groups="base.group_user")
        me = self.env["hr.employee"].create({"name": "QA Tile Operator", "user_id": user.id})
        other = self.env["hr.employee"].create({"name": "QA Tile Colleague"})
        course = self.env["quality.training.course"].create({"name": "QA tile course"})
        requirements = self.env["quality.training.requirement"].create(
            [
                {
                    "name": f"QA tile {n}",
                    "requirement_type": "course",
                    "course_id": course.id,
                    "validity_months": 12,
                    "employee_ids": [(6, 0, (me | other).ids)],
                }
                for n in (1, 2)
            ]
        )
        Assignment = self.env["quality.training.assignment"]
        mine = Assignment.search([("employee_id", "=", me.id), ("requirement_id", "in", requirements.ids)])
        mine.filtered(lambda a: a.requirement_id == requirements[0])._mark_done()
        # The colleague's first training lapsed; the refresher is open: still one pair, not valid.
        lapsed = Assignment.search([("employee_id", "=", other.id), ("requirement_id", "=", requirements[0].id)])
        lapsed._mark_done(completion_date=quality_today(lapsed) - relativedelta(months=13))
        lapsed._quality_transition("expire")
        Assignment._quality_workflow_create(
            [{"employee_id": other.id, "requirement_id": requirements[0].id, "company_id": lapsed.company_id.id}]
        )
        self.env.flush_all()
        Matrix = self.env["quality.training.matrix"].sudo()
        companies = [("company_id", "in", self.env.companies.ids)]
        total = Matrix.search_count(companies)
        valid = Matrix.search_count([*companies, ("is_valid", "=", True)])
        self.assertGreater(Assignment.sudo().search_count(companies), total, "more assignments than pairs")
        tile = self.env.ref("quality_audit.tile_training_compliance")
        for who, viewer, expected in (
            ("quality manager", tile, (valid, total)),
            ("employee", tile.with_user(user), (1, 2)),
        ):
            with self.subTest(who=who):
                n_valid, n_total = expected
                self.assertEqual(viewer.hint, f"{n_valid} of {n_total} required trainings valid")
                self.assertEqual(viewer.value, f"{100.0 * n_valid / n_total:.0f} %")
                self.assertEqual(viewer.value_alert, n_valid < n_total)
        # It opens what it counts: the pairs not valid (the user's own, for the employee).
        action = tile.with_user(user).action_open()
        self.assertEqual(action["res_model"], "quality.training.matrix")
        shown = self.env["quality.training.matrix"].with_user(user).search(action["domain"])
        self.assertEqual((shown.employee_id, shown.requirement_id), (me, requirements[1]))
