from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    quality_nc_count = fields.Integer("Nonconformances", compute="_compute_quality_nc_count")

    def _compute_quality_nc_count(self):
        NC = self.env["quality.nonconformance"].sudo()
        groups = NC._read_group([("product_id.product_tmpl_id", "in", self.ids)], ["product_id"], ["__count"])
        counts = {}
        for product, count in groups:
            counts[product.product_tmpl_id.id] = counts.get(product.product_tmpl_id.id, 0) + count
        for template in self:
            template.quality_nc_count = counts.get(template.id, 0)

    def action_view_nonconformances(self):
        self.ensure_one()
        return self.env["quality.nonconformance"]._action_for("product_id", self.product_variant_ids)
