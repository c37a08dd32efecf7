# Kept apart from the file of this model that other work owns (the tree is shared):
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    quality_sampling_allow_reduced = fields.Boolean(
        "Allow Reduced Inspection",
        default=True,
        help="Switch a vendor's product to reduced inspection when its switching score allows it (production "
        "steady and approved by quality).",
    )
    quality_sampling_skip_lot_score = fields.Float(
        "Skip-lot Vendor Score",
        default=0.0,
        help="Vendors whose latest scorecard score is at least this skip lots of sampled receipts (0: never).",
    )
    quality_sampling_skip_lot_frequency = fields.Integer(
        "Skip-lot: Inspect One Lot In", default=4, help="Under skip-lot, one lot in this many is inspected."
    )
