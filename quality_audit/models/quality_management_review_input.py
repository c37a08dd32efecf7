from odoo import fields, models

INPUT_CATEGORIES = [
    ("capa", "CAPA"),
    ("nc_pareto", "Nonconformance Pareto"),
    ("training", "Training Compliance by Department"),
    ("supplier", "Suppliers at Risk"),
    ("scorecard", "Supplier Scorecards"),
    ("audit", "Audit Results"),
    ("document", "Documents Overdue for Review"),
]


class QualityManagementReviewInput(models.Model):
    _name = "quality.management.review.input"
    _inherit = ["quality.workflow.mixin"]
    _description = "Management Review Input"
    _order = "review_id, sequence, id"
    # A snapshot of the QMS's figures, written only by the review's "Gather Inputs".
    _quality_workflow_fields = frozenset({"review_id", "sequence", "category", "name", "value", "note"})

    review_id = fields.Many2one("quality.management.review", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(INPUT_CATEGORIES, required=True)
    name = fields.Char(required=True)
    value = fields.Float(digits=(16, 1))
    note = fields.Char()
    company_id = fields.Many2one(related="review_id.company_id", store=True)
