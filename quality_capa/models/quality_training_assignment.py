from odoo import _, models


class QualityTrainingAssignment(models.Model):
    _inherit = "quality.training.assignment"

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") in ("done", "cancelled"):
            self._quality_capa_complete_training_actions()
        return res

    def _quality_capa_complete_training_actions(self):
        """CAPA actions waiting for the training on these revisions are done once all its assignments are."""
        revisions = self.revision_id
        if not revisions:
            return
        actions = (
            self.env["quality.capa.action"]
            .sudo()
            .search([("training_revision_id", "in", revisions.ids), ("state", "=", "open")])
        )
        done = actions.filtered(lambda action: action._training_complete())
        done._quality_done_by_evidence(
            lambda action: _(
                "Action %(action)s done: the training on %(rev)s is complete.",
                action=action.name,
                rev=action.training_revision_id.display_name,
            )
        )
