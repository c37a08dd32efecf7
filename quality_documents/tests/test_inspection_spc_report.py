import json

from odoo.addons.quality_documents.models import quality_inspection_spc as spc
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import HttpCase, tagged

from .inspection_common import InspectionCommon

REPORT = "quality_documents.report_quality_inspection_spc"
INDIVIDUALS = (1.20, 1.21, 1.19, 1.20, 1.21, 1.19, 1.20, 1.20, 1.21, 1.19, 1.30)


class SpcRecording(InspectionCommon):
    def _measure(self, value, characteristic=None):
        check = self._receipt().quality_check_ids
        if characteristic:
            check = check.filtered(lambda c: c.characteristic_id == characteristic)
        check.with_user(self.stock_user).write({"value_input": value})
        check.with_user(self.stock_user).action_record_measure()
        return check


@verifies("QI-006")
@tagged("post_install", "-at_install")
class TestSpcReport(SpcRecording):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revision = cls._plan([cls._wall_thickness()])
        cls.thickness = cls.revision.inspection_characteristic_ids

    def _html(self, characteristic):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(REPORT, characteristic.ids)
        return html.decode()

    def test_report_shows_the_computed_limits_capability_chart_and_violations(self):
        for value in INDIVIDUALS:
            self._measure(str(value))
        expected = spc.individuals(list(INDIVIDUALS), 1.15, 1.25)
        html = self._html(self.thickness)
        self.assertIn("Control limits (I-MR)", html)
        for key in ("center", "ucl", "lcl", "mr_bar", "mr_ucl"):
            self.assertIn(f"{expected[key]:.6g}", html, key)
        for key in ("cp", "cpk", "pp", "ppk"):
            self.assertIn(f"{expected[key]:.3f}", html, key)
        # the charts are inline SVG (no script for wkhtmltopdf), the flagged point drawn in red
        self.assertEqual(html.count("<svg"), 2)
        self.assertIn('fill="#d62728"', html)
        self.assertIn("Moving range chart (MR)", html)
        # the violations list: point 11 (1.30) beyond 3 sigma
        self.assertEqual(sorted(expected["violations"]), [10])
        self.assertIn("<td>11</td>", html)
        self.assertIn(spc.RULE_LABELS[1], html)
        self.assertIn(self.thickness.check_ids.sorted("id")[-1].name, html)

    def test_report_of_subgroups_is_an_x_bar_r_chart(self):
        revision = self._plan(
            [self._wall_thickness(name="Wall thickness, 3 bosses", sample_size=3)], title="IN Three bosses"
        )
        characteristic = revision.inspection_characteristic_ids
        subgroups = [[1.19, 1.20, 1.21], [1.20, 1.21, 1.22], [1.18, 1.20, 1.20], [1.21, 1.20, 1.19]]
        for group in subgroups:
            self._measure(" ".join(str(v) for v in group), characteristic)
        expected = spc.xbar_r(subgroups, 1.15, 1.25)
        html = self._html(characteristic)
        self.assertIn("Control limits (X-bar R)", html)
        self.assertIn("Range chart (R)", html)
        for key in ("center", "ucl", "lcl", "r_bar", "r_ucl"):
            self.assertIn(f"{expected[key]:.6g}", html, key)
        self.assertIn("None: every point is within the rules.", html)
        payload = json.loads(characteristic.spc_chart_data)
        self.assertEqual(payload["chart"], "X-bar R")
        self.assertEqual(payload["range"]["points"], expected["ranges"])

    def test_report_without_measurements_says_there_are_no_limits_yet(self):
        html = self._html(self.thickness)
        self.assertIn("Fewer than 2 recorded measurements", html)
        self.assertNotIn("<svg", html)
        self.assertFalse(self.thickness.spc_chart_data)

    def test_chart_data_of_the_widget_holds_points_limits_and_flags(self):
        for value in INDIVIDUALS:
            self._measure(str(value))
        self.thickness.invalidate_recordset()
        payload = json.loads(self.thickness.spc_chart_data)
        expected = spc.individuals(list(INDIVIDUALS), 1.15, 1.25)
        self.assertEqual(payload["points"], list(INDIVIDUALS))
        self.assertAlmostEqual(payload["ucl"], expected["ucl"])
        self.assertEqual((payload["lsl"], payload["usl"]), (1.15, 1.25))
        self.assertEqual(payload["violations"], {"10": [1]})
        self.assertIsNone(payload["range"]["points"][0], "the first individual has no moving range")
        self.assertEqual(payload["range"]["out"], [10])
        self.assertAlmostEqual(payload["capability"]["cpk"], expected["cpk"])


@verifies("QI-006")
@tagged("post_install", "-at_install")
class TestSpcChartTour(HttpCase, SpcRecording):
    def test_characteristic_form_draws_the_control_chart(self):
        revision = self._plan([self._wall_thickness()])
        thickness = revision.inspection_characteristic_ids
        for value in INDIVIDUALS:
            self._measure(str(value))
        self.start_tour(
            f"/odoo/action-quality_documents.action_quality_inspection_characteristic/{thickness.id}",
            "quality_documents_spc_chart_tour",
            login="admin",
        )
