from odoo import api, models


class QualityCapa(models.Model):
    _inherit = "quality.capa"

    @api.model_create_multi
    def create(self, vals_list):
        capas = super().create(vals_list)
        capas._fill_origin_ref()
        return capas

    def write(self, vals):
        result = super().write(vals)
        if "nonconformance_ids" in vals or "origin" in vals:
            self._fill_origin_ref()
        return result

    def _fill_origin_ref(self):
        """A CAPA opened from nonconformances names the first of them as its origin record."""
        for capa in self.filtered(lambda c: c.origin == "nonconformance" and not c.origin_ref and c.nonconformance_ids):
            nc = capa.nonconformance_ids.sorted("id")[:1]
            capa.write({"origin_ref": f"{nc._name},{nc.id}"})
