from odoo import Command
from odoo.addons.quality_documents.tests.inspection_common import InspectionCommon
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged


@verifies("QI-004")
@tagged("post_install", "-at_install")
class TestInspectionNonconformance(InspectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revision = cls._plan(
            [
                cls._wall_thickness(),
                {
                    "name": "Flash free",
                    "kind": "pass_fail",
                    "applies_to": "receipt",
                    "product_tmpl_ids": [Command.set(cls.housing.product_tmpl_id.ids)],
                },
            ]
        )
        cls.thickness, cls.flash = cls.revision.inspection_characteristic_ids

    def _check(self, picking, characteristic):
        return picking.quality_check_ids.filtered(lambda c: c.characteristic_id == characteristic)

    def test_failed_check_opens_a_prefilled_nonconformance_linked_both_ways(self):
        picking = self._receipt()
        check = self._check(picking, self.thickness)
        check.with_user(self.stock_user).write({"value_input": "1.31"})
        check.with_user(self.stock_user).action_record_measure()
        nc = check.nonconformance_id
        self.assertTrue(nc)
        self.assertEqual(nc.source, "receiving")
        self.assertEqual(nc.picking_id, picking)
        self.assertEqual(nc.product_id, self.housing)
        self.assertEqual(nc.partner_id, self.vendor)
        self.assertEqual(nc.reporter_id, self.stock_user)
        self.assertEqual(nc.state, "new")
        self.assertIn("Wall thickness", nc.title)
        self.assertIn("1.31", nc.description)
        self.assertIn("1.15", nc.description)
        self.assertIn("1.25", nc.description)
        self.assertEqual(nc.inspection_check_ids, check)
        self.assertEqual(nc.inspection_check_count, 1)

    def test_several_failures_of_one_receipt_go_into_one_nonconformance(self):
        picking = self._receipt()
        thickness = self._check(picking, self.thickness)
        thickness.with_user(self.stock_user).write({"value_input": "1.10"})
        thickness.with_user(self.stock_user).action_record_measure()
        self._check(picking, self.flash).with_user(self.stock_user).action_fail()
        checks = picking.quality_check_ids
        self.assertEqual(set(checks.mapped("state")), {"fail"})
        self.assertEqual(len(checks.nonconformance_id), 1)
        self.assertEqual(checks.nonconformance_id.inspection_check_ids, checks)
        self.assertEqual(self.env["quality.nonconformance"].search_count([("picking_id", "=", picking.id)]), 1)

    def test_a_passed_check_opens_nothing(self):
        picking = self._receipt()
        check = self._check(picking, self.thickness)
        check.write({"value_input": "1.20"})
        check.action_record_measure()
        self.assertFalse(check.nonconformance_id)
        self.assertFalse(self.env["quality.nonconformance"].search([("picking_id", "=", picking.id)]))

    def test_two_receipts_two_nonconformances(self):
        first, second = self._receipt(), self._receipt()
        (self._check(first, self.flash) | self._check(second, self.flash)).action_fail()
        self.assertEqual(len((first | second).quality_check_ids.nonconformance_id), 2)
        self.assertEqual(self._check(first, self.flash).nonconformance_id.picking_id, first)

    def test_failed_work_order_check_names_the_work_order_and_work_center(self):
        # The plan's author picks BoM operations: a quality engineer with manufacturing read rights.
        self.author.groups_id = [Command.link(self.env.ref("mrp.group_mrp_user").id)]
        plan = self._plan(
            [
                {
                    "name": "Screws torqued",
                    "kind": "pass_fail",
                    "applies_to": "operation",
                    "operation_ids": [Command.set(self.assemble.ids)],
                }
            ],
            title="IN assembly plan",
        )
        self.env["stock.quant"]._update_available_quantity(self.housing, self.warehouse.lot_stock_id, 5)
        production = self._production()
        workorder = production.workorder_ids
        workorder.button_start()
        workorder.quality_check_ids.action_fail()
        nc = workorder.quality_check_ids.nonconformance_id
        self.assertEqual(workorder.quality_check_ids.characteristic_id, plan.inspection_characteristic_ids)
        self.assertEqual(nc.workorder_id, workorder)
        self.assertEqual(nc.production_id, production)
        self.assertEqual(nc.workcenter_id, self.workcenter)
        self.assertEqual(nc.product_id, self.pump)
