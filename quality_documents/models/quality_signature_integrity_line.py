from odoo import fields, models

from .quality_signature import VERIFICATION_STATES


class QualitySignatureIntegrityLine(models.Model):
    _name = "quality.signature.integrity.line"
    _inherit = ["quality.workflow.mixin"]
    _description = "Signature Integrity Check Line"
    # What a check found is written by the check only, never by hand.
    _quality_workflow_fields = frozenset({"check_id", "signature_id", "chain_seq", "state", "detail"})
    _order = "check_id, chain_seq, id"

    check_id = fields.Many2one("quality.signature.integrity.check", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="check_id.company_id", store=True)
    signature_id = fields.Many2one("quality.signature", ondelete="set null", readonly=True)
    chain_seq = fields.Integer("Chain No.", readonly=True)
    signed_at = fields.Datetime(related="signature_id.signed_at")
    printed_name = fields.Char(related="signature_id.printed_name")
    meaning = fields.Selection(related="signature_id.meaning")
    res_name = fields.Char(related="signature_id.res_name", string="Signed Record")
    state = fields.Selection(VERIFICATION_STATES, "Result", readonly=True)
    detail = fields.Char(readonly=True)
