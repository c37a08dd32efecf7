from odoo import _, fields, models
from odoo.exceptions import UserError


class QualitySupplierOverride(models.Model):
    """Log of signed one-time overrides of the supplier gate on purchase orders."""

    _name = "quality.supplier.override"
    _inherit = ["quality.workflow.mixin"]
    _description = "Supplier Gate Override"
    _order = "signed_at desc, id desc"
    _check_company_auto = True

    name = fields.Char(related="order_id.name", string="Reference")
    order_id = fields.Many2one("purchase.order", required=True, readonly=True, ondelete="restrict", index=True)
    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    signature_id = fields.Many2one("quality.signature", readonly=True, ondelete="restrict")
    signer_id = fields.Many2one("res.users", readonly=True)
    signed_at = fields.Datetime(readonly=True)
    reason = fields.Text(readonly=True)
    blocked_lines = fields.Text(readonly=True, help="What the gate refused when the override was signed.")
    used = fields.Boolean(readonly=True, help="The override was consumed by the confirmation of the order.")
    used_at = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("Signed overrides are permanent records: they cannot be deleted."))
