from odoo import api, fields, models

FAILURE_REASONS = [
    ("wrong_credentials", "Wrong login or password"),
    ("wrong_totp", "Wrong or missing authentication code"),
    ("locked", "Attempt while signing was locked"),
    ("lockout", "Signing locked after repeated failures"),
]


class QualitySignatureFailure(models.Model):
    """Log of refused signing attempts and of the lockouts they caused (21 CFR 11.300(d)).

    Rows are written in their own transaction, so that the refusal (which rolls
    back the signing transaction) does not also roll back its trace. The user
    is kept as a plain id, not a foreign key: the signing transaction may not
    have committed the user yet. No password, right or wrong, is ever kept here.
    """

    _name = "quality.signature.failure"
    _inherit = ["quality.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Refused Signature Attempt"
    _order = "attempted_at desc, id desc"
    _rec_name = "user_name"

    user_ref = fields.Integer("User ID", required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", compute="_compute_user_id")
    user_name = fields.Char(readonly=True)
    attempted_at = fields.Datetime(required=True, readonly=True)
    res_model = fields.Char(readonly=True)
    res_id = fields.Integer(readonly=True)
    res_name = fields.Char(readonly=True)
    meaning = fields.Char(readonly=True)
    company_ref = fields.Integer(readonly=True)
    reason = fields.Selection(FAILURE_REASONS, readonly=True, default="wrong_credentials")
    is_lockout = fields.Boolean("Lockout", readonly=True, index=True)
    locked_until = fields.Datetime("Locked Until (UTC)", readonly=True)

    @api.depends("user_ref")
    def _compute_user_id(self):
        for row in self:
            row.user_id = self.env["res.users"].browse(row.user_ref).exists()

    def _quality_notify_lockout(self, failures, lock_period):
        """Give each active quality manager of the company an activity about this lockout (once)."""
        self.ensure_one()
        activity_type = self.env.ref("quality_documents.mail_activity_signature_lockout", raise_if_not_found=False)
        managers = (
            self.env.ref("quality_documents.group_quality_manager")
            .sudo()
            .users.filtered(
                lambda u: u.active and not u.share and (not self.company_ref or self.company_ref in u.company_ids.ids)
            )
        )
        if not activity_type or not managers:
            return self.env["mail.activity"]
        summary = self.env._(
            "Signing locked for %(user)s: %(count)s refused attempts",
            user=self.user_name,
            count=failures,
        )
        note = self.env._(
            "%(user)s could not sign %(count)s times within the window; signing is locked for them for "
            "%(minutes)s minutes (until %(until)s UTC). Check whether someone else tried to sign in their name.",
            user=self.user_name,
            count=failures,
            minutes=int(lock_period.total_seconds() // 60),
            until=fields.Datetime.to_string(self.locked_until),
        )
        # System consequence of a failed signing: the user who failed may not alert the managers themselves.
        return self.env["quality.activity"]._quality_schedule_once(
            self.sudo(),
            activity_type,
            lambda failure: [
                {"user_id": manager.id, "summary": summary, "note": note, "automated": True} for manager in managers
            ],
            per_user=True,
        )
