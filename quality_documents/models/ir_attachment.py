import base64

from odoo import _, api, models
from odoo.exceptions import UserError

from .quality_audit_trail import _audit_trail_models

# What a file field's attachment is: its content and the record field it belongs to.
FILE_FIELD_KEYS = frozenset(
    {"datas", "raw", "db_datas", "store_fname", "url", "type", "res_model", "res_id", "res_field"}
)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # ------------------------------------------------------------------
    # The file fields of quality records (a revision's file, a certificate, an import's spreadsheet) change only
    # through their record: its write checks what is frozen, who prepares what, and logs the change. Odoo writes
    # these attachments as the system (fields.Binary); a user's direct create, write or delete of one would step
    # around the record, so it is refused.
    # ------------------------------------------------------------------
    def _quality_is_file_field_of_record(self, res_model, res_field):
        workflow = self.env.registry.get("quality.workflow.mixin")
        return bool(res_field and res_model in self.env.registry and workflow) and issubclass(
            self.env.registry[res_model], workflow
        )

    def _quality_check_file_fields(self, vals_list=()):
        """Refuse a user's (not the system's) create, write or delete of a quality record's file-field attachment:
        one created as such (``vals_list``), these attachments as they are, or as a write would make them."""
        if self.env.su:
            return
        targets = [(vals.get("res_model"), vals.get("res_field")) for vals in vals_list]
        if self:
            self.flush_model(["res_model", "res_field"])
            self.env.cr.execute("SELECT res_model, res_field FROM ir_attachment WHERE id IN %s", [tuple(self.ids)])
            for res_model, res_field in self.env.cr.fetchall():
                targets.append((res_model, res_field))
                # A write rebinding the attachment: what it would become.
                targets += [(vals.get("res_model", res_model), vals.get("res_field", res_field)) for vals in vals_list]
        for res_model, res_field in targets:
            if self._quality_is_file_field_of_record(res_model, res_field):
                raise UserError(
                    _(
                        "The %(field)s of a %(model)s changes only on the record itself (its form), not as an "
                        "attachment on its own.",
                        field=getattr(self.env[res_model]._fields.get(res_field), "string", res_field),
                        model=self.env[res_model]._description,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._quality_check_file_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if FILE_FIELD_KEYS.intersection(vals) and not self._quality_keeps_content(vals):
            self._quality_check_file_fields([vals])
        return super().write(vals)

    def _quality_keeps_content(self, vals):
        """Whether ``vals`` rewrites these attachments with the very content they hold (Odoo's move of the files
        to another storage, ``force_storage``): no file changes."""
        if not set(vals) <= {"raw", "datas", "mimetype"} or not ({"raw", "datas"} & set(vals)):
            return False
        raw = vals["raw"] if "raw" in vals else base64.b64decode(vals["datas"] or b"")
        if isinstance(raw, str):
            raw = raw.encode()
        checksum = self._compute_checksum(raw or b"")
        return all(attachment.checksum == checksum for attachment in self.sudo())

    @api.ondelete(at_uninstall=False)
    def _unlink_except_quality_file_field(self):
        self._quality_check_file_fields()

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
