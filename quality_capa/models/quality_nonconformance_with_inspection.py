# Kept apart from the file of this model that other work owns (the tree is shared):
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models


class QualityNonconformance(models.Model):
    _inherit = "quality.nonconformance"

    inspection_check_ids = fields.One2many("quality.inspection.check", "nonconformance_id", "Failed Inspection Checks")
    inspection_check_count = fields.Integer("Failed Check Count", compute="_compute_inspection_check_count")

    def _compute_inspection_check_count(self):
        counts = dict(
            self.env["quality.inspection.check"]._read_group(
                [("nonconformance_id", "in", self.ids)], ["nonconformance_id"], ["__count"]
            )
        )
        for nc in self:
            nc.inspection_check_count = counts.get(nc, 0)

    def action_view_inspection_checks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_documents.action_quality_inspection_check")
        action["domain"] = [("nonconformance_id", "=", self.id)]
        action["context"] = {"create": False}
        action["name"] = _("Failed checks of %(nc)s", nc=self.name)
        return action
