from odoo import _, models


class QualityDocumentRevision(models.Model):
    _inherit = "quality.document.revision"

    def _quality_on_effective(self, superseded):
        """CAPA actions waiting for these procedure changes are done, with the rights of the user making the
        revisions effective (a quality user, or the scheduled job)."""
        actions = self.env["quality.capa.action"].search([("revision_id", "in", self.ids), ("state", "=", "open")])
        actions._quality_done_by_evidence(
            lambda action: _(
                "Action %(action)s done: %(rev)s is effective.",
                action=action.name,
                rev=action.revision_id.display_name,
            )
        )
        return super()._quality_on_effective(superseded)
