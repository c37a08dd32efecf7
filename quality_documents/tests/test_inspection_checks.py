from odoo import Command
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .inspection_common import InspectionCommon
from .signature_chain import link_signature_chain


@verifies("QI-001")
@tagged("post_install", "-at_install")
class TestInspectionPlan(InspectionCommon):
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
                    "product_categ_ids": [Command.set(cls.categ.ids)],
                },
            ]
        )
        cls.thickness, cls.flash = cls.revision.inspection_characteristic_ids

    def test_document_type_inspection_plan_gets_its_code(self):
        self.assertEqual(self.revision.document_id.doc_type, "inspection_plan")
        self.assertTrue(self.revision.document_id.name.startswith("IP-"))

    def test_characteristics_are_frozen_once_submitted(self):
        with self.assertRaisesRegex(UserError, "frozen once review starts"):
            self.thickness.with_user(self.author).write({"usl": 1.30})
        with self.assertRaisesRegex(UserError, "frozen once review starts"):
            self.env["quality.inspection.characteristic"].with_user(self.author).create(
                {**self._wall_thickness(name="Added later"), "revision_id": self.revision.id}
            )
        with self.assertRaisesRegex(UserError, "frozen once review starts"):
            self.flash.with_user(self.manager).unlink()
        self.assertEqual(self.thickness.usl, 1.25)
        self.assertEqual(len(self.revision.inspection_characteristic_ids), 2)

    def test_characteristics_are_part_of_the_signed_content(self):
        content = self.revision._quality_signature_content()["inspection_characteristic_ids"]
        self.assertEqual([line["name"] for line in content], ["Wall thickness", "Flash free"])
        self.assertEqual(content[0]["usl"], repr(1.25))
        self.assertEqual(content[0]["product_tmpl_ids"], self.housing.product_tmpl_id.ids)
        signature = self.revision.quality_signature_ids.filtered(lambda s: s.meaning == "approved")
        link_signature_chain(self.env)
        self.assertEqual(signature.verification_state, "unchanged")

    def test_measure_limits_must_bracket_nominal(self):
        document = self._create_document("IN bad limits", doc_type="inspection_plan")
        revision = self._new_revision(document)
        with self.assertRaisesRegex(ValidationError, "lower limit ≤ nominal ≤ upper limit"):
            self.env["quality.inspection.characteristic"].with_user(self.author).create(
                {**self._wall_thickness(lsl=1.30), "revision_id": revision.id}
            )

    def test_new_revision_starts_from_the_characteristics_of_the_previous_one(self):
        revision_b = self._new_revision(
            self.revision.document_id, change_summary="Tighter wall", change_reason="Field returns"
        )
        self.assertEqual(revision_b.inspection_characteristic_ids.mapped("name"), ["Wall thickness", "Flash free"])
        revision_b.inspection_characteristic_ids[0].with_user(self.author).write({"usl": 1.24})
        self.assertEqual(self.thickness.usl, 1.25)


