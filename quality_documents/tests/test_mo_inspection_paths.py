"""A manufacturing order reaches ``done`` through its final inspection gate by every path (production_paths),
not only ``button_mark_done``: for every role, the refusal message and the order unchanged."""

from odoo import Command
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import new_test_user, tagged

from .inspection_common import InspectionCommon
from .production_paths import PATH_ROLES, ProductionDonePaths, complete_through_moves


@verifies("QI-002", "QI-003")
@tagged("post_install", "-at_install")
class TestProductionInspectionPaths(ProductionDonePaths, InspectionCommon):
    refused = r"is refused: these inspection checks are still to do:(.|\n)*IN Leak test"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_users = {
            role: new_test_user(cls.env, login=f"in_path_{role}", groups=groups, password=f"in_path_{role}_pw")
            for role, groups in PATH_ROLES.items()
        }
        # A kit assembled without work orders, whose finished units get a final leak test.
        cls.kit = cls.env["product.product"].create({"name": "IN Pump kit", "is_storable": True})
        cls.path_bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.kit.product_tmpl_id.id,
                "product_id": cls.kit.id,
                "product_qty": 1,
                "consumption": "flexible",
                "bom_line_ids": [Command.create({"product_id": cls.housing.id, "product_qty": 1})],
            }
        )
        cls._plan(
            [
                {
                    "name": "IN Leak test",
                    "kind": "pass_fail",
                    "applies_to": "final",
                    "product_tmpl_ids": [Command.set(cls.kit.product_tmpl_id.ids)],
                }
            ],
            title="IN Pump kit final inspection",
        )
        cls.env["stock.quant"]._update_available_quantity(cls.housing, cls.warehouse.lot_stock_id, 100)

    def _path_production(self, qty=1, producing=1):
        production = super()._path_production(qty, producing)
        self.assertEqual(production.quality_check_ids.mapped("state"), ["todo"])
        return production

    def test_recorded_checks_let_the_order_complete_through_its_moves(self):
        production = self._path_production()
        production.quality_check_ids.action_pass()
        as_user = production.with_user(self.role_users["mrp_user"])
        (as_user.move_raw_ids | as_user.move_finished_ids).write({"state": "done"})
        as_user.env.flush_all()
        self.assertEqual(production.state, "done")

    def test_signed_override_lets_the_order_complete_through_its_moves(self):
        production = self._path_production()
        override = (
            self.env["quality.inspection.override"]
            .with_user(self.manager)
            .create({"production_id": production.id, "reason": "Leak tested on the bench rig"})
        )
        override.with_user(self.manager)._quality_sign("override", self.passwords[self.manager])
        complete_through_moves(production.with_user(self.role_users["quality_user"]))
        self.assertEqual(production.state, "done")
