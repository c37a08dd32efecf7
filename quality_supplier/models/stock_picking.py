from odoo import _, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def button_validate(self):
        self._quality_check_disqualified_vendor()
        return super().button_validate()

    def _quality_check_disqualified_vendor(self):
        receipts = self.filtered(
            lambda p: (
                p.picking_type_code == "incoming"
                and p.partner_id
                and p.company_id.quality_supplier_block_disqualified_receipt
            )
        )
        if not receipts:
            return
        Qualification = self.env["quality.supplier.qualification"]
        errors = []
        for company in receipts.company_id:
            mine = receipts.filtered(lambda p, c=company: p.company_id == c)
            candidates = Qualification._get_qualification_candidates(
                mine.partner_id, mine.move_ids.product_id.categ_id, company
            )
            today = quality_today(self)
            for picking in mine:
                partner = picking.partner_id.commercial_partner_id
                for product in picking.move_ids.product_id:
                    qual = Qualification._pick_qualification(candidates.get((partner.id, product.categ_id.id)), today)
                    if qual.state == "disqualified":
                        errors.append(
                            _(
                                "%(picking)s: vendor %(vendor)s is disqualified for %(product)s.",
                                picking=picking.name,
                                vendor=partner.display_name,
                                product=product.display_name,
                            )
                        )
        if errors:
            raise UserError(
                _(
                    "These receipts cannot be validated:\n%(lines)s\nReturn the goods or ask Quality.",
                    lines="\n".join(errors),
                )
            )
