from odoo import fields, models

from .quality_capa import ROOT_CAUSE_CATEGORIES


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
