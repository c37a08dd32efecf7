"""The Quality home: "my work" first, then the company's figures with their charts.

Every tile is declared once (:meth:`_dashboard_tiles`): the list it counts is the list it opens.
Counts run with the user's own rights and record rules, so a tile never shows what its list hides.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.addons.quality_documents.models.quality_date import quality_today

QUALITY_USER = "quality_documents.group_quality_user"
OPEN_AUDIT_STATES = ("planned", "prepared", "in_progress", "reporting")


class QualityDashboard(models.AbstractModel):
    _name = "quality.dashboard"
    _description = "Quality Home Dashboard"

    # ------------------------------------------------------------------
    # Tiles: what each one counts and opens
    # ------------------------------------------------------------------
    @api.model
    def _dashboard_tiles(self):
        """{key: {label, model, domain, section, icon, context?}} for the current user."""
        return {**self._dashboard_my_tiles(), **self._dashboard_kpi_tiles()}

    @api.model
    def _dashboard_my_tiles(self):
        """The "my work" tiles: what waits for the current user."""
        uid = self.env.uid
        return {
            "my_revisions": {
                "section": "my",
                "label": self.env._("Revisions to approve"),
                "icon": "fa-pencil-square-o",
                "model": "quality.document.revision",
                "domain": [
                    ("state", "=", "in_review"),
                    ("approver_ids", "in", [uid]),
                    ("id", "not in", self._revisions_signed_by_me()),
                ],
            },
            "my_trainings": {
                "section": "my",
                "label": self.env._("My trainings due"),
                "icon": "fa-graduation-cap",
                "model": "quality.training.assignment",
                "domain": [("user_id", "=", uid), ("state", "in", ("assigned", "expired"))],
            },
            "my_capa_actions": {
                "section": "my",
                "label": self.env._("My CAPA actions"),
                "icon": "fa-wrench",
                "model": "quality.capa.action",
                "domain": [("owner_id", "=", uid), ("state", "=", "open")],
            },
            "my_ncs": {
                "section": "my",
                "label": self.env._("My nonconformances"),
                "icon": "fa-exclamation-triangle",
                "model": "quality.nonconformance",
                "domain": [("reporter_id", "=", uid), ("state", "not in", ("closed", "cancelled"))],
            },
            "my_audits": {
                "section": "my",
                "label": self.env._("My audits"),
                "icon": "fa-search",
                "model": "quality.audit",
                "domain": [
                    ("state", "in", OPEN_AUDIT_STATES),
                    "|",
                    ("lead_auditor_id", "=", uid),
                    ("auditor_ids", "in", [uid]),
                ],
            },
        }

    @api.model
    def _dashboard_kpi_tiles(self):
        """The company's figures (last 12 months where a period applies)."""
        year_ago = (quality_today(self) - relativedelta(months=11)).replace(day=1)
        return {
            "kpi_ncs": {
                "section": "kpi",
                "label": self.env._("Nonconformances, last 12 months"),
                "icon": "fa-bar-chart",
                "model": "quality.nonconformance",
                "domain": [("date", ">=", year_ago.isoformat())],
            },
            "kpi_capa_overdue": {
                "section": "kpi",
                "label": self.env._("CAPAs overdue"),
                "icon": "fa-clock-o",
                "model": "quality.capa",
                "domain": self.env["quality.management.review"]._quality_capa_overdue_domain(),
            },
            "kpi_training": {
                "section": "kpi",
                "label": self.env._("Training compliance"),
                "icon": "fa-users",
                "model": "quality.training.assignment",
                "domain": [("state", "in", ("assigned", "expired"))],
            },
            "kpi_ppm": {
                "section": "kpi",
                "label": self.env._("Supplier quality (PPM), last 12 months"),
                "icon": "fa-truck",
                "model": "quality.supplier.scorecard",
                "domain": [("month", ">=", year_ago.isoformat())],
            },
        }

    @api.model
    def _revisions_signed_by_me(self):
        """Revisions in review the current user has already approved (read as the system: the signature log)."""
        signatures = (
            self.env["quality.signature"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "quality.document.revision"),
                    ("signer_id", "=", self.env.uid),
                    ("meaning", "=", "approved"),
                ],
                [],
                ["res_id:array_agg"],
            )
        )
        return [res_id for res_id in (signatures[0][0] or []) if res_id]

    @api.model
    def _dashboard_visible_tiles(self):
        is_quality = self.env.user.has_group(QUALITY_USER)
        tiles = {}
        for key, tile in self._dashboard_tiles().items():
            if tile["section"] == "kpi" and not is_quality:
                continue
            if tile["model"] not in self.env or not self.env[tile["model"]].has_access("read"):
                continue
            tiles[key] = tile
        return tiles

    # ------------------------------------------------------------------
    # Data for the client action
    # ------------------------------------------------------------------
    @api.model
    def get_dashboard_data(self):
        tiles = self._dashboard_visible_tiles()
        result = {"my_work": [], "kpis": [], "charts": {}}
        for key, tile in tiles.items():
            count = self.env[tile["model"]].search_count(tile["domain"])
            entry = {"key": key, "label": tile["label"], "icon": tile["icon"], "count": count}
            result["my_work" if tile["section"] == "my" else "kpis"].append(entry)
        if "kpi_ncs" in tiles:
            result["charts"]["ncs_by_source"] = self._chart_ncs_by_source(tiles["kpi_ncs"]["domain"])
        if "kpi_capa_overdue" in tiles:
            result["charts"]["capa"] = self._chart_capa()
        if "kpi_training" in tiles:
            result["charts"]["training"] = self._chart_training()
        if "kpi_ppm" in tiles:
            result["charts"]["ppm"] = self._chart_ppm(tiles["kpi_ppm"]["domain"])
            self._kpi_display(result, "kpi_ppm", result["charts"]["ppm"].get("overall"), "PPM")
        if "kpi_training" in tiles:
            self._kpi_display(result, "kpi_training", result["charts"]["training"].get("overall"), "%")
        return result

    @api.model
    def _kpi_display(self, result, key, value, unit):
        for entry in result["kpis"]:
            if entry["key"] == key and value is not None:
                entry["figure"] = f"{value:,.0f} {unit}"

    @api.model
    def _months(self):
        today = quality_today(self)
        first = (today - relativedelta(months=11)).replace(day=1)
        return [first + relativedelta(months=i) for i in range(12)]

    @api.model
    def _chart_ncs_by_source(self, domain):
        NC = self.env["quality.nonconformance"]
        months = self._months()
        sources = dict(NC._fields["source"]._description_selection(self.env))
        counts = {}
        for month, source, count in NC._read_group(domain, ["date:month", "source"], ["__count"]):
            counts[(month.date().replace(day=1) if hasattr(month, "date") else month, source)] = count
        labels = [month.strftime("%b %Y") for month in months]
        datasets = []
        for source, label in sources.items():
            data = [counts.get((month, source), 0) for month in months]
            if any(data):
                datasets.append({"label": label, "data": data})
        return {"labels": labels, "datasets": datasets}

    @api.model
    def _chart_capa(self):
        Capa = self.env["quality.capa"]
        states = dict(Capa._fields["state"]._description_selection(self.env))
        open_states = [s for s in states if s not in ("closed", "cancelled")]
        overdue_ids = set(Capa.search(self._dashboard_tiles()["kpi_capa_overdue"]["domain"]).ids)
        by_state = {state: [0, 0] for state in open_states}
        for capa in Capa.search_read([("state", "in", open_states)], ["state"]):
            by_state[capa["state"]][1 if capa["id"] in overdue_ids else 0] += 1
        return {
            "labels": [states[s] for s in open_states],
            "datasets": [
                {"label": self.env._("On time"), "data": [by_state[s][0] for s in open_states]},
                {"label": self.env._("Overdue"), "data": [by_state[s][1] for s in open_states]},
            ],
        }

    @api.model
    def _chart_training(self):
        review = self.env["quality.management.review"]
        by_department = review._quality_training_compliance(self.env.companies, by_department=True)
        rows = sorted(
            (
                (department.display_name or self.env._("No department"), valid, total)
                for department, (valid, total) in by_department.items()
            ),
            key=lambda row: row[0],
        )
        valid_all = sum(row[1] for row in rows)
        total_all = sum(row[2] for row in rows)
        return {
            "labels": [row[0] for row in rows],
            "datasets": [
                {
                    "label": self.env._("Compliance (%)"),
                    "data": [round(100.0 * v / t, 1) if t else 0 for _n, v, t in rows],
                }
            ],
            "overall": 100.0 * valid_all / total_all if total_all else None,
        }

    @api.model
    def _chart_ppm(self, domain):
        Scorecard = self.env["quality.supplier.scorecard"]
        groups = Scorecard._read_group(domain, ["partner_id"], ["qty_received:sum", "qty_rejected:sum"])
        rows = []
        received_all = rejected_all = 0.0
        for partner, received, rejected in groups:
            received_all += received or 0.0
            rejected_all += rejected or 0.0
            if received:
                rows.append((partner.display_name, 1_000_000.0 * (rejected or 0.0) / received))
        rows.sort(key=lambda row: -row[1])
        rows = rows[:10]
        return {
            "labels": [row[0] for row in rows],
            "datasets": [{"label": self.env._("Quality PPM"), "data": [round(row[1]) for row in rows]}],
            "overall": 1_000_000.0 * rejected_all / received_all if received_all else None,
        }

    # ------------------------------------------------------------------
    # Opening a tile
    # ------------------------------------------------------------------
    @api.model
    def action_open_tile(self, key):
        tiles = self._dashboard_visible_tiles()
        if key not in tiles:
            return False
        tile = tiles[key]
        views = [(False, "list"), (False, "form")]
        if key in ("kpi_ncs", "kpi_ppm"):
            views = [(False, "list"), (False, "graph"), (False, "pivot"), (False, "form")]
        return {
            "type": "ir.actions.act_window",
            "name": tile["label"],
            "res_model": tile["model"],
            "domain": tile["domain"],
            "views": views,
            "context": tile.get("context", {}),
            "target": "current",
        }
