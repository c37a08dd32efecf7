import json

from odoo import _, fields, models

from . import quality_inspection_spc as spc


class QualityInspectionCharacteristic(models.Model):
    """SPC of a measured characteristic: control limits, Western Electric rules and capability, from its checks."""

    _inherit = "quality.inspection.characteristic"

    spc_chart = fields.Char("Chart", compute="_compute_spc")
    spc_count = fields.Integer("Points", compute="_compute_spc")
    spc_center = fields.Float("Centre Line", compute="_compute_spc", digits=(16, 6))
    spc_ucl = fields.Float("UCL", compute="_compute_spc", digits=(16, 6))
    spc_lcl = fields.Float("LCL", compute="_compute_spc", digits=(16, 6))
    spc_range = fields.Float("Mean Range (MR̄ / R̄)", compute="_compute_spc", digits=(16, 6))
    spc_sigma_within = fields.Float("Sigma (within)", compute="_compute_spc", digits=(16, 6))
    spc_sigma_overall = fields.Float("Sigma (overall)", compute="_compute_spc", digits=(16, 6))
    spc_cp = fields.Float("Cp", compute="_compute_spc", digits=(16, 3))
    spc_cpk = fields.Float("Cpk", compute="_compute_spc", digits=(16, 3))
    spc_pp = fields.Float("Pp", compute="_compute_spc", digits=(16, 3))
    spc_ppk = fields.Float("Ppk", compute="_compute_spc", digits=(16, 3))
    spc_violations = fields.Text("Rule Violations", compute="_compute_spc")
    spc_chart_data = fields.Text("Control Chart", compute="_compute_spc", help="The charts' data (JSON).")

    def _spc_data(self):
        """The SPC figures of this measured characteristic (None below 2 points), from its recorded checks."""
        self.ensure_one()
        if self.kind != "measure":
            return None
        checks = (
            self.env["quality.inspection.check"]
            .sudo()
            .search_fetch(
                [("characteristic_id", "=", self.id), ("state", "in", ("pass", "fail"))],
                ["measured_values", "measured_value", "sample_size"],
                order="done_date, id",
            )
        )
        subgroups = []
        for check in checks:
            values = [float(v) for v in (check.measured_values or "").split()] or [check.measured_value]
            subgroups.append(values)
        if subgroups and all(len(g) > 1 for g in subgroups) and len({len(g) for g in subgroups}) == 1:
            data = spc.xbar_r(subgroups, self.lsl, self.usl)
            if data:
                data["checks"] = checks
                return data
        data = spc.individuals([sum(g) / len(g) for g in subgroups], self.lsl, self.usl)
        if data:
            data["checks"] = checks
        return data

    def _compute_spc(self):
        for characteristic in self:
            data = characteristic._spc_data() if characteristic.id else None
            if not data:
                characteristic.update(
                    {
                        "spc_chart": False,
                        "spc_count": 0,
                        "spc_center": 0.0,
                        "spc_ucl": 0.0,
                        "spc_lcl": 0.0,
                        "spc_range": 0.0,
                        "spc_sigma_within": 0.0,
                        "spc_sigma_overall": 0.0,
                        "spc_cp": 0.0,
                        "spc_cpk": 0.0,
                        "spc_pp": 0.0,
                        "spc_ppk": 0.0,
                        "spc_violations": False,
                        "spc_chart_data": False,
                    }
                )
                continue
            lines = [
                f"#{index + 1}: " + "; ".join(spc.RULE_LABELS[rule] for rule in rules)
                for index, rules in sorted(data["violations"].items())
            ]
            characteristic.update(
                {
                    "spc_chart": data["chart"],
                    "spc_count": data["n"],
                    "spc_center": data["center"],
                    "spc_ucl": data["ucl"],
                    "spc_lcl": data["lcl"],
                    "spc_range": data.get("mr_bar", data.get("r_bar", 0.0)),
                    "spc_sigma_within": data["sigma_within"],
                    "spc_sigma_overall": data["sigma_overall"],
                    "spc_cp": data["cp"],
                    "spc_cpk": data["cpk"],
                    "spc_pp": data["pp"],
                    "spc_ppk": data["ppk"],
                    "spc_violations": "\n".join(lines) or False,
                    "spc_chart_data": json.dumps(characteristic._spc_chart_payload(data)),
                }
            )

    def _spc_chart_payload(self, data):
        """What the chart widget and the PDF draw: the points and their limits, the range chart, the flagged
        points with their rules, the specification and the capability figures."""
        self.ensure_one()
        xbar = data["chart"] == "X-bar R"
        range_chart = {
            "title": _("Range chart (R)") if xbar else _("Moving range chart (MR)"),
            # the first individual has no moving range
            "points": data["ranges"] if xbar else [None, *data["ranges"]],
            "center": data["r_bar"] if xbar else data["mr_bar"],
            "ucl": data["r_ucl"] if xbar else data["mr_ucl"],
            "lcl": data["r_lcl"] if xbar else 0.0,
        }
        # ranges beyond their limits (rule 1 of the range chart)
        range_chart["out"] = [
            index
            for index, value in enumerate(range_chart["points"])
            if value is not None and (value > range_chart["ucl"] or value < range_chart["lcl"])
        ]
        return {
            "chart": data["chart"],
            "title": _("X-bar chart (subgroup means)") if xbar else _("Individuals chart"),
            "n": data["n"],
            "unit": self.uom_id.name or "",
            "points": data["points"],
            "center": data["center"],
            "ucl": data["ucl"],
            "lcl": data["lcl"],
            "lsl": self.lsl,
            "usl": self.usl,
            "nominal": self.nominal,
            "violations": {str(index): rules for index, rules in data["violations"].items()},
            "rule_labels": {str(rule): label for rule, label in spc.RULE_LABELS.items()},
            "range": range_chart,
            "capability": {
                key: data[key] for key in ("cp", "cpk", "pp", "ppk", "mean", "sigma_within", "sigma_overall")
            },
        }

    def _spc_report_values(self):
        """The SPC of this characteristic for its PDF: figures, limits, the rule violations point by point and
        both charts as inline SVG (None below 2 points)."""
        self.ensure_one()
        data = self._spc_data()
        if not data:
            return None
        payload = self._spc_chart_payload(data)
        checks = data["checks"]
        labels = [check.name for check in checks] if payload["n"] == len(checks) else []
        flagged = sorted(data["violations"])
        limits = [
            (_("USL"), self.usl, "#ff7f0e", True),
            (_("UCL"), data["ucl"], "#d62728", True),
            (_("CL"), data["center"], "#2ca02c", False),
            (_("LCL"), data["lcl"], "#d62728", True),
            (_("LSL"), self.lsl, "#ff7f0e", True),
        ]
        spread = payload["range"]
        return {
            "payload": payload,
            "violations": [
                {
                    "point": index + 1,
                    "check": labels[index] if labels else "",
                    "value": data["points"][index],
                    "rules": [spc.RULE_LABELS[rule] for rule in data["violations"][index]],
                }
                for index in flagged
            ],
            "svg_main": spc.svg_chart(data["points"], limits, flagged, payload["title"]),
            "svg_range": spc.svg_chart(
                spread["points"],
                [
                    (_("UCL"), spread["ucl"], "#d62728", True),
                    (_("CL"), spread["center"], "#2ca02c", False),
                    (_("LCL"), spread["lcl"], "#d62728", True),
                ],
                spread["out"],
                spread["title"],
                height=170,
            ),
        }

    def _quality_spc_alert(self):
        """Give the plan's owner an activity when the newest point violates a Western Electric rule (once while
        an alert is open). Scheduled on the check of that point, with the recording user's rights."""
        activity_type = self.env.ref("quality_documents.mail_activity_spc_violation", raise_if_not_found=False)
        if not activity_type:
            return
        for characteristic in self.filtered(lambda c: c.kind == "measure"):
            data = characteristic._spc_data()
            if not data or (data["n"] - 1) not in data["violations"]:
                continue
            open_alert = (
                self.env["mail.activity"]
                .sudo()
                .search_count(
                    [
                        ("res_model", "=", "quality.inspection.check"),
                        ("res_id", "in", data["checks"].ids),
                        ("activity_type_id", "=", activity_type.id),
                    ],
                    limit=1,
                )
            )
            if open_alert:
                continue
            rules = data["violations"][data["n"] - 1]
            check = data["checks"][-1].with_env(self.env)
            check.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=characteristic.document_id.sudo().owner_id.id,
                summary=_("SPC: %(name)s out of control", name=characteristic.name),
                note=_(
                    "%(rules)s on %(chart)s chart of %(name)s (%(plan)s): centre %(center).4g, limits %(lcl).4g – "
                    "%(ucl).4g.",
                    rules=", ".join(spc.RULE_LABELS[r] for r in rules),
                    chart=data["chart"],
                    name=characteristic.name,
                    plan=characteristic.revision_id.display_name,
                    center=data["center"],
                    lcl=data["lcl"],
                    ucl=data["ucl"],
                ),
            )

    def action_view_spc_chart(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_documents.action_quality_inspection_spc")
        action["domain"] = [("characteristic_id", "=", self.id), ("state", "in", ("pass", "fail"))]
        action["name"] = _("SPC: %(name)s", name=self.name)
        return action
