from odoo import fields, models

from .quality_capa import ROOT_CAUSE_CATEGORIES


class QualityCapaWhy(models.Model):
    _name = "quality.capa.why"
    _inherit = ["quality.workflow.mixin"]
    _description = "CAPA 5 Whys Step"
    _order = "capa_id, sequence, id"

    capa_id = fields.Many2one("quality.capa", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="capa_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    question = fields.Char("Why?", required=True)
    answer = fields.Char("Because")


class QualityCapaFishbone(models.Model):
    _name = "quality.capa.fishbone"
    _inherit = ["quality.workflow.mixin"]
    _description = "CAPA Fishbone Cause"
    _order = "capa_id, category, id"

    capa_id = fields.Many2one("quality.capa", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="capa_id.company_id", store=True, index=True)
    category = fields.Selection(ROOT_CAUSE_CATEGORIES, required=True)
    cause = fields.Char(required=True)
    is_root_cause = fields.Boolean("Root Cause")


class QualityCapaIsNot(models.Model):
    _name = "quality.capa.isnot"
    _inherit = ["quality.workflow.mixin"]
    _description = "CAPA Is / Is Not"
    _order = "capa_id, sequence, id"

    capa_id = fields.Many2one("quality.capa", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="capa_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    dimension = fields.Selection(
        [("what", "What"), ("where", "Where"), ("when", "When"), ("extent", "How much / how many")], required=True
    )
    is_text = fields.Char("Is")
    is_not_text = fields.Char("Is Not")


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
