from odoo import fields, models


class QualityCapaCheck(models.Model):
    _name = "quality.capa.check"
    _inherit = ["quality.workflow.mixin"]
    _description = "CAPA Effectiveness Check"
    _order = "id desc"
    # Evidence: created only by the signed verification (quality.capa._record_effectiveness_check).
    _quality_workflow_fields = frozenset({"date", "criterion", "nc_count", "result", "signature_id", "note"})

    capa_id = fields.Many2one("quality.capa", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="capa_id.company_id", store=True, index=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    criterion = fields.Text(readonly=True)
    nc_count = fields.Integer("Matching NCs", readonly=True)
    result = fields.Selection(
        [("effective", "Effective"), ("not_effective", "Not Effective")], required=True, readonly=True
    )
    signature_id = fields.Many2one("quality.signature", readonly=True)
    verifier_name = fields.Char(related="signature_id.printed_name", string="Verified By")
    note = fields.Text(readonly=True)
