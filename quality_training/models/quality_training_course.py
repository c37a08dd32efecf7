from odoo import fields, models


class QualityTrainingCourse(models.Model):
    _name = "quality.training.course"
    _description = "Training Course"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.workflow.mixin"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    description = fields.Html()
    survey_id = fields.Many2one(
        "survey.survey",
        "Certification",
        domain=[("certification", "=", True)],
        tracking=True,
        help="Passing this certification completes the training automatically.",
    )
    trainer_id = fields.Many2one("res.users", tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True, tracking=True)
    requirement_ids = fields.One2many("quality.training.requirement", "course_id", "Requirements")
