from odoo import Command
from odoo.addons.quality_documents.tests.inspection_common import InspectionCommon
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.addons.quality_supplier.models.quality_sampling_tables import code_letter, plan
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged


@verifies("QI-005")
@tagged("post_install", "-at_install")
class TestSamplingTables(TransactionCase):
    """Rows of the published MIL-STD-105E / ANSI Z1.4 tables (Table I, II-A, II-B, II-C)."""

    def test_code_letters_of_table_i(self):
        rows = [
            # lot size, level I, II, III
            (2, "A", "A", "B"),
            (15, "A", "B", "C"),
            (50, "C", "D", "E"),
            (150, "D", "F", "G"),
            (500, "F", "H", "J"),
            (1000, "G", "J", "K"),
            (3200, "H", "K", "L"),
            (10000, "J", "L", "M"),
            (35001, "L", "N", "P"),
            (500001, "N", "Q", "R"),
        ]
        for lot, one, two, three in rows:
            with self.subTest(lot=lot):
                self.assertEqual(
                    (code_letter(lot, "I"), code_letter(lot, "II"), code_letter(lot, "III")), (one, two, three)
                )

    def test_normal_plans_of_table_ii_a(self):
        rows = [
            # lot, AQL, level -> sample size, Ac, Re
            (1000, "1.0", "II", 80, 2, 3),
            (1000, "1.0", "I", 50, 1, 2),  # G: down arrow to H
            (1000, "1.0", "III", 125, 3, 4),
            (500, "2.5", "II", 50, 3, 4),
            (5000, "0.65", "II", 200, 3, 4),
            (100, "4.0", "II", 20, 2, 3),
            (150, "1.5", "II", 32, 1, 2),  # F: down arrow to G
            (90, "1.0", "II", 13, 0, 1),  # E: 0/1
            (150, "1.0", "II", 13, 0, 1),  # F: up arrow to E
            (2000, "6.5", "II", 125, 14, 15),
            (50000, "0.10", "II", 500, 1, 2),  # N (0/1 at K, up arrow at L, down arrow at M)
            (280, "0.40", "II", 32, 0, 1),
            (600000, "0.025", "III", 2000, 1, 2),  # R, the last row
            (600000, "0.015", "III", 800, 0, 1),  # R: up arrow at the foot (no row below), to P's 0/1
        ]
        for lot, aql, level, n, ac, re in rows:
            with self.subTest(lot=lot, aql=aql, level=level):
                result = plan(lot, aql, level, "normal")
                self.assertEqual((result["sample_size"], result["accept"], result["reject"]), (n, ac, re))

    def test_tightened_plans_of_table_ii_b(self):
        rows = [
            (1000, "1.0", "II", 80, 1, 2),
            (3200, "1.0", "II", 125, 2, 3),
            (2000, "6.5", "II", 125, 12, 13),
            (10000, "1.0", "II", 200, 3, 4),
            (35000, "1.0", "II", 315, 5, 6),
            (150000, "1.0", "II", 500, 8, 9),
            (500, "2.5", "II", 50, 2, 3),
            (150, "4.0", "II", 20, 1, 2),
            (50, "6.5", "II", 13, 1, 2),
            (35000, "0.25", "II", 315, 1, 2),
            (1200, "0.65", "III", 125, 1, 2),
            (10000, "0.10", "II", 200, 0, 1),
            (600000, "0.040", "III", 2000, 1, 2),
            (600000, "0.025", "III", 3150, 1, 2),  # R: down arrow to S, the row only Table II-B has
        ]
        for lot, aql, level, n, ac, re in rows:
            with self.subTest(lot=lot, aql=aql):
                result = plan(lot, aql, level, "tightened")
                self.assertEqual((result["sample_size"], result["accept"], result["reject"]), (n, ac, re))

    def test_reduced_plans_of_table_ii_c(self):
        rows = [
            (1000, "1.0", "II", 32, 1, 3),
            (500, "1.0", "II", 20, 0, 2),
            (3200, "1.0", "II", 50, 1, 4),
            (10000, "1.0", "II", 80, 2, 5),
            (35000, "0.40", "II", 125, 1, 4),
            (150, "6.5", "II", 8, 1, 4),
            (600000, "0.015", "III", 315, 0, 1),  # R: up arrow at the foot, to P's 0/1
        ]
        for lot, aql, level, n, ac, re in rows:
            with self.subTest(lot=lot, aql=aql):
                result = plan(lot, aql, level, "reduced")
                self.assertEqual((result["sample_size"], result["accept"], result["reject"]), (n, ac, re))

    def test_sample_larger_than_the_lot_inspects_every_unit(self):
        result = plan(10, "0.65", "II")
        self.assertTrue(result["full"])
        self.assertEqual((result["sample_size"], result["accept"]), (10, 0))

    def test_every_aql_a_characteristic_offers_has_a_plan(self):
        """The AQL choice on a characteristic is the tables' own list: none leads to a missing plan at receipt."""
        offered = [value for value, _label in self.env["quality.inspection.characteristic"]._fields["aql"].selection]
        self.assertIn("6.5", offered)
        for aql in offered:
            for level in ("I", "II", "III"):
                for severity in ("normal", "tightened", "reduced"):
                    with self.subTest(aql=aql, level=level, severity=severity):
                        result = plan(500, aql, level, severity)
                        self.assertGreater(result["sample_size"], 0)

    def test_unknown_aql_or_level_is_refused(self):
        with self.assertRaisesRegex(ValueError, "AQL '3.3'"):
            plan(100, "3.3")
        with self.assertRaisesRegex(ValueError, "inspection level 'IV'"):
            plan(100, "1.0", "IV")


