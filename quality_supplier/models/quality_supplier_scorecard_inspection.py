from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import fields, models


class QualitySupplierScorecard(models.Model):
    """The vendor's inspection results of the month beside its receipt figures: units inspected, nonconforming
    units found and their PPM, from the recorded receipt checks (one grouped query for all cards)."""

    _inherit = "quality.supplier.scorecard"

    inspection_units = fields.Integer("Units Inspected", compute="_compute_inspection_ppm")
    inspection_defects = fields.Integer("Nonconforming Units Found", compute="_compute_inspection_ppm")
    inspection_ppm = fields.Float("Inspection PPM", compute="_compute_inspection_ppm", digits=(12, 0))

    def _compute_inspection_ppm(self):
        totals = defaultdict(lambda: [0, 0])
        cards = self.filtered("month")
        if cards:
            start = min(cards.mapped("month"))
            end = max(cards.mapped("month")) + relativedelta(months=1)
            groups = (
                self.env["quality.inspection.check"]
                .sudo()
                ._read_group(
                    [
                        ("partner_id", "in", cards.partner_id.ids),
                        ("picking_id", "!=", False),
                        ("state", "in", ("pass", "fail")),
                        ("done_date", ">=", fields.Datetime.to_datetime(start)),
                        ("done_date", "<", fields.Datetime.to_datetime(end)),
                    ],
                    ["partner_id", "company_id", "done_date:month"],
                    ["sample_size:sum", "defect_count:sum"],
                )
            )
            for partner, company, month, units, defects in groups:
                totals[(partner.id, company.id, month.date() if hasattr(month, "date") else month)] = [units, defects]
        for card in self:
            units, defects = totals.get((card.partner_id.id, card.company_id.id, card.month), [0, 0])
            card.inspection_units = units
            card.inspection_defects = defects
            card.inspection_ppm = defects * 1_000_000 / units if units else 0.0
