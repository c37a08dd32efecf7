from odoo import fields, models


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
