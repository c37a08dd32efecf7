from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import Form, HttpCase, tagged


@tagged("post_install", "-at_install")
class TestProceduresTour(HttpCase):
    @verifies("QD-005")
    def test_tour_mo_procedures_open_effective_content(self):
        env = self.env
        admin = env.ref("base.user_admin")
        approver = env["res.users"].create(
            {
                "name": "Tour Approver",
                "login": "tour_approver",
                "password": "tour_approver_pw",
                "groups_id": [(6, 0, env.ref("quality_documents.group_quality_user").ids)],
            }
        )
        product = env["product.product"].create({"name": "Tour Stent", "is_storable": True})
        component = env["product.product"].create({"name": "Tour Wire"})
        workcenter = env["mrp.workcenter"].create({"name": "Tour crimping cell"})
        bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "bom_line_ids": [(0, 0, {"product_id": component.id, "product_qty": 1})],
                "operation_ids": [(0, 0, {"name": "Crimp", "workcenter_id": workcenter.id})],
            }
        )
        document = env["quality.document"].create(
            {
                "title": "Tour crimping procedure",
                "owner_id": admin.id,
                "approver_ids": [(6, 0, approver.ids)],
                "operation_ids": [(6, 0, bom.operation_ids.ids)],
            }
        )
        revision = (
            env["quality.document.revision"]
            .with_user(admin)
            .create({"document_id": document.id, "body": "<p>Crimp at 4 bar for 2 s</p>"})
        )
        revision.action_submit_review()
        revision.with_user(approver)._quality_sign("approved", "tour_approver_pw")
        self.assertEqual(revision.state, "effective")
        form = Form(env["mrp.production"])
        form.product_id = product
        form.bom_id = bom
        production = form.save()
        production.action_confirm()
        self.start_tour(
            f"/odoo/action-mrp.mrp_production_action/{production.id}",
            "quality_documents_procedures_tour",
            login="admin",
        )
