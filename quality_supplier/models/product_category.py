from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    quality_controlled = fields.Boolean(
        help="Purchases of products in this category need a qualified supplier "
        "(when the company limits supplier control to quality-controlled categories).",
    )
    quality_certificate_type_ids = fields.Many2many(
        "quality.supplier.certificate.type",
        string="Required Supplier Certificates",
        help="Certificates a supplier must hold to stay qualified for this category.",
    )
