from odoo import fields, models


class QualityInspectionLotCounter(models.Model):
    """Lots seen per characteristic and product, for plans that inspect every Nth lot."""

    _name = "quality.inspection.lot.counter"
    _inherit = ["quality.workflow.mixin"]
    _description = "Inspection Lot Counter"
    _log_access = False

    characteristic_id = fields.Many2one(
        "quality.inspection.characteristic", required=True, ondelete="cascade", index=True
    )
    product_id = fields.Many2one("product.product", required=True, ondelete="cascade")
    lot_count = fields.Integer(default=0)

    _sql_constraints = [
        ("characteristic_product_uniq", "unique(characteristic_id, product_id)", "One counter per product."),
    ]
