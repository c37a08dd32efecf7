"""The state of each cell of the training matrix, as a colour: done, due, overdue, expiring, expired (a pair
without a row is "not required"). Computed from the assignment's own flags, on the company's quality calendar."""

from odoo import api, fields, models
from odoo.tools import format_date

MATRIX_CELL_STATES = [
    ("done", "Done"),
    ("expiring", "Expiring"),
    ("due", "Due"),
    ("overdue", "Overdue"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]
# Past this many cells the pivot shows its plain figures (the colours are for a screen a person reads).
MATRIX_CELL_LIMIT = 20000


class QualityTrainingMatrix(models.Model):
    _inherit = "quality.training.matrix"

    cell_state = fields.Selection(MATRIX_CELL_STATES, "Matrix State", compute="_compute_cell_state")

    @api.depends(
        "assignment_id.state",
        "assignment_id.due_date",
        "assignment_id.expiry_date",
        "assignment_id.requirement_id.refresher_lead_days",
    )
    def _compute_cell_state(self):
        assignments = self.assignment_id
        assignments.fetch(["state", "due_date", "expiry_date", "requirement_id"])
        for row in self:
            assignment = row.assignment_id
            if assignment.state == "done":
                row.cell_state = "expiring" if assignment.is_expiring else "done"
            elif assignment.state == "assigned":
                row.cell_state = "overdue" if assignment.is_overdue else "due"
            else:
                row.cell_state = assignment.state or False

    def _cell_tooltip(self):
        self.ensure_one()
        env = self.env
        assignment = self.assignment_id
        if self.cell_state in ("done", "expiring"):
            if assignment.expiry_date:
                return env._("Done; valid until %(date)s", date=format_date(env, assignment.expiry_date))
            return env._("Done; no expiry")
        if self.cell_state in ("due", "overdue"):
            if assignment.due_date:
                return env._("Assigned; due %(date)s", date=format_date(env, assignment.due_date))
            return env._("Assigned; no due date")
        if self.cell_state == "expired":
            return env._("Expired on %(date)s", date=format_date(env, assignment.expiry_date))
        return dict(self._fields["cell_state"]._description_selection(env)).get(self.cell_state, "")

    @api.model
    def quality_matrix_cells(self, domain):
        """[[employee id, requirement id, state, label, tooltip, assignment id]] of the rows in ``domain``, read
        with the user's rights (the training matrix view colours its cells with them)."""
        if self.search_count(domain, limit=MATRIX_CELL_LIMIT + 1) > MATRIX_CELL_LIMIT:
            return []
        rows = self.search(domain)
        labels = dict(self._fields["cell_state"]._description_selection(self.env))
        return [
            [
                row.employee_id.id,
                row.requirement_id.id,
                row.cell_state,
                labels.get(row.cell_state, ""),
                row._cell_tooltip(),
                row.assignment_id.id,
            ]
            for row in rows
        ]
