from odoo import fields, models


class QualityCapa(models.Model):
    _inherit = "quality.capa"

    quality_audit_finding_ids = fields.One2many("quality.audit.finding", "capa_id", "Audit Findings", readonly=True)
    quality_audit_finding_count = fields.Integer(compute="_compute_quality_audit_finding_count")

    def _compute_quality_audit_finding_count(self):
        for capa in self:
            capa.quality_audit_finding_count = len(capa.quality_audit_finding_ids)

    def action_view_quality_audit_findings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_audit.action_quality_audit_finding")
        action["domain"] = [("capa_id", "=", self.id)]
        action["context"] = {}
        if len(self.quality_audit_finding_ids) == 1:
            action.update(
                {"view_mode": "form", "views": [(False, "form")], "res_id": self.quality_audit_finding_ids.id}
            )
        return action
