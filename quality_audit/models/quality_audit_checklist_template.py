from odoo import fields, models

AUDIT_TYPES = [
    ("internal", "Internal Process"),
    ("product", "Product"),
    ("supplier", "Supplier"),
    ("external", "External / Certification"),
]


class QualityAuditChecklistTemplate(models.Model):
    _name = "quality.audit.checklist.template"
    _description = "Audit Checklist Template"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.workflow.mixin"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    standard = fields.Char(tracking=True, help="e.g. ISO 9001:2015, ISO 13485:2016")
    audit_type = fields.Selection(AUDIT_TYPES, tracking=True)
    question_ids = fields.One2many("quality.audit.checklist.template.question", "template_id", "Questions", copy=True)
    question_count = fields.Integer(compute="_compute_question_count")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)

    def _compute_question_count(self):
        for template in self:
            template.question_count = len(template.question_ids)