@verifies("QI-005")
@tagged("post_install", "-at_install")
class TestSamplingOnReceipts(InspectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revision = cls._plan(
            [
                {
                    "name": "Wall thickness in tolerance",
                    "kind": "pass_fail",
                    "applies_to": "receipt",
                    "product_tmpl_ids": [Command.set(cls.housing.product_tmpl_id.ids)],
                    "frequency": "sampling",
                    "aql": "1.0",
                    "inspection_level": "II",
                }
            ]
        )
        cls.characteristic = cls.revision.inspection_characteristic_ids
        cls.company = cls.env.company

    def _lot(self, accept=True, qty=1000):
        picking = self._receipt([(self.housing, qty)])
        check = picking.quality_check_ids
        if accept:
            check.with_user(self.stock_user).action_pass()
        else:
            check.with_user(self.stock_user).write({"defects_input": check.reject_number})
            check.with_user(self.stock_user).action_fail()
        return picking

    def _state(self):
        return self.env["quality.sampling.state"].search(
            [("partner_id", "=", self.vendor.id), ("product_id", "=", self.housing.id)]
        )

    def test_receipt_check_samples_by_the_table_and_says_why(self):
        picking = self._receipt([(self.housing, 1000)])
        check = picking.quality_check_ids
        self.assertEqual((check.sample_size, check.accept_number, check.reject_number), (80, 2, 3))
        self.assertIn("Normal inspection", check.sampling_note)
        self.assertIn("code letter J", check.sampling_note)
        self.assertIn("code letter J", picking.quality_sampling_note)
        self.assertEqual(picking.quality_sampling_lot_ids.severity, "normal")

    def test_defects_above_the_acceptance_number_cannot_pass(self):
        check = self._receipt([(self.housing, 1000)]).quality_check_ids
        check.with_user(self.stock_user).write({"defects_input": 3})
        with self.assertRaisesRegex(UserError, "reach the rejection number 3"):
            check.with_user(self.stock_user).action_pass()
        self.assertEqual(check.state, "todo")

    def test_normal_to_tightened_after_two_of_five_lots_not_accepted(self):
        self._lot(True)
        self._lot(False)
        self.assertEqual(self._state().state, "normal")
        self._lot(True)
        self._lot(False)
        state = self._state()
        self.assertEqual(state.state, "tightened")
        self.assertIn("2 of the last 4 lots", state.last_reason)
        picking = self._receipt([(self.housing, 1000)])
        self.assertEqual((picking.quality_check_ids.sample_size, picking.quality_check_ids.accept_number), (80, 1))
        self.assertIn("Tightened inspection", picking.quality_check_ids.sampling_note)

    def test_tightened_back_to_normal_after_five_consecutive_lots_accepted(self):
        self._lot(False)
        self._lot(False)
        self.assertEqual(self._state().state, "tightened")
        for _i in range(4):
            self._lot(True)
        self.assertEqual(self._state().state, "tightened")
        self._lot(True)
        self.assertEqual(self._state().state, "normal")

    def test_discontinued_after_five_lots_not_accepted_on_tightened_and_resumed_by_a_manager(self):
        self._lot(False)
        self._lot(False)
        for accepted in (False, True, False, False, False):
            self._lot(accepted)
        self.assertEqual(self._state().state, "tightened")
        self.assertEqual(self._state().tightened_rejections, 4)
        self._lot(False)
        state = self._state()
        self.assertEqual(state.state, "discontinued")
        self.assertEqual(state.tightened_rejections, 5)
        picking = self._receipt([(self.housing, 1000)])
        self.assertEqual(picking.quality_check_ids.sample_size, 1000)
        self.assertIn("discontinued", picking.quality_check_ids.sampling_note)
        with self.assertRaisesRegex(AccessError, "reserved for"):
            state.with_user(self.stock_user).action_resume()
        state.with_user(self.manager).action_resume()
        self.assertEqual(state.state, "tightened")

    def test_normal_to_reduced_on_the_switching_score_and_back_on_a_rejection(self):
        for _i in range(9):
            self._lot(True)
        self.assertEqual(self._state().state, "normal")
        self.assertEqual(self._state().switching_score, 27)
        self._lot(True)
        self.assertEqual(self._state().state, "reduced")
        picking = self._receipt([(self.housing, 1000)])
        self.assertEqual((picking.quality_check_ids.sample_size, picking.quality_check_ids.accept_number), (32, 1))
        picking.quality_check_ids.with_user(self.stock_user).write({"defects_input": 3})
        picking.quality_check_ids.with_user(self.stock_user).action_fail()
        self.assertEqual(self._state().state, "normal")

    def test_no_reduced_inspection_when_the_company_does_not_allow_it(self):
        self.company.quality_sampling_allow_reduced = False
        for _i in range(11):
            self._lot(True)
        self.assertEqual(self._state().state, "normal")

    def test_skip_lot_for_a_vendor_above_the_threshold(self):
        self.company.write({"quality_sampling_skip_lot_score": 90.0, "quality_sampling_skip_lot_frequency": 3})
        self.env["quality.supplier.scorecard"]._quality_workflow_create(
            [{"partner_id": self.vendor.id, "month": "2026-01-01", "company_id": self.company.id, "score": 96.0}]
        )
        first, second, third = (self._receipt([(self.housing, 1000)]) for _i in range(3))
        self.assertFalse(first.quality_check_ids)
        self.assertFalse(second.quality_check_ids)
        self.assertTrue(third.quality_check_ids)
        self.assertIn("Skip-lot", first.quality_sampling_note)
        self.assertEqual(first.quality_sampling_lot_ids.result, "skipped")
        third.quality_check_ids.action_pass()
        self.assertFalse(self._receipt([(self.housing, 1000)]).quality_check_ids)

    def test_no_skip_lot_below_the_threshold(self):
        self.company.write({"quality_sampling_skip_lot_score": 90.0, "quality_sampling_skip_lot_frequency": 3})
        self.env["quality.supplier.scorecard"]._quality_workflow_create(
            [{"partner_id": self.vendor.id, "month": "2026-01-01", "company_id": self.company.id, "score": 80.0}]
        )
        self.assertTrue(self._receipt([(self.housing, 1000)]).quality_check_ids)

    def test_sampling_state_changes_only_through_recorded_lots(self):
        self._lot(True)
        state = self._state()
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            state.with_user(self.manager).write({"state": "reduced"})
        self.assertEqual(state.state, "normal")

    def test_scorecard_shows_the_inspection_ppm_of_the_month(self):
        self._lot(True)
        self._lot(False)
        check = self.env["quality.inspection.check"].search(
            [("partner_id", "=", self.vendor.id), ("state", "in", ("pass", "fail"))], order="id"
        )
        month = check[0].done_date.date().replace(day=1)
        card = self.env["quality.supplier.scorecard"]._quality_workflow_create(
            [{"partner_id": self.vendor.id, "month": month, "company_id": self.company.id}]
        )
        self.assertEqual(card.inspection_units, 160)
        self.assertEqual(card.inspection_defects, 3)
        self.assertAlmostEqual(card.inspection_ppm, 3 * 1_000_000 / 160)
