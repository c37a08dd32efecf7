from odoo import api, fields, models
from odoo.exceptions import UserError


class QualitySupplierOverride(models.Model):
    """Log of signed one-time overrides of the supplier gate on purchase orders.

    An override covers exactly what was signed (``signed_content``: vendor, currency, company and each line's
    product, unit, quantity and unit price). Any change of the order after signing voids it, with a message
    on the order; the next confirmation is gated again. Written only by the signing service and the gate.
    """

    _name = "quality.supplier.override"
    _inherit = ["quality.workflow.mixin"]
    _description = "Supplier Gate Override"
    _order = "signed_at desc, id desc"
    _check_company_auto = True

    _quality_workflow_fields = frozenset(
        {
            "order_id",
            "partner_id",
            "signature_id",
            "signer_id",
            "signed_at",
            "reason",
            "blocked_lines",
            "signed_content",
            "used",
            "used_at",
            "void",
            "voided_at",
            "void_reason",
            "company_id",
        }
    )

    name = fields.Char(related="order_id.name", string="Reference")
    order_id = fields.Many2one("purchase.order", required=True, readonly=True, ondelete="restrict", index=True)
    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True, ondelete="restrict")
    signature_id = fields.Many2one("quality.signature", readonly=True, ondelete="restrict")
    signer_id = fields.Many2one("res.users", readonly=True, ondelete="restrict")
    signed_at = fields.Datetime(readonly=True)
    reason = fields.Text(readonly=True)
    blocked_lines = fields.Text(readonly=True, help="What the gate refused when the override was signed.")
    signed_content = fields.Text(
        readonly=True,
        help="What the override covers: vendor, currency, company and each line's product, unit, quantity and "
        "unit price, as signed.",
    )
    used = fields.Boolean(readonly=True, help="The override was consumed by the confirmation of the order.")
    used_at = fields.Datetime(readonly=True)
    void = fields.Boolean(readonly=True, help="The order changed after signing: the override covers nothing.")
    voided_at = fields.Datetime(readonly=True)
    void_reason = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="restrict")

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Signed overrides are permanent records: they cannot be deleted."))

    def _quality_void(self, reason=None):
        """Void these overrides (the order changed after signing) and say so on the order."""
        reason = reason or self.env._(
            "the order changed after signing (vendor, products, units, quantities, unit prices, currency or company)"
        )
        for override in self.filtered(lambda o: not o.used and not o.void):
            # The evidence is written by the gate for whoever changed the order (nobody may write it).
            override.sudo()._quality_workflow_write(
                {"void": True, "voided_at": fields.Datetime.now(), "void_reason": reason}
            )
            override.order_id.message_post(
                body=self.env._(
                    "The supplier quality override signed by %(name)s on %(date)s is void: %(reason)s. "
                    "The next confirmation is gated again; a quality manager may sign a new override.",
                    name=override.signer_id.name,
                    date=override.signed_at,
                    reason=reason,
                )
            )
