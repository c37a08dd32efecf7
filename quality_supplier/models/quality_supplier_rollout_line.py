from odoo import fields, models


class QualitySupplierRolloutLine(models.TransientModel):
    _name = "quality.supplier.rollout.line"
    _inherit = ["quality.workflow.mixin"]
    _description = "Supplier Gate Rollout Report Line"
    _order = "partner_id, order_name, id"

    report_id = fields.Many2one("quality.supplier.rollout.report", required=True, ondelete="cascade", index=True)
    order_id = fields.Many2one("purchase.order", string="Order Record", readonly=True)
    order_name = fields.Char("Order", readonly=True)
    order_state = fields.Selection(
        [("draft", "RFQ"), ("sent", "RFQ Sent"), ("to approve", "To Approve")], string="Status", readonly=True
    )
    buyer_id = fields.Many2one("res.users", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    order_line_id = fields.Many2one("purchase.order.line", string="Order Line Record", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    product_qty = fields.Float("Quantity", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    price_subtotal = fields.Monetary("Subtotal", currency_field="currency_id", readonly=True)
    reason = fields.Char("Why", readonly=True)