@verifies("QI-002")
@tagged("post_install", "-at_install")
class TestReceiptChecks(InspectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revision = cls._plan(
            [
                cls._wall_thickness(),
                {
                    "name": "Cosmetic photo",
                    "kind": "photo",
                    "applies_to": "receipt",
                    "product_tmpl_ids": [Command.set(cls.housing.product_tmpl_id.ids)],
                },
            ]
        )
        cls.thickness, cls.photo = cls.revision.inspection_characteristic_ids

    def test_ready_receipt_gets_one_check_per_characteristic_of_the_effective_plan(self):
        picking = self._receipt([(self.housing, 10), (self.screw, 5)])
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.quality_check_ids.characteristic_id, self.thickness | self.photo)
        self.assertEqual(picking.quality_check_ids.product_id, self.housing)
        self.assertEqual(set(picking.quality_check_ids.mapped("state")), {"todo"})
        self.assertEqual(picking.quality_check_todo_count, 2)
        check = picking.quality_check_ids.filtered(lambda c: c.characteristic_id == self.thickness)
        self.assertEqual(check.partner_id, self.vendor)
        self.assertIn("1.2", check.spec_display)
        # Assigning again creates nothing twice.
        picking.action_assign()
        self.assertEqual(len(picking.quality_check_ids), 2)

    def test_measure_passes_within_limits_and_fails_outside(self):
        picking = self._receipt()
        check = picking.quality_check_ids.filtered(lambda c: c.characteristic_id == self.thickness)
        check.with_user(self.stock_user).write({"value_input": "1.26"})
        check.with_user(self.stock_user).action_record_measure()
        self.assertEqual(check.state, "fail")
        self.assertAlmostEqual(check.measured_value, 1.26)
        self.assertEqual(check.done_by_id, self.stock_user)
        picking2 = self._receipt()
        check2 = picking2.quality_check_ids.filtered(lambda c: c.characteristic_id == self.thickness)
        check2.with_user(self.stock_user).write({"value_input": "1.25"})
        check2.with_user(self.stock_user).action_record_measure()
        self.assertEqual(check2.state, "pass")

    def test_measure_needs_a_number(self):
        check = self._receipt().quality_check_ids.filtered(lambda c: c.characteristic_id == self.thickness)
        check.with_user(self.stock_user).write({"value_input": "thick"})
        with self.assertRaisesRegex(ValidationError, "is not a list of numbers"):
            check.with_user(self.stock_user).action_record_measure()
        self.assertEqual(check.state, "todo")

    def test_photo_check_needs_its_attachment(self):
        check = self._receipt().quality_check_ids.filtered(lambda c: c.characteristic_id == self.photo)
        with self.assertRaisesRegex(UserError, "attach the photo"):
            check.with_user(self.stock_user).action_pass()
        self.assertEqual(check.state, "todo")
        self.env["ir.attachment"].create(
            {"name": "housing.png", "res_model": check._name, "res_id": check.id, "raw": b"\x89PNG"}
        )
        check.invalidate_recordset(["attachment_count"])
        check.with_user(self.stock_user).action_pass()
        self.assertEqual(check.state, "pass")

    def test_result_changes_only_through_the_buttons(self):
        check = self._receipt().quality_check_ids[:1]
        for user in (self.stock_user, self.manager):
            with self.assertRaisesRegex(UserError, "change only through its buttons"):
                check.with_user(user).write({"state": "pass"})
            with self.assertRaisesRegex(UserError, "change only through its buttons"):
                check.with_user(user).write({"measured_value": 1.2})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            self.env["quality.inspection.check"].with_user(self.manager).create(
                {"characteristic_id": self.thickness.id, "state": "pass"}
            )
        self.assertEqual(check.state, "todo")

    def test_only_a_manager_reopens_a_recorded_check(self):
        check = self._receipt().quality_check_ids.filtered(lambda c: c.characteristic_id == self.thickness)
        check.with_user(self.stock_user).write({"value_input": "1.2"})
        check.with_user(self.stock_user).action_record_measure()
        with self.assertRaisesRegex(AccessError, "Reopen"):
            check.with_user(self.stock_user).action_reopen()
        with self.assertRaisesRegex(UserError, "the result is recorded"):
            check.with_user(self.stock_user).write({"value_input": "1.3"})
        check.with_user(self.manager).action_reopen()
        self.assertEqual(check.state, "todo")
        self.assertFalse(check.measured_values)

    def test_no_plan_nothing_happens(self):
        self.revision.document_id.with_user(self.manager).write({"active": False})
        picking = self._receipt()
        self.assertFalse(picking.quality_check_ids)
        self._set_quantities(picking)
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_superseded_plan_stops_generating(self):
        revision_b = self._new_revision(
            self.revision.document_id, change_summary="Tighter wall", change_reason="Field returns"
        )
        revision_b.inspection_characteristic_ids.filtered(lambda c: c.kind == "photo").with_user(self.author).unlink()
        revision_b.action_submit_review()
        revision_b.with_user(self.approver)._quality_sign("approved", self.passwords[self.approver])
        self.assertEqual(self.revision.state, "superseded")
        picking = self._receipt()
        self.assertEqual(picking.quality_check_ids.characteristic_id, revision_b.inspection_characteristic_ids)
        self.assertEqual(picking.quality_check_ids.revision_id, revision_b)

    def test_every_nth_lot_is_inspected(self):
        self._plan(
            [
                {
                    "name": "Colour match",
                    "kind": "pass_fail",
                    "applies_to": "receipt",
                    "product_tmpl_ids": [Command.set(self.screw.product_tmpl_id.ids)],
                    "frequency": "every_nth",
                    "frequency_n": 3,
                }
            ],
            title="IN every third lot",
        )
        inspected = [bool(self._receipt([(self.screw, 5)]).quality_check_ids) for _i in range(7)]
        self.assertEqual(inspected, [True, False, False, True, False, False, True])

    def test_checks_are_created_with_a_query_count_independent_of_the_lines(self):
        products = self.env["product.product"].create(
            [{"name": f"IN housing {i}", "categ_id": self.categ.id, "is_storable": True} for i in range(40)]
        )
        plan = self._plan(
            [
                {
                    "name": "Flash free (category)",
                    "kind": "pass_fail",
                    "applies_to": "receipt",
                    "product_categ_ids": [Command.set(self.categ.ids)],
                }
            ],
            title="IN category plan",
        )
        small = self._receipt([(p, 1) for p in products[:4]])
        large = self._receipt([(p, 1) for p in products])
        counts = {}
        for picking in (small, large):
            picking.quality_check_ids.unlink()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            picking._quality_inspection_generate()
            self.env.flush_all()
            counts[picking] = self.cr.sql_log_count - before
        self.assertEqual(
            len(large.quality_check_ids.filtered(lambda c: c.characteristic_id == plan.inspection_characteristic_ids)),
            40,
        )
        self.assertEqual(counts[small], counts[large])


