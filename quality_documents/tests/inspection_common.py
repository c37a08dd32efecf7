from odoo import Command
from odoo.tests import Form, new_test_user

from .common import QualityDocumentsCommon


class InspectionCommon(QualityDocumentsCommon):
    """A molded housing received from a vendor, a pump made from it, and control plans built through the
    real document workflow. Reused by quality_capa and quality_supplier:
    ``from odoo.addons.quality_documents.tests.inspection_common import InspectionCommon``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # Work orders are a setting (Manufacturing > Work Orders); without demo data it is off, and a
        # manufacturing order built through its form would then get work orders without a work center.
        env.ref("base.group_user").write({"implied_ids": [Command.link(env.ref("mrp.group_mrp_routings").id)]})
        cls.stock_user = new_test_user(
            env, login="in_stock_user", groups="base.group_user,stock.group_stock_user", password="in_stock_pw1"
        )
        cls.passwords[cls.stock_user] = "in_stock_pw1"
        cls.categ = env["product.category"].create({"name": "IN Molded parts"})
        cls.housing = env["product.product"].create(
            {"name": "IN Molded housing", "categ_id": cls.categ.id, "is_storable": True}
        )
        cls.screw = env["product.product"].create({"name": "IN Screw", "is_storable": True})
        cls.pump = env["product.product"].create({"name": "IN Infusion pump", "is_storable": True})
        cls.vendor = env["res.partner"].create({"name": "IN Moldings Ltd", "is_company": True})
        cls.warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        cls.workcenter = env["mrp.workcenter"].create({"name": "IN Assembly cell"})
        cls.bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.pump.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [Command.create({"product_id": cls.housing.id, "product_qty": 1})],
                "operation_ids": [
                    Command.create({"name": "IN Assemble", "workcenter_id": cls.workcenter.id, "time_cycle_manual": 10})
                ],
            }
        )
        cls.assemble = cls.bom.operation_ids

    # ------------------------------------------------------------------
    @classmethod
    def _wall_thickness(cls, **values):
        return {
            "name": "Wall thickness",
            "kind": "measure",
            "nominal": 1.20,
            "lsl": 1.15,
            "usl": 1.25,
            "applies_to": "receipt",
            "product_tmpl_ids": [Command.set(cls.housing.product_tmpl_id.ids)],
            **values,
        }

    @classmethod
    def _plan(cls, characteristics, title="IN Incoming inspection of molded housing", document=None, **values):
        """Create (or revise) an inspection plan and bring the revision to effective through the workflow."""
        document = document or cls._create_document(title, doc_type="inspection_plan")
        revision = cls._make_effective(
            document,
            inspection_characteristic_ids=[Command.create(vals) for vals in characteristics],
            **values,
        )
        return revision

    @classmethod
    def _receipt(cls, lines=None, partner=None):
        """A confirmed receipt (ready) of ``lines``: [(product, qty)]."""
        lines = lines or [(cls.housing, 10)]
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.in_type_id.id,
                "partner_id": (partner or cls.vendor).id,
                "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": cls.warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": cls.warehouse.lot_stock_id.id,
                        }
                    )
                    for product, qty in lines
                ],
            }
        )
        picking.action_confirm()
        return picking

    @classmethod
    def _production(cls, qty=1):
        form = Form(cls.env["mrp.production"])
        form.product_id = cls.pump
        form.bom_id = cls.bom
        form.product_qty = qty
        production = form.save()
        production.action_confirm()
        return production

    @staticmethod
    def _set_quantities(picking):
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
