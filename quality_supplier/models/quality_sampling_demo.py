import random

from odoo import api, fields, models


class QualitySamplingState(models.Model):
    _inherit = "quality.sampling.state"

    @api.model
    def _quality_demo_receipts(self, tightened_vendor_id, drifting_vendor_id, product_id):
        """Demo data: receipts of the housing, received and inspected through the real checks."""
        env = self.env
        product = env["product.product"].browse(product_id)
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        supplier = env.ref("stock.stock_location_suppliers")
        rng = random.Random(105)

        def receive(vendor_id, weight, thickness_ok=True):
            picking = env["stock.picking"].create(
                {
                    "picking_type_id": warehouse.in_type_id.id,
                    "partner_id": vendor_id,
                    "location_id": supplier.id,
                    "location_dest_id": warehouse.lot_stock_id.id,
                    "move_ids": [
                        fields.Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": 100,
                                "product_uom": product.uom_id.id,
                                "location_id": supplier.id,
                                "location_dest_id": warehouse.lot_stock_id.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            for check in picking.quality_check_ids:
                if check.characteristic_id.name == "Wall thickness":
                    values = [round(rng.gauss(1.20, 0.008), 3) for _i in range(check.sample_size)]
                    if not thickness_ok:
                        values[0] = 1.27
                    check.value_input = " ".join(f"{v:.3f}" for v in values)
                else:
                    check.value_input = f"{weight:.3f}"
                check.action_record_measure()
            return picking

        # Precision Molding: 2 of 4 lots not accepted (thin walls): tightened inspection, an NC per failed lot.
        def weight(index):
            # In control around 42.0 g (a fixed, well-mixed pattern within ±0.15 g), drifting after lot 48.
            return 42.0 + ((index * 7) % 11 - 5) * 0.03 + max(0, index - 48) * 0.06

        for index, ok in enumerate((True, False, True, False)):
            receive(tightened_vendor_id, weight(index), ok)
        # Moldex: the other 56 of the 60 weighings; the drift makes a Western Electric rule fire.
        for index in range(4, 60):
            receive(drifting_vendor_id, weight(index))
        return True
