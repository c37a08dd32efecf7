from odoo import models


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    def action_report_nonconformance(self):
        self.ensure_one()
        return self.env["quality.nonconformance"]._report_action(
            {
                "source": "production",
                "production_id": self.production_id.id,
                "workorder_id": self.id,
                "workcenter_id": self.workcenter_id.id,
                "product_id": self.product_id.id,
                "lot_id": self.production_id.lot_producing_id.id,
                "product_uom_id": self.product_uom_id.id,
                "company_id": self.company_id.id,
            }
        )
