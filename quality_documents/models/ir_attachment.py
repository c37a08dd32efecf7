from odoo import _, models

from .quality_audit_trail import _audit_trail_models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def unlink(self):
        """An attachment removed from a signable quality record leaves a line in its audit trail."""
        audited = _audit_trail_models(self.env)
        for attachment in self.sudo().filtered(lambda a: a.res_model in audited and a.res_id and not a.res_field):
            record = self.env[attachment.res_model].sudo().browse(attachment.res_id).exists()
            if record:
                record._message_log(
                    body=_(
                        "Attachment removed: %(name)s (SHA-1 %(checksum)s), by %(user)s.",
                        name=attachment.name,
                        checksum=attachment.checksum or "",
                        user=self.env.user.name,
                    )
                )
        return super().unlink()
