from datetime import timedelta

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import UserError

SCAR_OPEN_EXCLUDED_STATES = ("closed", "cancelled")


class QualityCapa(models.Model):
    """A SCAR is a CAPA with origin "supplier", addressed to the vendor (``partner_id``)."""

    _inherit = "quality.capa"

    scar_issued_date = fields.Datetime("SCAR Issued On", readonly=True, copy=False)
    scar_containment = fields.Text("Vendor Containment", tracking=True, copy=False)
    scar_root_cause = fields.Text("Vendor Root Cause", tracking=True, copy=False)
    scar_corrective_action = fields.Text("Vendor Corrective Action", tracking=True, copy=False)
    scar_response_date = fields.Datetime("Vendor Answered On", readonly=True, copy=False, tracking=True)
    scar_responder_id = fields.Many2one("res.partner", "Answered By", readonly=True, copy=False)
    scar_response_days = fields.Float(
        "SCAR Response Time (days)", compute="_compute_scar_response_days", store=True, digits=(6, 1)
    )
    scar_reminder_sent = fields.Boolean(readonly=True, copy=False)

    @api.depends("scar_issued_date", "create_date", "scar_response_date")
    def _compute_scar_response_days(self):
        for capa in self:
            start = capa.scar_issued_date or capa.create_date
            if capa.scar_response_date and start:
                capa.scar_response_days = round((capa.scar_response_date - start).total_seconds() / 86400.0, 1)
            else:
                capa.scar_response_days = 0.0

    def action_scar_accept_answer(self):
        """Quality accepts the vendor's answer: the SCAR goes through the CAPA's own stage gates to the action
        plan (draft -> investigation -> action plan), with the clicking user's rights. The vendor's root cause
        becomes the root-cause statement (category "material / supplier") when quality has not written one."""
        self._quality_check_transition_group("to_action_plan")
        for capa in self:
            if capa.origin != "supplier" or not capa.scar_response_date:
                raise UserError(_("%(capa)s has no vendor answer to accept.", capa=capa.name))
            if capa.state == "draft":
                capa.action_start_investigation()
            if capa.state != "investigation":
                raise UserError(
                    _("%(capa)s is past its investigation: the vendor's answer is on record.", capa=capa.name)
                )
            values = {}
            if not (capa.root_cause or "").strip():
                values["root_cause"] = capa.scar_root_cause
            if not capa.root_cause_category:
                values["root_cause_category"] = "material"
            if values:
                capa.write(values)
            capa.action_to_action_plan()
        return True

    def _quality_scar_respond(self, partner, containment="", root_cause="", corrective_action="", attachments=None):
        """Record the vendor's answer (portal): fields, chatter message with attachments, stage move."""
        self.ensure_one()
        if self.origin != "supplier":
            raise UserError(_("Only a supplier corrective action request (SCAR) can be answered by a vendor."))
        if self.state in SCAR_OPEN_EXCLUDED_STATES:
            raise UserError(_("This SCAR is %(state)s: it cannot be answered any more.", state=self.state))
        missing = [
            label
            for label, value in (
                (_("containment"), containment),
                (_("root cause"), root_cause),
                (_("corrective action"), corrective_action),
            )
            if not (value or "").strip()
        ]
        if missing:
            raise UserError(_("Please fill in: %(fields)s.", fields=", ".join(missing)))
        # The vendor's answer is the one thing a portal user writes on a SCAR, and only through this method (the
        # portal checked the SCAR is theirs and open): written for them. The stage is quality's to move.
        capa = self.sudo()
        vals = {
            "scar_containment": containment.strip(),
            "scar_root_cause": root_cause.strip(),
            "scar_corrective_action": corrective_action.strip(),
            "scar_responder_id": partner.id,
        }
        if not capa.scar_response_date:
            vals["scar_response_date"] = fields.Datetime.now()
        capa.write(vals)
        body = Markup("<p><b>%s</b></p><p><b>%s</b><br/>%s</p><p><b>%s</b><br/>%s</p><p><b>%s</b><br/>%s</p>") % (
            _("Vendor answer to the SCAR"),
            _("Containment"),
            escape(vals["scar_containment"]),
            _("Root cause"),
            escape(vals["scar_root_cause"]),
            _("Corrective action"),
            escape(vals["scar_corrective_action"]),
        )
        capa.message_post(
            body=body,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=attachments or [],
        )
        if capa.owner_id and not capa.owner_id._is_superuser():
            capa.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=capa.owner_id.id,
                summary=_("Vendor answered %(name)s", name=capa.name),
                note=_("Review the answer and accept it (Accept Vendor Answer) to move the SCAR to its action plan."),
            )
        return True

    @api.model
    def _cron_scar_reminders(self):
        """Daily: remind vendors (and the SCAR owner) of SCARs due soon and waiting for the vendor's answer (not
        answered yet, or asked again); once per request."""
        # Only run by its scheduled action: Odoo's ir.cron row lock keeps two runs apart (no extra lock).
        today = quality_today(self)
        scars = self.search(
            [
                ("origin", "=", "supplier"),
                ("partner_id", "!=", False),
                ("state", "not in", SCAR_OPEN_EXCLUDED_STATES),
                ("scar_answer_requested", "=", True),
                ("scar_reminder_sent", "=", False),
                ("response_due_date", "!=", False),
            ]
        )
        due = scars.filtered(
            lambda s: s.response_due_date <= today + timedelta(days=s.company_id.quality_supplier_scar_reminder_days)
        )
        for scar in due:
            # What the vendor reads: the SCAR's own reference (the CAPA number stays internal), the whole link.
            values = {
                "scar": scar.scar_reference,
                "date": scar.response_due_date,
                "url": scar.get_base_url() + scar.access_url,
            }
            if scar.response_due_date < today:
                body = _(
                    "Reminder: your answer to %(scar)s (containment, root cause, corrective action) was due on "
                    "%(date)s and is overdue. Please answer on our portal: %(url)s",
                    **values,
                )
            else:
                body = _(
                    "Reminder: your answer to %(scar)s (containment, root cause, corrective action) is due on "
                    "%(date)s. Please answer on our portal: %(url)s",
                    **values,
                )
            scar.message_post(
                body=body,
                partner_ids=scar.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

        def prepare(scar):
            owner = scar.owner_id
            if owner and not owner._is_superuser():
                return {
                    "user_id": owner.id,
                    "date_deadline": scar.response_due_date,
                    "summary": _("SCAR answer due"),
                    "note": (
                        _("%(vendor)s has not yet answered the new request.", vendor=scar.partner_id.display_name)
                        if scar.scar_response_date
                        else _("%(vendor)s has not answered yet.", vendor=scar.partner_id.display_name)
                    ),
                }
            return None

        self.env["quality.activity"]._quality_schedule_once(
            due, self.env.ref("quality_supplier.mail_activity_scar_answer_due"), prepare
        )
        due.write({"scar_reminder_sent": True})
        return True
