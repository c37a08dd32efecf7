from odoo import fields, models


class QualityDocument(models.Model):
    _inherit = "quality.document"

    doc_type = fields.Selection(
        selection_add=[("inspection_plan", "Inspection Plan")], ondelete={"inspection_plan": "set default"}
    )
