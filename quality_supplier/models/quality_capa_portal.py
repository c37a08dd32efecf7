"""The vendor's side of a SCAR: a portal document (``portal.mixin``) with statuses written for the vendor, and an
answer that is read-only once given until quality asks again."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons.quality_capa.models.quality_capa import CAPA_WORKFLOW_FIELDS
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import AccessError, UserError

from .quality_capa import SCAR_OPEN_EXCLUDED_STATES
from .quality_nonconformance import SCAR_DEFAULT_RESPONSE_DAYS

# What the vendor reads: never the internal stage of the CAPA behind the SCAR.
SCAR_PORTAL_STATUSES = [
    ("awaiting", "Awaiting your answer"),
    ("review", "Under review"),
    ("accepted", "Accepted"),
    ("closed", "Closed"),
    ("withdrawn", "Withdrawn"),
]
SCAR_ACCEPTED_STATES = ("action_plan", "implementation", "effectiveness")
QUALITY_USER = "quality_documents.group_quality_user"


class QualityCapa(models.Model):
    _name = "quality.capa"
    _inherit = ["quality.capa", "portal.mixin"]

    # The vendor may answer: True from issue until they answer, and again when quality asks again.
    _quality_workflow_fields = CAPA_WORKFLOW_FIELDS | {"scar_answer_requested"}

    scar_reference = fields.Char(
        "SCAR Reference",
        compute="_compute_scar_reference",
        help="The reference the vendor sees on the portal (the CAPA number stays internal).",
    )
    scar_answer_requested = fields.Boolean(
        "Answer Requested",
        compute="_compute_scar_answer_requested",
        store=True,
        readonly=True,
        copy=False,
        tracking=True,
        help="The vendor may answer on the portal. Their answer locks it until quality asks again.",
    )
    scar_portal_status = fields.Selection(
        SCAR_PORTAL_STATUSES, "Status for the Vendor", compute="_compute_scar_portal_status"
    )

    @api.depends("origin")
    def _compute_scar_reference(self):
        for capa in self:
            capa.scar_reference = f"SCAR-{capa.id:05d}" if capa.origin == "supplier" and capa.id else False

    @api.depends("origin", "scar_response_date")
    def _compute_scar_answer_requested(self):
        # Initial value only (issue, install on existing SCARs); afterwards the answer and "Ask Again" set it.
        for capa in self:
            capa.scar_answer_requested = capa.origin == "supplier" and not capa.scar_response_date

    @api.depends("origin", "state", "scar_answer_requested")
    def _compute_scar_portal_status(self):
        for capa in self:
            if capa.origin != "supplier":
                capa.scar_portal_status = False
            elif capa.state == "cancelled":
                capa.scar_portal_status = "withdrawn"
            elif capa.state == "closed":
                capa.scar_portal_status = "closed"
            elif capa.scar_answer_requested:
                capa.scar_portal_status = "awaiting"
            elif capa.state in SCAR_ACCEPTED_STATES:
                capa.scar_portal_status = "accepted"
            else:
                capa.scar_portal_status = "review"

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for capa in self.filtered(lambda c: c.origin == "supplier"):
            capa.access_url = f"/my/scars/{capa.id}"
        return result

    def _quality_scar_can_answer(self):
        """The vendor may send an answer now (open SCAR, answer requested)."""
        self.ensure_one()
        return self.origin == "supplier" and self.state not in SCAR_OPEN_EXCLUDED_STATES and self.scar_answer_requested

    def _quality_scar_portal_files(self):
        """The files the vendor's own people attached to this SCAR (their answers), oldest first."""
        self.ensure_one()
        vendor = self.partner_id.commercial_partner_id
        messages = self.message_ids.filtered(lambda m: m.author_id and m.author_id.commercial_partner_id == vendor)
        files = messages.attachment_ids.sorted("id")
        # Download links carry the file's access token, generated as Odoo's portal chatter does (portal's
        # mail.message._portal_message_format): a technical key, not a change of the vendor's answer.
        files.sudo().generate_access_token()
        return files

    def _quality_scar_respond(self, partner, containment="", root_cause="", corrective_action="", attachments=None):
        self.ensure_one()
        if self.origin == "supplier" and self.state not in SCAR_OPEN_EXCLUDED_STATES and not self.scar_answer_requested:
            raise UserError(
                _(
                    "Your answer to %(scar)s is with our quality team: it can be changed only when they ask you again.",
                    scar=self.scar_reference,
                )
            )
        result = super()._quality_scar_respond(
            partner,
            containment=containment,
            root_cause=root_cause,
            corrective_action=corrective_action,
            attachments=attachments,
        )
        # The answer is given: locked for the vendor. Written for them, as the answer itself (see super).
        self.sudo()._quality_workflow_write({"scar_answer_requested": False})
        return result

    def action_scar_ask_again(self):
        """Quality asks the vendor for a new answer: the portal form opens again and the vendor is told."""
        if not (self.env.su or self.env.user.has_group(QUALITY_USER)):
            raise AccessError(_("Only quality users can ask a vendor to answer a SCAR again."))
        for capa in self:
            if capa.origin != "supplier" or capa.state in SCAR_OPEN_EXCLUDED_STATES:
                raise UserError(_("%(capa)s is not an open SCAR: there is nothing to ask again.", capa=capa.name))
            if capa.scar_answer_requested:
                raise UserError(_("%(capa)s is already waiting for the vendor's answer.", capa=capa.name))
        today = quality_today(self)
        for capa in self:
            # A due date today or already past gives the vendor no time: a new request gets the standard response time.
            due = capa.response_due_date
            if not due or due <= today:
                due = today + timedelta(days=SCAR_DEFAULT_RESPONSE_DAYS)
            capa._quality_workflow_write(
                {"scar_answer_requested": True, "scar_reminder_sent": False, "response_due_date": due}
            )
            capa.message_post(
                body=_(
                    "Our quality team asks you to complete your answer to %(scar)s (containment, root cause, "
                    "corrective action) by %(date)s. Please answer on our portal: %(url)s",
                    scar=capa.scar_reference,
                    date=due,
                    url=capa.get_base_url() + capa.access_url,
                ),
                partner_ids=capa.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return True
