from datetime import datetime, time

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .quality_date import quality_today


class QualitySignatureIntegrityCheck(models.Model):
    """A check of the signature chain of one company (whole chain, or the signatures of a period).

    The daily job checks the whole chain of every company; a quality manager can check a period at any time.
    Each check keeps what it found, one line per signature (all of them for a period check, the problems only
    for the daily check), and prints as the signature integrity report an auditor can keep.

    A signature is linked into the chain right after its signing commits (or by the scheduled job after a
    crash): one not yet linked gets a line "Not yet linked into the chain" and is checked on the seal made at
    signing; it is not counted as a problem.
    """

    _name = "quality.signature.integrity.check"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.workflow.mixin"]
    _description = "Signature Integrity Check"
    _order = "checked_at desc, id desc"

    _quality_workflow_fields = frozenset(
        {"checked_at", "checked_by_id", "signature_count", "problem_count", "line_ids"}
    )

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    kind = fields.Selection(
        [("period", "Period"), ("scheduled", "Daily check of the whole chain")], required=True, default="period"
    )
    date_from = fields.Date("From")
    date_to = fields.Date("To")
    run_date = fields.Date("Daily Check Of", readonly=True, index=True)
    checked_at = fields.Datetime("Checked At (UTC)", readonly=True)
    checked_by_id = fields.Many2one("res.users", "Checker", readonly=True)
    signature_count = fields.Integer("Signatures Checked", readonly=True)
    problem_count = fields.Integer("Problems", readonly=True)
    result = fields.Selection(
        [("pending", "Not run"), ("intact", "Intact"), ("problems", "Problems found")],
        compute="_compute_result",
        store=True,
    )
    fingerprint = fields.Char(readonly=True, copy=False)
    line_ids = fields.One2many("quality.signature.integrity.line", "check_id", readonly=True)

    @api.depends("kind", "date_from", "date_to", "company_id")
    def _compute_name(self):
        for check in self:
            if check.kind == "scheduled" or not (check.date_from or check.date_to):
                period = _("whole chain")
            else:
                period = f"{check.date_from or '…'} – {check.date_to or '…'}"
            check.name = _("Signature integrity, %(company)s, %(period)s", company=check.company_id.name, period=period)

    @api.depends("checked_at", "problem_count")
    def _compute_result(self):
        for check in self:
            if not check.checked_at:
                check.result = "pending"
            else:
                check.result = "problems" if check.problem_count else "intact"

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for check in self:
            if check.date_from and check.date_to and check.date_from > check.date_to:
                raise UserError(_("The period of a signature integrity check ends before it starts: swap the dates."))

    def action_run(self):
        """Check the signatures of the period (or the whole chain) now; replaces the lines of an earlier run."""
        Signature = self.env["quality.signature"]
        for check in self:
            whole = check.kind == "scheduled"
            date_from = datetime.combine(check.date_from, time.min) if check.date_from and not whole else None
            date_to = (
                datetime.combine(check.date_to, time.max).replace(microsecond=0)
                if check.date_to and not whole
                else None
            )
            outcome = Signature._quality_check_chain(check.company_id, date_from, date_to)
            by_signature = {sig.id: (state, text) for sig, state, text in outcome["problems"] if sig}
            # Not yet linked (committed a moment ago, or waiting for the scheduled job): listed, not a problem.
            by_signature.update({sig.id: ("pending", text) for sig, text in outcome["pending"]})
            lines = [
                {"signature_id": False, "chain_seq": False, "state": state, "detail": text}
                for sig, state, text in outcome["problems"]
                if not sig
            ]
            for sig in Signature.sudo().browse(outcome["signature_ids"]):
                if sig.id in by_signature:
                    state, text = by_signature[sig.id]
                elif whole:
                    continue  # the daily check keeps the problems only
                else:
                    state, text = "unchanged", _("Content, signature row and chain intact.")
                lines.append({"signature_id": sig.id, "chain_seq": sig.chain_seq, "state": state, "detail": text})
            problems = sorted(text for _sig, _state, text in outcome["problems"])
            check._quality_workflow_write(
                {
                    "checked_at": fields.Datetime.now(),
                    "checked_by_id": self.env.uid,
                    "signature_count": outcome["checked"],
                    "problem_count": len(outcome["problems"]),
                    "fingerprint": Signature.env["quality.signature.mixin"]._quality_sha256(problems)
                    if problems
                    else False,
                    "line_ids": [(5, 0, 0)] + [(0, 0, line) for line in lines],
                }
            )
        return True

    def action_print(self):
        self.filtered(lambda c: not c.checked_at).action_run()
        return self.env.ref("quality_documents.action_report_signature_integrity").report_action(self)

    @api.model
    def _cron_check_signature_chain(self):
        """Daily: check the whole signature chain of every company; tell quality managers what is wrong (once).

        Idempotent: one scheduled check per company and day (a second run refreshes it), and no new activity
        while the same problems already have an open one."""
        # Only run by its scheduled action: Odoo's ir.cron row lock keeps two runs apart (no extra lock).
        companies = self.env["quality.signature"].sudo().search([]).company_id
        checks = self.browse()
        for company in companies:
            # The company's quality calendar, as every quality date (not the cron user's time zone).
            today = quality_today(self.with_company(company))
            # The scheduler's own record: no user clicked, and the method is private (not callable over RPC).
            check = self.sudo().search(
                [("company_id", "=", company.id), ("kind", "=", "scheduled"), ("run_date", "=", today)], limit=1
            )
            if not check:
                check = self.sudo().create({"company_id": company.id, "kind": "scheduled", "run_date": today})
            check.action_run()
            if check.problem_count:
                check._quality_alert_managers()
            checks |= check
        return checks

    def _quality_alert_managers(self):
        """One activity per quality manager of the company, unless these same problems already have one open."""
        self.ensure_one()
        activity_type = self.env.ref("quality_documents.mail_activity_signature_integrity")
        # Scheduler only (_cron_check_signature_chain): the managers' alerts have no user who clicked.
        Activity = self.env["mail.activity"].sudo()
        same = self.sudo().search(
            [
                ("company_id", "=", self.company_id.id),
                ("fingerprint", "=", self.fingerprint),
                ("kind", "=", "scheduled"),
            ]
        )
        open_activities = Activity.search(
            [("res_model", "=", self._name), ("res_id", "in", same.ids), ("activity_type_id", "=", activity_type.id)]
        )
        managers = (
            self.env.ref("quality_documents.group_quality_manager")
            .sudo()
            .users.filtered(lambda u: u.active and not u.share and self.company_id in u.company_ids)
        )
        managers -= open_activities.user_id
        if not managers:
            return Activity
        model_id = self.env["ir.model"]._get_id(self._name)
        return Activity.create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": self.id,
                    "activity_type_id": activity_type.id,
                    "user_id": manager.id,
                    "automated": True,
                    "summary": _("Electronic signatures: %(count)s integrity problem(s)", count=self.problem_count),
                    "note": "<br/>".join(self.line_ids.mapped("detail")),
                }
                for manager in managers
            ]
        )
