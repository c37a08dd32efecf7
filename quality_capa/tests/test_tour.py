from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import Form, HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCapaTour(HttpCase):
    @verifies("QC-001")
    def test_tour_report_nc_from_mo_and_open_capa(self):
        product = self.env["product.product"].create({"name": "Tour pump", "is_storable": True})
        component = self.env["product.product"].create({"name": "Tour housing"})
        bom = self.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "bom_line_ids": [(0, 0, {"product_id": component.id, "product_qty": 1})],
            }
        )
        form = Form(self.env["mrp.production"])
        form.product_id = product
        form.bom_id = bom
        production = form.save()
        production.action_confirm()
        self.start_tour(
            f"/odoo/action-mrp.mrp_production_action/{production.id}", "quality_capa_report_nc_tour", login="admin"
        )
        nc = self.env["quality.nonconformance"].search([("production_id", "=", production.id)])
        self.assertEqual(nc.title, "Tour: housing cracked during assembly")
        self.assertEqual(len(nc.capa_ids), 1)
