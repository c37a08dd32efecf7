from odoo import api, fields, models, tools
from odoo.tools import SQL

from .quality_training_assignment import ASSIGNMENT_STATES


class QualityTrainingMatrix(models.Model):
    """Employees x requirements: one row per pair, with the status that counts today.

    Only assignments for the current revision, of active employees and requirements, count; per
    pair the best one wins (valid done, then open, then expired): the assignment flagged
    ``is_matrix_row`` (the one rule, _refresh_matrix_rows), kept up to date when assignments,
    revisions, employees or requirements change, so reading the matrix needs no sort or join. ``compliance``
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
            "department_id",
            "job_id",
            "user_id",
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
        # The flag carries the whole rule of which row stands for a pair (current revision, active employee and
        # requirement: _refresh_matrix_rows); the employee's department, job and user are the assignment's own
        # stored copies. So the view reads one table, and a million cells aggregate in one scan.
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT a.id AS id,
                       a.id AS assignment_id,
                       a.employee_id,
                       a.requirement_id,
                       a.department_id,
                       a.job_id,
                       a.user_id,
                       a.state,
                       a.due_date,
                       a.expiry_date,
                       a.company_id,
                       %(valid)s AS is_valid,
                       CASE WHEN %(valid)s THEN 100.0::float8 ELSE 0.0::float8 END AS compliance
                  FROM quality_training_assignment a
                  -- "Valid today" on the company's quality calendar, as everywhere else (quality_date.py).
                  JOIN (SELECT co.id AS company_id, (now() AT TIME ZONE COALESCE(rc.tz, 'UTC'))::date AS day
                          FROM res_company co
                     LEFT JOIN resource_calendar rc ON rc.id = co.resource_calendar_id) today
                    ON today.company_id = a.company_id
                 WHERE a.is_matrix_row
            )
            """,
                table=SQL.identifier(self._table),
                valid=valid,
            )
        )

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        """Groups by employee, requirement, department... ordered as usual, but sorted after the aggregation.

        Ordering by a many2one in SQL joins its model and groups by its name too: on a million cells the
        database then over-estimates the groups and sorts every row instead of hashing them (seconds). The
        groups are therefore read ordered by id, then sorted here by each model's own order (one search per
        many2one), as the database would have. With a limit or an offset, or another order, the ORM's query.
        """
        groupby = tuple(groupby)
        terms = self._matrix_group_order(groupby, order)
        if terms is None or offset or limit:
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        rows = list(super()._read_group(domain, groupby, aggregates, having, order=""))
        for index, descending in reversed(terms):
            records = self.env[self._fields[groupby[index]].comodel_name].browse(
                {row[index].id for row in rows if row[index]}
            )
            rank = {rid: pos for pos, rid in enumerate(records.sudo().with_context(active_test=False).sorted().ids)}
            # Empty groups last in ascending order, first in descending order (the database's NULLS default).
            rows.sort(key=lambda row, i=index: rank.get(row[i].id, len(rank)), reverse=descending)
        return rows

    def _matrix_group_order(self, groupby, order):
        """[(index in groupby, descending)] for an order made of the grouped many2one fields alone (the
        read_group default), or None."""
        groupby = list(groupby)
        if not groupby or not all(self._fields.get(spec) and self._fields[spec].type == "many2one" for spec in groupby):
            return None
        terms = []
        for part in (order or ",".join(groupby)).split(","):
            words = part.split()
            if not words or words[0] not in groupby or len(words) > 2:
                return None
            direction = words[1].upper() if len(words) == 2 else "ASC"
            if direction not in ("ASC", "DESC"):
                return None
            terms.append((groupby.index(words[0]), direction == "DESC"))
        return terms
