from odoo import fields, models, tools
from odoo.tools import SQL

from .quality_training_assignment import ASSIGNMENT_STATES


class QualityTrainingMatrix(models.Model):
    """Employees x requirements: one row per pair, with the status that counts today.

    Only assignments for the current revision count; per pair the best one wins (valid done,
    then open, then expired): the assignment flagged ``is_matrix_row``, kept up to date when
    assignments change, so reading the matrix needs no sort of all assignments. ``compliance``
    is 100 for a valid training, 0 otherwise, so its average is the share of done-and-valid
    over required.
    """

    _name = "quality.training.matrix"
    _inherit = ["quality.workflow.mixin"]
    _description = "Training Matrix"
    _auto = False
    # Read through the view: pending changes of these are written first (flushed) by every search.
    _depends = {
        "quality.training.assignment": [
            "employee_id",
            "requirement_id",
            "revision_id",
            "state",
            "due_date",
            "expiry_date",
            "valid_from",
            "valid_until",
            "is_matrix_row",
            "company_id",
        ],
    }
    _order = "employee_id, requirement_id"

    assignment_id = fields.Many2one("quality.training.assignment", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    requirement_id = fields.Many2one("quality.training.requirement", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    job_id = fields.Many2one("hr.job", readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    state = fields.Selection(ASSIGNMENT_STATES, readonly=True)
    due_date = fields.Date(readonly=True)
    expiry_date = fields.Date(readonly=True)
    is_valid = fields.Boolean("Valid", readonly=True)
    compliance = fields.Float("Compliance (%)", readonly=True, aggregator="avg")
    company_id = fields.Many2one("res.company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        valid = self.env["quality.training.assignment"]._valid_on_sql("a", SQL("today.day"))
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT a.id AS id,
                       a.id AS assignment_id,
                       a.employee_id,
                       a.requirement_id,
                       e.department_id,
                       e.job_id,
                       e.user_id,
                       a.state,
                       a.due_date,
                       a.expiry_date,
                       a.company_id,
                       %(valid)s AS is_valid,
                       CASE WHEN %(valid)s THEN 100.0 ELSE 0.0 END AS compliance
                  FROM quality_training_assignment a
                  JOIN hr_employee e ON e.id = a.employee_id
                  JOIN quality_training_requirement r ON r.id = a.requirement_id
             LEFT JOIN quality_document d ON d.id = r.document_id
                  -- "Valid today" on the company's quality calendar, as everywhere else (quality_date.py).
                  JOIN (SELECT co.id AS company_id, (now() AT TIME ZONE COALESCE(rc.tz, 'UTC'))::date AS day
                          FROM res_company co
                     LEFT JOIN resource_calendar rc ON rc.id = co.resource_calendar_id) today
                    ON today.company_id = a.company_id
                 WHERE a.is_matrix_row
                   AND e.active AND r.active
                   AND (a.revision_id IS NULL OR a.revision_id = d.effective_revision_id)
            )
            """,
                table=SQL.identifier(self._table),
                valid=valid,
            )
        )
