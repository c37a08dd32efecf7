from odoo import api, models

from .purchase_order import AUTO_KEY


class StockRule(models.Model):
    _inherit = "stock.rule"

    @api.model
    def _run_buy(self, procurements):
        # Orders made by replenishment / make-to-order are automatic: the gate
        # never raises there, it leaves the RFQ and tells the buyer why.
        return super(StockRule, self.with_context(**{AUTO_KEY: True}))._run_buy(procurements)