@verifies("QI-003")
@tagged("post_install", "-at_install")
class TestReceiptGate(InspectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revision = cls._plan([cls._wall_thickness()])
        cls.thickness = cls.revision.inspection_characteristic_ids

    def _pass(self, picking):
        checks = picking.quality_check_ids
        checks.with_user(self.stock_user).write({"value_input": "1.21"})
        checks.with_user(self.stock_user).action_record_measure()

    def test_validate_refused_naming_the_checks_by_every_path(self):
        picking = self._receipt()
        self._set_quantities(picking)
        for path in (
            picking.button_validate,
            picking._action_done,
            picking.move_ids._action_done,
        ):
            with self.subTest(path=path.__name__), self.assertRaisesRegex(UserError, "Wall thickness"):
                path()
            self.assertEqual(picking.state, "assigned")
            self.assertEqual(picking.move_ids.state, "assigned")
        self.assertEqual(self.env["stock.quant"]._get_available_quantity(self.housing, self.warehouse.lot_stock_id), 0)

    def test_receipt_validates_once_checks_are_recorded(self):
        picking = self._receipt()
        self._pass(picking)
        self._set_quantities(picking)
        picking.with_user(self.stock_user).button_validate()
        self.assertEqual(picking.state, "done")

    def test_a_failed_check_is_done_too(self):
        picking = self._receipt()
        picking.quality_check_ids.write({"value_input": "1.40"})
        picking.quality_check_ids.action_record_measure()
        self._set_quantities(picking)
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_manager_signed_override_waives_exactly_the_checks_signed(self):
        picking = self._receipt()
        self._set_quantities(picking)
        Override = self.env["quality.inspection.override"]
        override = Override.with_user(self.manager).create({"picking_id": picking.id, "reason": "Line down, CoC ok"})
        with self.assertRaisesRegex(AccessError, "reserved for"):
            override.with_user(self.author)._quality_sign("override", self.passwords[self.author])
        self.assertEqual(override.state, "draft")
        override.with_user(self.manager)._quality_sign("override", self.passwords[self.manager])
        self.assertEqual(override.state, "signed")
        self.assertEqual(override.check_ids, picking.quality_check_ids)
        link_signature_chain(self.env)
        self.assertEqual(override.quality_signature_ids.verification_state, "unchanged")
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_override_needs_the_manager_password(self):
        picking = self._receipt()
        override = (
            self.env["quality.inspection.override"]
            .with_user(self.manager)
            .create({"picking_id": picking.id, "reason": "Urgent"})
        )
        with self.assertRaisesRegex(UserError, "Wrong login or password"):
            override.with_user(self.manager)._quality_sign("override", "not-my-password")
        self.assertEqual(override.state, "draft")
        self._set_quantities(picking)
        with self.assertRaisesRegex(UserError, "Wall thickness"):
            picking.button_validate()


@verifies("QI-002", "QI-003")
@tagged("post_install", "-at_install")
class TestProductionChecks(InspectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revision = cls._plan(
            [
                {
                    "name": "Housing screws torqued",
                    "kind": "instruction",
                    "instruction": "Torque the 4 screws to 0.6 Nm",
                    "applies_to": "operation",
                    "operation_ids": [Command.set(cls.assemble.ids)],
                },
                {
                    "name": "Occlusion alarm test",
                    "kind": "pass_fail",
                    "applies_to": "final",
                    "product_tmpl_ids": [Command.set(cls.pump.product_tmpl_id.ids)],
                },
            ],
            title="IN Pump assembly and final inspection",
        )
        cls.torque, cls.alarm = cls.revision.inspection_characteristic_ids
        cls.env["stock.quant"]._update_available_quantity(cls.housing, cls.warehouse.lot_stock_id, 20)

    def test_confirmed_order_gets_final_inspection_and_work_order_checks(self):
        production = self._production()
        self.assertEqual(production.quality_check_ids.characteristic_id, self.alarm)
        workorder = production.workorder_ids
        workorder.button_start()
        self.assertEqual(workorder.quality_check_ids.characteristic_id, self.torque)
        self.assertEqual(production.quality_check_todo_count, 2)

    def test_work_order_finish_refused_until_its_checks_are_done(self):
        production = self._production()
        workorder = production.workorder_ids
        workorder.button_start()
        with self.assertRaisesRegex(UserError, "Housing screws torqued"):
            workorder.button_finish()
        self.assertEqual(workorder.state, "progress")
        with self.assertRaisesRegex(UserError, "Housing screws torqued"):
            workorder.write({"state": "done"})
        self.assertEqual(workorder.state, "progress")
        workorder.quality_check_ids.action_pass()
        workorder.button_finish()
        self.assertEqual(workorder.state, "done")

    def test_order_done_refused_until_final_inspection_is_done(self):
        production = self._production()
        production.workorder_ids.button_start()
        production.workorder_ids.quality_check_ids.action_pass()
        production.workorder_ids.button_finish()
        production.qty_producing = 1
        production.move_raw_ids.picked = True
        with self.assertRaisesRegex(UserError, "Occlusion alarm test"):
            production.button_mark_done()
        with self.assertRaisesRegex(UserError, "Occlusion alarm test"):
            production.move_finished_ids._action_done()
        self.assertNotEqual(production.state, "done")
        self.assertNotEqual(production.move_finished_ids.state, "done")
        production.quality_check_ids.action_pass()
        production.button_mark_done()
        self.assertEqual(production.state, "done")
