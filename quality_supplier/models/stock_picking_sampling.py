# Kept apart from the file of this model that other work owns (the tree is shared):
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    quality_sampling_lot_ids = fields.One2many("quality.sampling.lot", "picking_id", "Sampling Applied")
    quality_sampling_note = fields.Text("Sampling", compute="_compute_quality_sampling_note")

    def _compute_quality_sampling_note(self):
        for picking in self:
            picking.quality_sampling_note = (
                "\n".join(
                    f"{lot.product_id.display_name}: {lot.note}" for lot in picking.sudo().quality_sampling_lot_ids
                )
                or False
            )
