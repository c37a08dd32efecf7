from odoo import Command, http
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PASSWORD, QualityAuditCommon


def _my_work(env, user):
    data = env["quality.dashboard"].with_user(user).get_dashboard_data()
    return {tile["key"]: tile["count"] for tile in data["my_work"]}, data


def _listed(env, user, key):
    action = env["quality.dashboard"].with_user(user).action_open_tile(key)
    return env[action["res_model"]].with_user(user).search(action["domain"])


class DashboardData:
    @classmethod
    def _dashboard_data(cls, env, approver, author):
        document = env["quality.document"].create(
            {"title": "Dashboard SOP", "owner_id": author.id, "approver_ids": [Command.set(approver.ids)]}
        )
        revision = (
            env["quality.document.revision"]
            .with_user(author)
            .create({"document_id": document.id, "body": "<p>Dashboard</p>"})
        )
        revision.action_submit_review()
        capa = env["quality.capa"].create({"title": "Dashboard CAPA", "owner_id": author.id})
        action = env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Dashboard action", "kind": "corrective", "owner_id": approver.id}
        )
        nc = env["quality.nonconformance"].with_user(approver).create({"title": "Dashboard NC"})
        return revision, action, nc


@verifies("QD-029")
@tagged("post_install", "-at_install")
class TestDashboard(QualityAuditCommon, DashboardData):
    def test_my_work_counts_what_its_list_opens(self):
        revision, capa_action, nc = self._dashboard_data(self.env, self.auditor_user, self.other_auditor_user)
        audit = self._create_audit()
        counts, _data = _my_work(self.env, self.auditor_user)
        self.assertEqual(list(counts)[:5], ["my_revisions", "my_trainings", "my_capa_actions", "my_ncs", "my_audits"])
        self.assertEqual(_listed(self.env, self.auditor_user, "my_revisions"), revision)
        self.assertEqual(_listed(self.env, self.auditor_user, "my_capa_actions"), capa_action)
        self.assertEqual(_listed(self.env, self.auditor_user, "my_ncs"), nc)
        self.assertIn(audit, _listed(self.env, self.auditor_user, "my_audits"))
        for key in ("my_revisions", "my_capa_actions", "my_ncs", "my_audits"):
            self.assertEqual(counts[key], len(_listed(self.env, self.auditor_user, key)), key)
        # Someone else's work is not mine.
        other_counts, _data = _my_work(self.env, self.other_auditor_user)
        self.assertEqual(other_counts["my_revisions"], 0)
        self.assertEqual(other_counts["my_capa_actions"], 0)

    def test_signed_revision_leaves_my_work_stays_in_the_other_approvers(self):
        second = new_test_user(
            self.env, login="sc_dash_second", groups="base.group_user,quality_documents.group_quality_user"
        )
        document = self.env["quality.document"].create(
            {
                "title": "Two approvers SOP",
                "owner_id": self.other_auditor_user.id,
                "approver_ids": [Command.set((self.auditor_user | second).ids)],
            }
        )
        revision = (
            self.env["quality.document.revision"]
            .with_user(self.other_auditor_user)
            .create({"document_id": document.id, "body": "<p>Two approvers</p>"})
        )
        revision.action_submit_review()
        self.assertEqual(_listed(self.env, self.auditor_user, "my_revisions"), revision)
        self.assertEqual(_listed(self.env, second, "my_revisions"), revision)
        revision.with_user(self.auditor_user)._quality_sign(
            "approved", {"login": self.auditor_user.login, "password": PASSWORD}
        )
        self.assertEqual(revision.state, "in_review")
        self.assertFalse(_listed(self.env, self.auditor_user, "my_revisions"))
        self.assertEqual(_listed(self.env, second, "my_revisions"), revision)

    def test_my_trainings_due_lists_my_open_assignments(self):
        course = self.env["quality.training.course"].create({"name": "Dashboard course"})
        requirement = self.env["quality.training.requirement"].create(
            {
                "name": "Dashboard requirement",
                "requirement_type": "course",
                "course_id": course.id,
                "employee_ids": [Command.set(self.other_auditor_employee.ids)],
            }
        )
        assignment = self.env["quality.training.assignment"].search([("requirement_id", "=", requirement.id)])
        self.assertEqual(assignment.state, "assigned")
        self.assertIn(assignment, _listed(self.env, self.other_auditor_user, "my_trainings"))
        self.assertNotIn(assignment, _listed(self.env, self.auditor_user, "my_trainings"))

    def test_operator_sees_my_work_only_quality_sees_company_charts(self):
        operator = new_test_user(self.env, login="sc_dash_operator", groups="base.group_user,mrp.group_mrp_user")
        counts, data = _my_work(self.env, operator)
        self.assertEqual(data["kpis"], [])
        self.assertEqual(data["charts"], {})
        self.assertIn("my_trainings", counts)
        self.assertNotIn("my_audits", counts, "an operator cannot read audits: no tile for them")
        self.assertFalse(self.env["quality.dashboard"].with_user(operator).action_open_tile("kpi_ncs"))
        _counts, data = _my_work(self.env, self.auditor_user)
        self.assertEqual([k["key"] for k in data["kpis"]], ["kpi_ncs", "kpi_capa_overdue", "kpi_training", "kpi_ppm"])
        self.assertEqual(set(data["charts"]), {"ncs_by_source", "capa", "training", "ppm"})
        self.assertEqual(len(data["charts"]["ncs_by_source"]["labels"]), 12)

    def test_nc_chart_counts_this_month_by_source(self):
        before = self.env["quality.dashboard"].get_dashboard_data()["charts"]["ncs_by_source"]
        self.env["quality.nonconformance"].create({"title": "Chart NC", "source": "receiving"})
        after = self.env["quality.dashboard"].get_dashboard_data()["charts"]["ncs_by_source"]

        def receiving(chart):
            rows = [d["data"] for d in chart["datasets"] if d["label"] == "Receiving"]
            return rows[0][-1] if rows else 0

        self.assertEqual(receiving(after), receiving(before) + 1)

    def test_quality_app_opens_on_the_dashboard(self):
        root = self.env.ref("quality_documents.menu_quality_root")
        self.assertEqual(root.action, self.env.ref("quality_audit.action_quality_dashboard"))


@verifies("QD-029")
@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase, DashboardData):
    def test_tour_my_work_tiles_open_the_right_lists(self):
        groups = "base.group_user,quality_documents.group_quality_user"
        me = new_test_user(self.env, login="sc_dash_me", password="sc_dash_me", groups=groups)
        author = new_test_user(self.env, login="sc_dash_author", groups=groups)
        self._dashboard_data(self.env, me, author)
        self.assertTrue(http.root.statics)
        self.start_tour(
            "/odoo/action-quality_audit.action_quality_dashboard", "quality_dashboard_my_work_tour", login="sc_dash_me"
        )


@verifies("QD-029")
@tagged("post_install", "-at_install")
class TestDashboardDemoHome(QualityAuditCommon):
    def test_demo_logins_land_on_the_dashboard(self):
        dashboard = self.env.ref("quality_audit.action_quality_dashboard")
        demo_installed = self.env["ir.module.module"].search([("name", "=", "quality_audit")]).demo
        logins = self.env["res.users"].search(
            [("share", "=", False), ("login", "in", ("admin", "elena", "paul", "maria"))]
        )
        if demo_installed:
            self.assertEqual(len(logins), 4)
            self.assertEqual(logins.mapped("action_id").ids, dashboard.ids)
        else:
            self.assertFalse(logins.filtered(lambda u: u.login != "admin"), "no demo logins without demo data")
