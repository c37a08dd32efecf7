from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    quality_nc_count = fields.Integer("Nonconformances", compute="_compute_quality_nc_count")

    def _compute_quality_nc_count(self):
        commercial = self.commercial_partner_id
        counts = self.env["quality.nonconformance"]._count_by("partner_id", commercial)
        for partner in self:
            partner.quality_nc_count = counts.get(partner.commercial_partner_id.id, 0)

    def action_view_nonconformances(self):
        self.ensure_one()
        return self.env["quality.nonconformance"]._action_for("partner_id", self.commercial_partner_id)
