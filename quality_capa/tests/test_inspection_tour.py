from odoo import Command
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import HttpCase, tagged


@verifies("QI-004", "QI-003")
@tagged("post_install", "-at_install")
class TestInspectionTour(HttpCase):
    def test_tour_receipt_check_fails_and_opens_a_nonconformance(self):
        env = self.env
        housing = env["product.product"].create({"name": "Tour molded housing", "is_storable": True})
        admin = env.ref("base.user_admin")
        approver = env["res.users"].create(
            {
                "name": "Tour approver",
                "login": "in_tour_approver",
                "password": "in_tour_approver_pw",
                "groups_id": [Command.set([env.ref("quality_documents.group_quality_user").id])],
            }
        )
        document = env["quality.document"].create(
            {
                "title": "Tour incoming inspection",
                "doc_type": "inspection_plan",
                "approver_ids": [Command.set(approver.ids)],
            }
        )
        revision = env["quality.document.revision"].create(
            {
                "document_id": document.id,
                "author_id": admin.id,
                "body": "<p>Measure the wall.</p>",
                "inspection_characteristic_ids": [
                    Command.create(
                        {
                            "name": "Wall thickness",
                            "kind": "measure",
                            "nominal": 1.20,
                            "lsl": 1.15,
                            "usl": 1.25,
                            "applies_to": "receipt",
                            "product_tmpl_ids": [Command.set(housing.product_tmpl_id.ids)],
                        }
                    )
                ],
            }
        )
        revision.action_submit_review()
        revision._quality_sign_as("in_tour_approver", "in_tour_approver_pw", "approved")
        self.assertEqual(revision.state, "effective")
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        supplier = env.ref("stock.stock_location_suppliers")
        vendor = env["res.partner"].create({"name": "Tour Moldings", "is_company": True})
        picking = env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "partner_id": vendor.id,
                "location_id": supplier.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": housing.name,
                            "product_id": housing.id,
                            "product_uom_qty": 10,
                            "product_uom": housing.uom_id.id,
                            "location_id": supplier.id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        self.assertEqual(len(picking.quality_check_ids), 1)
        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{picking.id}",
            "quality_inspection_receipt_fail_tour",
            login="admin",
        )
        check = picking.quality_check_ids
        self.assertEqual(check.state, "fail")
        self.assertEqual(check.measured_values, "1.4")
        self.assertEqual(check.nonconformance_id.picking_id, picking)
        self.assertEqual(check.nonconformance_id.partner_id, vendor)
