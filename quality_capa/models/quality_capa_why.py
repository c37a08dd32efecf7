from odoo import fields, models


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
