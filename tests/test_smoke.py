"""The five addons installed together: the Quality app, its groups and its menu root."""

from html import escape

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import TransactionCase, tagged

QUALITY_ADDONS = ("quality_documents", "quality_training", "quality_capa", "quality_supplier", "quality_audit")


@tagged("post_install", "-at_install")
class TestQualitySmoke(TransactionCase):
    @verifies("QD-019")
    def test_five_addons_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", QUALITY_ADDONS)])
        self.assertEqual(sorted(modules.mapped("name")), sorted(QUALITY_ADDONS))
        self.assertEqual(set(modules.mapped("state")), {"installed"})

    @verifies("QD-019")
    def test_quality_menu_root_exists(self):
        root = self.env.ref("quality_documents.menu_quality_root")
        self.assertEqual(root.name, "Quality")
        self.assertFalse(root.parent_id)
        self.assertTrue(root.web_icon.startswith("quality_documents,"))

    @verifies("QD-019")
    def test_groups_exist_and_manager_implies_user(self):
        user_group = self.env.ref("quality_documents.group_quality_user")
        manager_group = self.env.ref("quality_documents.group_quality_manager")
        self.assertEqual(user_group.category_id.name, "Quality")
        self.assertEqual(manager_group.category_id.name, "Quality")
        self.assertIn(user_group, manager_group.implied_ids)

    @verifies("QD-019")
    def test_admin_is_quality_manager_in_demo_data(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("quality_documents.group_quality_manager"))
        self.assertTrue(admin.has_group("quality_documents.group_quality_user"))

    @verifies("QD-018")
    def test_every_quality_report_renders_a_demo_record(self):
        reports = self.env["ir.actions.report"].search([("model", "=like", "quality.%")])
        self.assertGreaterEqual(len(reports), 4, "revision, CAPA 8D, audit and management review reports")
        for report in reports:
            with self.subTest(report=report.report_name):
                model = report.model
                if self.env[model]._abstract:
                    # The audit trail is printed from every signable model: try it on a signed demo revision.
                    model = "quality.document.revision"
                if model == "quality.signature.integrity.check":
                    # The integrity check is a report run on demand over a period: run one over the demo data.
                    record = self.env[model].create({"date_from": "2000-01-01", "date_to": "2100-12-31"})
                    record.action_run()
                else:
                    record = self.env[model].search([], limit=1, order="id desc")
                self.assertTrue(record, f"the demo data has a {model} to print")
                # The audit trail is printed from the record's form, which passes its model in the context.
                html, kind = report.with_context(active_model=model)._render_qweb_html(report.report_name, record.ids)
                self.assertEqual(kind, "html")
                if model == "quality.signature.integrity.check":
                    self.assertTrue(record.line_ids, "the integrity check lists the demo signatures")
                    self.assertIn(escape(str(record.line_ids[0].res_name)), html.decode())
                else:
                    self.assertIn(str(record.name), html.decode())
