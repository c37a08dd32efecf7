from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import UserError

# The kinds that make the action plan: a plan of retraining actions alone is weak (quality.capa.weak_capa).
PLAN_KINDS = ("corrective", "preventive", "retraining")
QUALITY_USER = "quality_documents.group_quality_user"


class QualityCapaAction(models.Model):
    _name = "quality.capa.action"
    _description = "CAPA Action"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.workflow.mixin"]
    _order = "capa_id, due_date, id"
    _quality_workflow_fields = frozenset({"state", "done_date"})  # changed only by its buttons and signatures
    _quality_transitions = {
        "done": {"from": ("open",), "to": "done", "group": QUALITY_USER, "label": "Done"},
        # Done by its evidence: the procedure change became effective, or the training on it is complete.
        # Run by the system on that event (whoever caused it), never from a button.
        "done_by_evidence": {"from": ("open",), "to": "done", "group": None, "label": "Done (evidence)"},
        "cancel": {"from": ("open",), "to": "cancelled", "group": QUALITY_USER, "label": "Cancel"},
    }
    _check_company_auto = True

    name = fields.Char("Action", required=True, tracking=True)
    capa_id = fields.Many2one("quality.capa", "CAPA", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="capa_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [
            ("containment", "Containment"),
            ("correction", "Correction"),
            ("corrective", "Corrective"),
            ("preventive", "Preventive"),
            ("retraining", "Retraining"),
        ],
        required=True,
        default="corrective",
        tracking=True,
        help="Retraining: a corrective action that consists of retraining people (alone it makes a weak CAPA).",
    )
    description = fields.Text()
    owner_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user, tracking=True)
    due_date = fields.Date(required=True, tracking=True, default=lambda self: quality_today(self) + timedelta(days=30))
    done_date = fields.Date(readonly=True, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")], default="open", required=True, tracking=True
    )
    revision_id = fields.Many2one(
        "quality.document.revision",
        "Procedure Change",
        help="Done when this revision becomes effective.",
    )
    training_revision_id = fields.Many2one(
        "quality.document.revision",
        "Training On",
        help="Done when the training assignments for this revision are all complete.",
    )
    evidence_ids = fields.Many2many("ir.attachment")
    escalated = fields.Boolean(readonly=True, copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    def _compute_is_overdue(self):
        today = quality_today(self)
        for action in self:
            action.is_overdue = action.state == "open" and action.due_date and action.due_date < today

    def write(self, vals):
        if self.capa_id.filtered(lambda c: c.state == "closed") and not self.env.su:
            raise UserError(_("The actions of a closed CAPA are read-only."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_on_record(self):
        kept = self.filtered(
            lambda a: a.state == "done" or a.capa_id.plan_approved or a.capa_id.state in ("closed", "cancelled")
        )
        if kept:
            raise UserError(
                _(
                    "%(actions)s: an action that is done, or part of a signed action plan, stays on record. "
                    "Cancel it instead.",
                    actions=", ".join(kept.mapped("name")),
                )
            )

    def action_done(self):
        self._quality_check_transition("done")
        for action in self:
            if action.revision_id and action.revision_id.state not in ("effective", "superseded"):
                raise UserError(
                    _(
                        "%(action)s waits for %(rev)s to become effective.",
                        action=action.name,
                        rev=action.revision_id.display_name,
                    )
                )
            if action.training_revision_id and not action._training_complete():
                raise UserError(
                    _(
                        "%(action)s waits for the training on %(rev)s to be complete.",
                        action=action.name,
                        rev=action.training_revision_id.display_name,
                    )
                )
        self._quality_transition("done", {"done_date": quality_today(self)})
        self.activity_unlink(["quality_capa.mail_activity_capa_action_overdue"])
        return True

    def _quality_done_by_evidence(self, message):
        """Mark these actions done because their evidence exists (see ``done_by_evidence``, declared without a
        group: only this method runs it, never a button).

        It runs with the caller's rights: the quality user (or scheduled job) making a procedure change
        effective may write CAPA actions. A trainee completing the training asked by an action may not: that
        caller passes the actions it found as the system (quality.training.assignment in this addon)."""
        self._quality_transition("done_by_evidence", {"done_date": quality_today(self)})
        self.activity_unlink(["quality_capa.mail_activity_capa_action_overdue"])
        for action in self:
            action.capa_id._message_log(body=message(action))

    def action_cancel(self):
        return self._quality_transition("cancel")

    def _training_complete(self):
        self.ensure_one()
        Assignment = self.env["quality.training.assignment"].sudo()
        assignments = Assignment.search(
            [("revision_id", "=", self.training_revision_id.id), ("state", "!=", "cancelled")]
        )
        return bool(assignments) and all(a.state == "done" for a in assignments)

    @api.model
    def _cron_overdue_actions(self):
        """Overdue actions: one activity to the owner; after N days, one escalation to the owner's manager."""
        # Only run by its scheduled action: Odoo's ir.cron row lock keeps two runs apart (no extra lock; the
        # extra lock stays only where tests/test_cron_concurrency.py shows a double run it does not prevent).
        today = quality_today(self)
        overdue = self.search([("state", "=", "open"), ("due_date", "<", today)])
        activity_type = self.env.ref("quality_capa.mail_activity_capa_action_overdue")
        escalated = self.browse()

        def prepare(action):
            """The owner's activity; after N days, the escalation to the owner's manager (one each, per user)."""
            values = [action._overdue_activity_values(action.owner_id)]
            days = action.company_id.quality_action_escalation_days or 7
            if not action.escalated and action.due_date + timedelta(days=days) < today:
                manager = action.owner_id.employee_ids[:1].parent_id.user_id
                if manager:
                    values.append(action._overdue_activity_values(manager, escalation=True))
                nonlocal escalated
                escalated |= action
            return values

        activities = self.env["quality.activity"]._quality_schedule_once(overdue, activity_type, prepare, per_user=True)
        escalated.write({"escalated": True})  # the scheduled job's own flag (it runs as the system)
        return activities

    def _overdue_activity_values(self, user, escalation=False):
        return {
            "automated": True,
            "user_id": user.id,
            "date_deadline": quality_today(self),
            "summary": (
                _("Escalation: %(a)s is overdue", a=self.name) if escalation else _("Overdue: %(a)s", a=self.name)
            ),
            "note": _("CAPA %(capa)s, due %(due)s.", capa=self.capa_id.name, due=self.due_date),
        }
