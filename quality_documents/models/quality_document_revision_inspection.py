from odoo import api, fields, models

from .quality_inspection_characteristic import SIGNED_FIELDS


class QualityDocumentRevision(models.Model):
    """A revision of a control plan carries its inspection characteristics, signed with the rest of its content."""

    _inherit = "quality.document.revision"

    inspection_characteristic_ids = fields.One2many(
        "quality.inspection.characteristic", "revision_id", "Inspection Characteristics", copy=False
    )
    inspection_characteristic_count = fields.Integer(compute="_compute_inspection_characteristic_count")

    @api.depends("inspection_characteristic_ids")
    def _compute_inspection_characteristic_count(self):
        for rev in self:
            rev.inspection_characteristic_count = len(rev.inspection_characteristic_ids)

    def _quality_signature_fields(self):
        # Each characteristic by its stored values: changing one would show on the signature check.
        return [*super()._quality_signature_fields(), ("inspection_characteristic_ids", list(SIGNED_FIELDS))]

    @api.model_create_multi
    def create(self, vals_list):
        revisions = super().create(vals_list)
        # A new revision of a control plan starts from the characteristics of the revision before it.
        to_copy = []
        for rev, vals in zip(revisions, vals_list, strict=True):
            if vals.get("inspection_characteristic_ids") or rev.sequence == 0:
                continue
            previous = rev.document_id.revision_ids.filtered(lambda r, s=rev.sequence: r.sequence == s - 1)
            for data in previous.inspection_characteristic_ids.copy_data({"revision_id": rev.id}):
                to_copy.append(data)
        if to_copy:
            self.env["quality.inspection.characteristic"].create(to_copy)
        return revisions
