from odoo import fields, models


class HrJob(models.Model):
    _inherit = "hr.job"

    quality_training_requirement_ids = fields.Many2many(
        "quality.training.requirement",
        "quality_training_requirement_job_rel",
        "job_id",
        "requirement_id",
        "Required Training",
    )
