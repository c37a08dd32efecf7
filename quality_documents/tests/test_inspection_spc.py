import random
import time

from odoo.addons.quality_documents.models import quality_inspection_spc as spc
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import TransactionCase, tagged

from .inspection_common import InspectionCommon


@verifies("QI-006")
@tagged("post_install", "-at_install")
class TestSpcFigures(TransactionCase):
    def test_individuals_limits_and_capability_on_a_known_dataset(self):
        data = spc.individuals([1.0, 2.0, 3.0, 4.0, 5.0], lsl=0.0, usl=6.0)
        self.assertEqual(data["chart"], "I-MR")
        self.assertAlmostEqual(data["center"], 3.0)
        self.assertAlmostEqual(data["mr_bar"], 1.0)
        self.assertAlmostEqual(data["ucl"], 5.66)
        self.assertAlmostEqual(data["lcl"], 0.34)
        self.assertAlmostEqual(data["mr_ucl"], 3.267)
        self.assertAlmostEqual(data["sigma_within"], 1 / 1.128)
        self.assertAlmostEqual(data["cp"], 6 / (6 / 1.128), places=6)
        self.assertAlmostEqual(data["cpk"], 3 / (3 / 1.128), places=6)
        self.assertAlmostEqual(data["sigma_overall"], 1.5811388, places=6)
        self.assertAlmostEqual(data["pp"], 6 / (6 * 1.5811388), places=5)
        self.assertAlmostEqual(data["ppk"], 3 / (3 * 1.5811388), places=5)

    def test_xbar_r_limits_on_a_known_dataset(self):
        data = spc.xbar_r([[1.0, 2.0, 3.0], [2.0, 3.0, 4.0], [3.0, 4.0, 5.0]], lsl=0.0, usl=6.0)
        self.assertEqual(data["chart"], "X-bar R")
        self.assertAlmostEqual(data["center"], 3.0)
        self.assertAlmostEqual(data["r_bar"], 2.0)
        self.assertAlmostEqual(data["ucl"], 3.0 + 1.023 * 2)
        self.assertAlmostEqual(data["lcl"], 3.0 - 1.023 * 2)
        self.assertAlmostEqual(data["r_ucl"], 2.574 * 2)
        self.assertAlmostEqual(data["sigma_within"], 2 / 1.693)
        self.assertAlmostEqual(data["cp"], 6 / (6 * 2 / 1.693))

    def test_western_electric_rules(self):
        cases = {
            1: [0.0, 0.5, -0.5, 3.5],
            2: [0.0, 2.5, 0.0, 2.5],
            3: [0.0, 1.5, 1.5, 0.5, 1.5, 1.5],
            4: [-0.5, 0.2, 0.3, 0.1, 0.4, 0.2, 0.3, 0.1, 0.5],
        }
        for rule, points in cases.items():
            with self.subTest(rule=rule):
                flags = spc.western_electric(points, center=0.0, sigma=1.0)
                self.assertIn(rule, flags.get(len(points) - 1, []))
        self.assertEqual(spc.western_electric([0.1, -0.2, 0.3, -0.1, 0.2, -0.3], 0.0, 1.0), {})

    def test_ten_thousand_measurements_in_under_a_second(self):
        rng = random.Random(17)
        values = [rng.gauss(1.20, 0.01) for _i in range(10000)]
        start = time.perf_counter()
        data = spc.individuals(values, 1.15, 1.25)
        self.assertLess(time.perf_counter() - start, 1.0)
        self.assertEqual(data["n"], 10000)
        self.assertGreater(data["cpk"], 1.0)


@verifies("QI-006")
@tagged("post_install", "-at_install")
class TestSpcOnCharacteristic(InspectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revision = cls._plan([cls._wall_thickness()])
        cls.thickness = cls.revision.inspection_characteristic_ids

    def _measure(self, value):
        check = self._receipt().quality_check_ids
        check.with_user(self.stock_user).write({"value_input": str(value)})
        check.with_user(self.stock_user).action_record_measure()
        return check

    def _alerts(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "quality.inspection.check"),
                ("res_id", "in", self.thickness.check_ids.ids),
                ("activity_type_id", "=", self.env.ref("quality_documents.mail_activity_spc_violation").id),
            ]
        )

    def test_form_shows_limits_and_capability_of_the_recorded_measurements(self):
        for value in (1.19, 1.20, 1.21, 1.20, 1.19, 1.21):
            self._measure(value)
        self.thickness.invalidate_recordset()
        self.assertEqual(self.thickness.spc_chart, "I-MR")
        self.assertEqual(self.thickness.spc_count, 6)
        expected = spc.individuals([1.19, 1.20, 1.21, 1.20, 1.19, 1.21], 1.15, 1.25)
        self.assertAlmostEqual(self.thickness.spc_ucl, expected["ucl"], places=6)
        self.assertAlmostEqual(self.thickness.spc_cpk, expected["cpk"], places=3)
        self.assertFalse(self.thickness.spc_violations)
        self.assertFalse(self._alerts())

    def test_rule_violation_gives_the_plan_owner_one_activity(self):
        for value in (1.20, 1.21, 1.19, 1.20, 1.21, 1.19, 1.20, 1.20, 1.21, 1.19):
            self._measure(value)
        self.assertFalse(self._alerts())
        check = self._measure(1.30)
        alerts = self._alerts()
        self.assertEqual(len(alerts), 1)
        self.assertEqual(alerts.res_id, check.id)
        self.assertEqual(alerts.user_id, self.revision.document_id.owner_id)
        self.assertIn("Rule 1", alerts.note)
        self.thickness.invalidate_recordset()
        self.assertIn("#11", self.thickness.spc_violations)
        self._measure(1.31)
        self.assertEqual(len(self._alerts()), 1, "no second activity while one is open")
