from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    quality_controlled = fields.Boolean(
        "Requires a Qualified Supplier",
        help="Purchases of products in this category (and its sub-categories) pass the supplier quality gate: the "
        "vendor needs a valid qualification for it. No category is marked at install: the gate blocks nothing "
        "until quality marks one (see the rollout report in Purchase settings before enforcing).",
    )
    quality_certificate_type_ids = fields.Many2many(
        "quality.supplier.certificate.type",
        string="Required Supplier Certificates",
        help="Certificates a supplier must hold to stay qualified for this category.",
    )
