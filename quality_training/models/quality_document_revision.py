from odoo import models


class QualityDocumentRevision(models.Model):
    _inherit = "quality.document.revision"

    def _quality_on_effective(self, superseded):
        """Fan out: assignments for the new revisions, open ones of the superseded revisions cancelled."""
        res = super()._quality_on_effective(superseded)
        documents = (self | superseded).document_id
        requirements = self.env["quality.training.requirement"].sudo().search([("document_id", "in", documents.ids)])
        # Found in superuser mode, fanned out with the rights of the user who made the revision effective.
        requirements.with_env(self.env)._sync_assignments()
        # The superseded revision's assignments no longer stand in the matrix: the new ones do.
        self.env["quality.training.assignment"]._refresh_matrix_rows(requirement_ids=requirements.ids)
        return res
