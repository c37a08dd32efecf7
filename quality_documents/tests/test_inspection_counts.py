"""The Inspection Checks smart buttons: one count of checks and checks to do (``_quality_counts``) for receipts,
work orders and manufacturing orders (whose count adds the checks of their work orders)."""

from odoo import Command
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged

from .inspection_common import InspectionCommon


@verifies("QI-002")
@tagged("post_install", "-at_install")
class TestInspectionCounts(InspectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._plan(
            [
                cls._wall_thickness(),
                {
                    "name": "IN Screws torqued",
                    "kind": "pass_fail",
                    "applies_to": "operation",
                    "operation_ids": [Command.set(cls.assemble.ids)],
                },
                {
                    "name": "IN Alarm test",
                    "kind": "pass_fail",
                    "applies_to": "final",
                    "product_tmpl_ids": [Command.set(cls.pump.product_tmpl_id.ids)],
                },
            ],
            title="IN Housing, assembly and final inspection",
        )
        cls.env["stock.quant"]._update_available_quantity(cls.housing, cls.warehouse.lot_stock_id, 20)

    def test_counts_of_checks_and_checks_to_do(self):
        picking = self._receipt()
        self.assertEqual((picking.quality_check_count, picking.quality_check_todo_count), (1, 1))
        production = self._production()
        workorder = production.workorder_ids
        workorder.button_start()
        self.assertEqual((workorder.quality_check_count, workorder.quality_check_todo_count), (1, 1))
        self.assertEqual((production.quality_check_count, production.quality_check_todo_count), (2, 2))
        workorder.quality_check_ids.action_pass()
        self.env.invalidate_all()  # the counts are computed on read, without dependencies
        self.assertEqual((workorder.quality_check_count, workorder.quality_check_todo_count), (1, 0))
        self.assertEqual((production.quality_check_count, production.quality_check_todo_count), (2, 1))
        self.assertEqual((picking.quality_check_count, picking.quality_check_todo_count), (1, 1))
        # A second order counts only its own checks (its final inspection and its work order's).
        other = self._production()
        self.assertEqual(len(other.quality_check_ids | other.workorder_ids.quality_check_ids), 2)
        self.assertEqual((other.quality_check_count, other.quality_check_todo_count), (2, 2))
        self.assertEqual((production.quality_check_count, production.quality_check_todo_count), (2, 1))
