import base64

from odoo import Command, http
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

# A 1x1 PNG: the photo of the problem.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
    )
)


def _production_with_workorder(env, operation="Tour deburring"):
    workcenter = env["mrp.workcenter"].create({"name": f"{operation} bench"})
    product = env["product.product"].create({"name": f"{operation} flange", "is_storable": True})
    component = env["product.product"].create({"name": f"{operation} blank"})
    bom = env["mrp.bom"].create(
        {
            "product_tmpl_id": product.product_tmpl_id.id,
            "bom_line_ids": [Command.create({"product_id": component.id, "product_qty": 1})],
            "operation_ids": [Command.create({"name": operation, "workcenter_id": workcenter.id})],
        }
    )
    production = env["mrp.production"].create({"product_id": product.id, "bom_id": bom.id, "product_qty": 5})
    production.action_confirm()
    return production


@verifies("QC-016", "QC-002")
@tagged("post_install", "-at_install")
class TestReportProblem(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(cls.env, login="sc_plain_employee", groups="base.group_user")
        cls.operator = new_test_user(
            cls.env, login="sc_report_operator", groups="base.group_user,mrp.group_mrp_user,mrp.group_mrp_routings"
        )
        cls.Wizard = cls.env["quality.nc.report.wizard"]
        cls.NC = cls.env["quality.nonconformance"]

    def test_plain_employee_reports_from_quality_menu_with_photo(self):
        wizard = self.Wizard.with_user(self.employee).create(
            {"title": "Floor drain blocked near line 2", "quantity": 0, "photo": PNG, "description": "Since Monday"}
        )
        action = wizard.action_report()
        nc = self.NC.search([("title", "=", "Floor drain blocked near line 2")])
        self.assertEqual(len(nc), 1)
        self.assertEqual(nc.state, "new")
        self.assertEqual(nc.reporter_id, self.employee)
        self.assertEqual(nc.source, "process")
        self.assertTrue(nc.sudo().photo)
        self.assertIn("Since Monday", nc.description)
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(nc.name, action["params"]["message"])
        self.assertEqual(action["params"]["next"], {"type": "ir.actions.act_window_close"})

    def test_anonymous_report_names_nobody(self):
        wizard = self.Wizard.with_user(self.employee).create({"title": "Guard removed on press 4", "anonymous": True})
        action = wizard.action_report()
        nc = self.NC.search([("title", "=", "Guard removed on press 4")])
        self.assertTrue(nc.anonymous)
        self.assertFalse(nc.reporter_id)
        self.assertNotEqual(nc.create_uid, self.employee)
        self.assertIn("anonymously", action["params"]["message"])

    def test_operator_report_from_workorder_prefilled(self):
        production = _production_with_workorder(self.env)
        workorder = production.workorder_ids
        action = workorder.with_user(self.operator).action_report_nonconformance()
        self.assertEqual(action["res_model"], "quality.nc.report.wizard")
        self.assertEqual(action["target"], "new")
        wizard = self.Wizard.with_user(self.operator).with_context(**action["context"]).create({"title": "Burr"})
        self.assertEqual(wizard.workorder_id, workorder)
        self.assertIn(workorder.name, wizard.origin_name)
        wizard.quantity = 2
        wizard.action_report()
        nc = self.NC.search([("workorder_id", "=", workorder.id)])
        self.assertEqual(nc.production_id, production)
        self.assertEqual(nc.workcenter_id, workorder.workcenter_id)
        self.assertEqual(nc.product_id, production.product_id)
        self.assertEqual(nc.quantity, 2)
        self.assertEqual(nc.source, "production")
        self.assertEqual(production.quality_nc_count, 1)

    def test_quality_user_goes_on_to_the_nonconformance(self):
        quality = new_test_user(self.env, login="sc_report_quality", groups="quality_documents.group_quality_user")
        action = self.Wizard.with_user(quality).create({"title": "Label smeared"}).action_report()
        nc = self.NC.search([("title", "=", "Label smeared")])
        self.assertEqual(action["params"]["next"]["res_model"], "quality.nonconformance")
        self.assertEqual(action["params"]["next"]["res_id"], nc.id)

    def test_report_without_what_is_refused_and_creates_nothing(self):
        count = self.NC.search_count([])
        wizard = self.Wizard.with_user(self.employee).create({"title": "   "})
        with self.assertRaisesRegex(UserError, "Say in a few words what is wrong"):
            wizard.action_report()
        self.assertEqual(self.NC.search_count([]), count)

    def test_negative_quantity_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "How many cannot be negative"):
            self.Wizard.with_user(self.employee).create({"title": "Scratch", "quantity": -1})
        self.assertFalse(self.NC.search([("title", "=", "Scratch")]))

    def test_reporter_cannot_edit_the_reported_nonconformance(self):
        self.Wizard.with_user(self.employee).create({"title": "Loose bolt"}).action_report()
        nc = self.NC.search([("title", "=", "Loose bolt")])
        with self.assertRaises(AccessError):  # employees report; quality edits
            nc.with_user(self.employee).write({"title": "Changed"})
        self.assertEqual(nc.title, "Loose bolt")


@verifies("QC-016")
@tagged("post_install", "-at_install")
class TestReportProblemTour(HttpCase):
    def test_tour_operator_reports_nc_from_workorder_dialog(self):
        operator = new_test_user(
            self.env,
            login="sc_tour_operator",
            password="sc_tour_operator",
            groups="base.group_user,mrp.group_mrp_user,mrp.group_mrp_routings",
        )
        production = _production_with_workorder(self.env)
        workorder = production.workorder_ids
        self.assertTrue(http.root.statics)
        self.start_tour(
            f"/odoo/action-mrp.mrp_workorder_todo/{workorder.id}",
            "quality_capa_operator_report_from_workorder_tour",
            login="sc_tour_operator",
        )
        nc = self.env["quality.nonconformance"].search([("workorder_id", "=", workorder.id)])
        self.assertEqual(nc.title, "Tour: burr left on the flange")
        self.assertEqual(nc.quantity, 3)
        self.assertEqual(nc.reporter_id, operator)
        self.assertEqual(nc.production_id, production)
        self.assertEqual(nc.state, "new")
