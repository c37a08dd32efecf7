from odoo import api, models

from .quality_audit_trail import AUDIT_TRAIL_REPORT, _audit_trail_models


class IrActionsActions(models.Model):
    _inherit = "ir.actions.actions"

    @api.model
    def _get_bindings(self, model_name):
        bindings = super()._get_bindings(model_name)
        if model_name not in _audit_trail_models(self.env):
            return bindings
        report = self.env.ref(AUDIT_TRAIL_REPORT, raise_if_not_found=False)
        if not report:
            return bindings
        reports = list(bindings.get("report", ()))
        if any(action.get("id") == report.id for action in reports):
            return bindings
        reports.append({"id": report.id, "name": report.name, "binding_view_types": "form"})
        result = dict(bindings)
        result["report"] = tuple(reports)
        return result
