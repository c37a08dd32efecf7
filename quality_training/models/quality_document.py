from odoo import models


class QualityDocument(models.Model):
    _inherit = "quality.document"

    def action_make_obsolete(self):
        """A withdrawn procedure is no longer learnt: cancel the open assignments for it."""
        res = super().action_make_obsolete()
        # Found in superuser mode (archived ones too), cancelled with the quality manager's own rights.
        requirements = self.env["quality.training.requirement"].sudo().search([("document_id", "in", self.ids)])
        requirements.with_env(self.env)._sync_assignments()
        return res
