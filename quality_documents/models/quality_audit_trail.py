"""Audit trail of a quality record (21 CFR 11.10(e)): one PDF from the record's print menu.

The report action is a single one; its binding is offered on the print menu of every model that inherits
``quality.signature.mixin`` (see ``ir.actions.actions._get_bindings`` in ir_actions_actions.py), so each addon's
forms get it without declaring a report per model. An attachment removed from such a record leaves a line in its
trail (ir_attachment.py).
"""

import pytz
from lxml import html as lxml_html

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from .quality_date import quality_tz
from .quality_signature import SIGNATURE_MEANINGS, VERIFICATION_STATES
from .quality_workflow_mixin import CHANGE_REASON_CLASS

AUDIT_TRAIL_REPORT = "quality_documents.action_report_audit_trail"


def _audit_trail_models(env):
    Mixin = env.registry.get("quality.signature.mixin")
    if Mixin is None:
        return set()
    return {
        name
        for name, model in env.registry.items()
        if not model._abstract and not model._transient and issubclass(model, Mixin) and "message_ids" in model._fields
    }


class ReportQualityAuditTrail(models.AbstractModel):
    _name = "report.quality_documents.report_audit_trail"
    _description = "Quality Audit Trail Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        model = (data or {}).get("model") or self.env.context.get("active_model")
        if model not in _audit_trail_models(self.env):
            raise UserError(_("The audit trail report is printed from a quality record's form."))
        records = self.env[model].browse(docids)
        records.check_access("read")
        tz_name = quality_tz(records)
        return {
            "doc_ids": docids,
            "doc_model": model,
            "docs": records,
            "trails": {record.id: self._quality_trail(record, tz_name) for record in records},
            "company_tz": tz_name,
        }

    @api.model
    def _quality_times(self, moment, tz_name):
        if not moment:
            return {"utc": "", "local": ""}
        local = pytz.utc.localize(moment).astimezone(pytz.timezone(tz_name))
        return {
            "utc": fields.Datetime.to_string(moment) + " UTC",
            "local": local.strftime("%Y-%m-%d %H:%M:%S %Z"),
        }

    @api.model
    def _quality_trail(self, record, tz_name):
        """Creation, tracked changes, signatures with their verification, attachments: in time order."""
        sudo_record = record.sudo()
        trail = {
            "created": {
                "by": sudo_record.create_uid.name or "",
                **self._quality_times(sudo_record.create_date, tz_name),
            },
            "changes": [],
            "signatures": [],
            "attachments": [],
            "notes": [],
        }
        self._quality_trail_messages(trail, record, tz_name)
        self._quality_trail_signatures(trail, record, tz_name)
        self._quality_trail_attachments(trail, record, tz_name)
        return trail

    @api.model
    def _quality_trail_messages(self, trail, record, tz_name):
        """Tracked changes (with their reason for change) and logged notes of ``record`` into ``trail``."""
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", record._name), ("res_id", "=", record.id)], order="date, id")
        )
        for message in messages:
            reason = self._quality_change_reason(message) if message.tracking_value_ids else ""
            for tracking in message.tracking_value_ids.sorted("id"):
                field = tracking.field_id
                trail["changes"].append(
                    {
                        "field": field.field_description or field.name,
                        "old": self._quality_tracking_text(tracking, "old"),
                        "new": self._quality_tracking_text(tracking, "new"),
                        "reason": reason,
                        "by": message.author_id.name or message.create_uid.name or "",
                        **self._quality_times(message.date, tz_name),
                    }
                )
            if not message.tracking_value_ids and message.message_type == "notification" and message.body:
                trail["notes"].append(
                    {
                        "text": html2plaintext(message.body).strip(),
                        "by": message.author_id.name or "",
                        **self._quality_times(message.date, tz_name),
                    }
                )

    @api.model
    def _quality_trail_signatures(self, trail, record, tz_name):
        """Signatures of ``record`` with their verification into ``trail``."""
        signatures = record._quality_signatures().sorted(lambda s: (s.signed_at, s.id))
        results = signatures._quality_verification_results()
        states = dict(VERIFICATION_STATES)
        meanings = dict(SIGNATURE_MEANINGS)
        for sig in signatures:
            state, problems = results[sig.id]
            trail["signatures"].append(
                {
                    "printed_name": sig.printed_name,
                    "meaning": meanings.get(sig.meaning, sig.meaning),
                    "comment": sig.comment or "",
                    "chain_seq": sig.chain_seq,
                    "state": states.get(state, state),
                    "intact": state == "unchanged",
                    # Signed and sealed, not yet given its place in the chain (linked after commit): not a problem.
                    "pending": state == "pending",
                    "problems": "; ".join(problems),
                    **self._quality_times(sig.signed_at, tz_name),
                }
            )

    @api.model
    def _quality_trail_attachments(self, trail, record, tz_name):
        """Attachments of ``record`` into ``trail``."""
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", record._name), ("res_id", "=", record.id)], order="create_date, id")
        )
        for attachment in attachments:
            trail["attachments"].append(
                {
                    "name": attachment.name,
                    "checksum": attachment.checksum or "",
                    "by": attachment.create_uid.name or "",
                    **self._quality_times(attachment.create_date, tz_name),
                }
            )

    @api.model
    def _quality_change_reason(self, message):
        """The reason for change logged with a tracking message (quality.workflow.mixin), or ""."""
        if not message.body or CHANGE_REASON_CLASS not in message.body:
            return ""
        root = lxml_html.fragment_fromstring(str(message.body), create_parent="div")
        found = root.find_class(CHANGE_REASON_CLASS)
        return " ".join(element.text_content().strip() for element in found)

    @api.model
    def _quality_tracking_text(self, tracking, which):
        ftype = tracking.field_id.ttype
        if ftype in ("integer",):
            return str(tracking[f"{which}_value_integer"])
        if ftype in ("float", "monetary"):
            return str(tracking[f"{which}_value_float"])
        if ftype in ("datetime", "date"):
            value = tracking[f"{which}_value_datetime"]
            if not value:
                return ""
            return fields.Date.to_string(value) if ftype == "date" else fields.Datetime.to_string(value) + " UTC"
        if ftype == "boolean":
            return _("Yes") if tracking[f"{which}_value_integer"] else _("No")
        return tracking[f"{which}_value_char"] or ""
