from odoo import fields, models


class QualityAuditChecklistTemplateQuestion(models.Model):
    _name = "quality.audit.checklist.template.question"
    _inherit = ["quality.workflow.mixin"]
    _description = "Audit Checklist Question"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one("quality.audit.checklist.template", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Question", required=True)
    clause = fields.Char(help="Clause of the standard, e.g. 8.5.1")
    guidance = fields.Text(help="What the auditor looks for: records, interviews, observations.")
    company_id = fields.Many2one(related="template_id.company_id", store=True)
