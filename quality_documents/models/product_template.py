from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    quality_document_ids = fields.Many2many(
        "quality.document",
        "product_template_quality_document_rel",
        "product_template_id",
        "quality_document_id",
        string="Controlled Documents",
    )
