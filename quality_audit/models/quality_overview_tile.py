from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today

TILE_CODES = [
    ("open_nc", "Open Nonconformances"),
    ("open_capa", "Open CAPAs"),
    ("overdue_capa", "Overdue CAPAs"),
    ("training_compliance", "Training Compliance"),
    ("vendors_at_risk", "Vendors at Risk"),
    ("audits_due", "Audits Due"),
    ("documents_review", "Documents Due for Review"),
]


class QualityOverviewTile(models.Model):
    """A tile of the Quality overview (the app's home): one figure, opening its list."""

    _name = "quality.overview.tile"
    _inherit = ["quality.workflow.mixin"]
    _description = "Quality Overview Tile"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(TILE_CODES, required=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    value = fields.Char(compute="_compute_value")
    value_alert = fields.Boolean(compute="_compute_value")
    hint = fields.Char(compute="_compute_value")

    _sql_constraints = [("code_unique", "unique(code)", "Each overview tile appears once.")]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_value(self):
        # The figures are the user's: what their rights and companies let them read.
        for tile in self:
            data = tile._tile_data()
            if data is None:
                tile.value, tile.value_alert, tile.hint = "–", False, _("Not available")
                continue
            tile.value = data.get("display", str(data["count"]))
            tile.value_alert = data.get("alert", bool(data["count"]))
            tile.hint = data.get("hint", "")

    @api.model
    def _quality_overview_data(self, code):
        """(res_model, domain) of the list a tile counts and opens, or None when the model is absent."""
        today = quality_today(self)
        if code == "open_nc":
            return "quality.nonconformance", [("state", "not in", ("closed", "cancelled"))]
        if code == "open_capa":
            return "quality.capa", [("state", "not in", ("closed", "cancelled"))]
        if code == "overdue_capa":
            return "quality.capa", self.env["quality.management.review"]._quality_capa_overdue_domain()
        if code == "training_compliance":
            return "quality.training.assignment", [("state", "in", ("assigned", "done", "expired"))]
        if code == "vendors_at_risk":
            return "quality.supplier.qualification", [("state", "in", ("conditional", "probation"))]
        if code == "audits_due":
            horizon = today + relativedelta(days=30)
            return "quality.audit", [("state", "in", ("planned", "prepared")), ("planned_date", "<=", horizon)]
        if code == "documents_review":
            return "quality.document", [("next_review_date", "!=", False), ("next_review_date", "<=", today)]
        return None

    def _tile_data(self):
        self.ensure_one()
        spec = self._quality_overview_data(self.code)
        if spec is None:
            return None
        model, domain = spec
        if not self.env[model].has_access("read"):
            return None
        if self.code == "training_compliance":
            # The rate's own figures: the matrix's pairs (employee x requirement) the user may read (an employee:
            # their own; quality and HR users: all) and those valid today.
            by_department = self.env["quality.management.review"]._quality_training_compliance(
                self.env.companies, by_department=True, as_user=True
            )
            valid = sum(v for v, _total in by_department.values())
            total = sum(t for _v, t in by_department.values())
            return {
                "count": total,
                "display": f"{100.0 * valid / total:.0f} %" if total else "–",
                "alert": valid < total,
                "hint": _("%(valid)s of %(total)s required trainings valid", valid=valid, total=total),
            }
        return {"count": self.env[model].search_count(domain)}

    def action_open(self):
        self.ensure_one()
        spec = self._quality_overview_data(self.code)
        if spec is None:
            return False
        model, domain = spec
        if self.code == "training_compliance":
            # What the hint counts: the matrix's pairs, here those not valid today.
            model, domain = "quality.training.matrix", [("is_valid", "=", False)]
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": model,
            "domain": domain,
            "views": [(False, "list"), (False, "form")],
            "target": "current",
        }
