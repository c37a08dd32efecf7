from odoo import _, models
from odoo.addons.quality_documents.models.quality_date import quality_today


class QualityDocumentRevision(models.Model):
    _inherit = "quality.document.revision"

    def _quality_on_effective(self, superseded):
        """CAPA actions waiting for these procedure changes are done."""
        actions = (
            self.env["quality.capa.action"].sudo().search([("revision_id", "in", self.ids), ("state", "=", "open")])
        )
        actions.write({"state": "done", "done_date": quality_today(self)})
        for action in actions:
            action.capa_id._message_log(
                body=_(
                    "Action %(action)s done: %(rev)s is effective.",
                    action=action.name,
                    rev=action.revision_id.display_name,
                )
            )
        return super()._quality_on_effective(superseded)
