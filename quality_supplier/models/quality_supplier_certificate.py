from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import ValidationError

QUALITY_USER = "quality_documents.group_quality_user"
STATE_TRANSITIONS = {"valid": "mark_valid", "expiring": "mark_expiring", "expired": "mark_expired"}


class QualitySupplierCertificate(models.Model):
    _name = "quality.supplier.certificate"
    _description = "Supplier Certificate"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.workflow.mixin", "quality.import.mixin"]
    _order = "valid_until, id"
    # Kept by the certificate's dates and the daily expiry job, never written by hand.
    _quality_workflow_fields = frozenset({"state", "expiry_notified", "expiry_processed"})
    _quality_transitions = {
        "mark_valid": {"from": ("expiring", "expired"), "to": "valid", "group": QUALITY_USER, "label": "Valid"},
        "mark_expiring": {"from": ("valid", "expired"), "to": "expiring", "group": QUALITY_USER, "label": "Expiring"},
        "mark_expired": {"from": ("valid", "expiring"), "to": "expired", "group": QUALITY_USER, "label": "Expired"},
    }
    _check_company_auto = True

    name = fields.Char("Number", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Vendor", required=True, tracking=True, index=True, check_company=True
    )
    type_id = fields.Many2one(
        "quality.supplier.certificate.type",
        string="Certificate Type",
        required=True,
        tracking=True,
        ondelete="restrict",
    )
    issuer = fields.Char(tracking=True, help="Certification body or authority.")
    valid_from = fields.Date(tracking=True)
    valid_until = fields.Date(required=True, tracking=True, index=True)
    attachment = fields.Binary(attachment=True)
    attachment_name = fields.Char()
    state = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring"), ("expired", "Expired")],
        default="valid",
        readonly=True,
        tracking=True,
        copy=False,
        help="Updated daily by the certificate expiry job.",
    )
    expiry_notified = fields.Boolean(readonly=True, copy=False)
    expiry_processed = fields.Boolean(
        readonly=True, copy=False, help="The expiry job already handled this expired certificate."
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True)

    @api.constrains("valid_from", "valid_until")
    def _check_dates(self):
        for cert in self:
            if cert.valid_from and cert.valid_until < cert.valid_from:
                raise ValidationError(
                    _(
                        "Certificate %(name)s: 'Valid until' is before 'Valid from' (%(until)s before %(from)s). "
                        "Fix the dates.",
                        name=cert.name,
                        until=cert.valid_until,
                        **{"from": cert.valid_from},
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if "valid_until" in vals and not self._quality_in_workflow():
            # A renewed certificate is watched again.
            self._quality_workflow_write({"expiry_notified": False, "expiry_processed": False})
            self._recompute_state()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        certs = super().create(vals_list)
        certs._recompute_state()
        return certs

    def _recompute_state(self):
        today = quality_today(self)
        for cert in self:
            notice = timedelta(days=cert.company_id.quality_supplier_cert_notice_days)
            if cert.valid_until < today:
                state = "expired"
            elif cert.valid_until <= today + notice:
                state = "expiring"
            else:
                state = "valid"
            if cert.state != state:
                cert._quality_transition(STATE_TRANSITIONS[state])

    def _buyer_and_quality_users(self):
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        users = (
            partner.buyer_id
            | self.env["quality.supplier.qualification"]
            .search([("partner_id", "=", partner.id), ("company_id", "=", self.company_id.id)])
            .responsible_id
        )
        users = users.filtered(lambda u: u.active and not u.share and not u._is_superuser())
        return users or self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user

    @api.model
    def _cron_check_expiry(self):
        """Daily: warn before expiry, then put dependent qualifications on probation.

        Idempotent: a certificate is warned once (``expiry_notified``) and
        downgrades once (``expiry_processed``).
        """
        # Only run by its scheduled action: Odoo's ir.cron row lock keeps two runs apart (no extra lock).
        today = quality_today(self)
        certs = self.search([("expiry_processed", "=", False), ("valid_until", "!=", False)])
        expiring = certs.filtered(
            lambda c: (
                not c.expiry_notified
                and today <= c.valid_until <= today + timedelta(days=c.company_id.quality_supplier_cert_notice_days)
            )
        )
        self.env["quality.activity"]._quality_schedule_once(
            expiring,
            self.env.ref("quality_supplier.mail_activity_certificate_expiry"),
            lambda cert: [
                {
                    "user_id": user.id,
                    "date_deadline": cert.valid_until,
                    "summary": _("Certificate expires soon"),
                    "note": _(
                        "%(type)s certificate %(number)s of %(vendor)s expires on %(date)s: ask the vendor for the "
                        "renewed certificate.",
                        type=cert.type_id.name,
                        number=cert.name,
                        vendor=cert.partner_id.display_name,
                        date=cert.valid_until,
                    ),
                }
                for user in cert._buyer_and_quality_users()
            ],
            per_user=True,
        )
        expiring._quality_workflow_write({"expiry_notified": True})
        expiring.filtered(lambda c: c.state != "expiring")._quality_transition("mark_expiring")

        expired = certs.filtered(lambda c: c.valid_until < today)
        if expired:
            expired._quality_workflow_write({"expiry_processed": True})
            expired.filtered(lambda c: c.state != "expired")._quality_transition("mark_expired")
            expired._downgrade_qualifications()
        return True

    def _downgrade_qualifications(self):
        """Qualifications that need an expired certificate (and have no other valid one of that type) fall to probation."""
        today = quality_today(self)
        partners = self.partner_id.commercial_partner_id
        quals = self.env["quality.supplier.qualification"].search(
            [("partner_id", "in", partners.ids), ("state", "in", ("approved", "conditional", "pending"))]
        )
        valid_certs = self.search([("partner_id", "in", partners.ids), ("valid_until", ">=", today)])
        for qual in quals:
            held = valid_certs.filtered(
                lambda c, q=qual: c.partner_id.commercial_partner_id == q.partner_id and c.company_id == q.company_id
            ).type_id
            missing = self.filtered(
                lambda c, q=qual, h=held: (
                    c.partner_id.commercial_partner_id == q.partner_id
                    and c.company_id == q.company_id
                    and c.type_id in q.required_certificate_type_ids
                    and c.type_id not in h
                )
            )
            if missing:
                reason = _(
                    "certificate %(certs)s expired on %(date)s and is required for this scope.",
                    certs=", ".join(c.type_id.name + " " + c.name for c in missing),
                    date=", ".join(str(d) for d in sorted(set(missing.mapped("valid_until")))),
                )
                qual._set_probation(reason)
