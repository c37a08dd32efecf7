from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .quality_sampling_state import SEVERITIES


class QualitySamplingLot(models.Model):
    """One lot (receipt line of a product) under a sampling plan: the plan and state applied, and its result."""

    _name = "quality.sampling.lot"
    _description = "Sampled Lot"
    _inherit = ["quality.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _quality_workflow_fields = frozenset(
        {
            "state_id",
            "picking_id",
            "product_id",
            "partner_id",
            "company_id",
            "lot_size",
            "aql",
            "inspection_level",
            "severity",
            "letter",
            "sample_size",
            "accept_number",
            "reject_number",
            "skipped",
            "note",
            "result",
            "defect_count",
        }
    )

    state_id = fields.Many2one("quality.sampling.state", required=True, readonly=True, index=True, ondelete="restrict")
    picking_id = fields.Many2one("stock.picking", "Receipt", readonly=True, index=True, ondelete="restrict")
    product_id = fields.Many2one("product.product", readonly=True)
    partner_id = fields.Many2one("res.partner", "Vendor", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, index=True
    )
    lot_size = fields.Integer(readonly=True)
    aql = fields.Char("AQL (%)", readonly=True)
    inspection_level = fields.Char(readonly=True)
    severity = fields.Selection(SEVERITIES, "Inspection", readonly=True)
    letter = fields.Char("Code Letter", readonly=True)
    sample_size = fields.Integer(readonly=True)
    accept_number = fields.Integer("Ac", readonly=True)
    reject_number = fields.Integer("Re", readonly=True)
    skipped = fields.Boolean("Skipped (skip-lot)", readonly=True)
    note = fields.Char("Plan Applied", readonly=True)
    result = fields.Selection(
        [("pending", "Pending"), ("accepted", "Accepted"), ("rejected", "Not Accepted"), ("skipped", "Skipped")],
        default="pending",
        readonly=True,
        required=True,
    )
    defect_count = fields.Integer("Nonconforming Units", readonly=True)

    _sql_constraints = [
        ("picking_product_uniq", "unique(picking_id, product_id)", "One sampled lot per receipt and product."),
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if self:
            raise UserError(_("A sampled lot is part of the vendor's inspection history: it cannot be deleted."))
