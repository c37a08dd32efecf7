from odoo import api, fields, models
from odoo.exceptions import UserError

from .res_company import GATE_MODES


class QualitySupplierGateChange(models.Model):
    """One change of a company's supplier gate mode (off / warn only / enforce): the tracked history.

    The company's mode is the last applied change. Off and Warn only apply when a quality manager records
    them; Enforce applies when a quality manager signs it (meaning "approved").
    """

    _name = "quality.supplier.gate.change"
    _inherit = ["mail.thread", "quality.signature.mixin", "quality.workflow.mixin"]
    _description = "Supplier Gate Mode Change"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    _quality_workflow_fields = frozenset(
        {"state", "company_id", "mode_from", "mode_to", "reason", "applied_at", "applied_by_id", "signature_id"}
    )
    _quality_transitions = {
        "apply": {
            "from": ("requested",),
            "to": "applied",
            "group": "quality_documents.group_quality_manager",
            "meaning": "approved",
            "label": "Change the supplier gate mode",
        },
        "cancel": {
            "from": ("requested",),
            "to": "cancelled",
            "group": "quality_documents.group_quality_manager",
            "meaning": None,
            "label": "Cancel",
        },
    }

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, ondelete="restrict"
    )
    mode_from = fields.Selection(GATE_MODES, string="From", readonly=True)
    mode_to = fields.Selection(GATE_MODES, string="To", readonly=True, tracking=True)
    reason = fields.Text(readonly=True)
    state = fields.Selection(
        [("requested", "Waiting for signature"), ("applied", "Applied"), ("cancelled", "Cancelled")],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
    )
    applied_at = fields.Datetime(readonly=True)
    applied_by_id = fields.Many2one("res.users", readonly=True, ondelete="restrict")
    signature_id = fields.Many2one("quality.signature", readonly=True, ondelete="restrict")

    @api.depends("mode_from", "mode_to", "company_id")
    def _compute_name(self):
        modes = dict(GATE_MODES)
        for change in self:
            change.name = self.env._(
                "Supplier gate of %(company)s: %(from)s → %(to)s",
                company=change.company_id.name or "",
                to=modes.get(change.mode_to, ""),
                **{"from": modes.get(change.mode_from, "")},
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Changes of the supplier gate mode are its history: they cannot be deleted."))

    def _quality_apply(self, signature=None):
        vals = {"applied_at": fields.Datetime.now(), "applied_by_id": self.env.user.id}
        if signature:
            vals["signature_id"] = signature.id
            if signature.comment:
                vals["reason"] = signature.comment
        self._quality_transition("apply", vals)
        for change in self:
            change.message_post(body=change.name)

    def action_cancel(self):
        return self._quality_transition("cancel")

    # ------------------------------------------------------------------
    # Signature: enforcing is signed by a quality manager
    # ------------------------------------------------------------------
    def _quality_signature_fields(self):
        return ["company_id", "mode_from", "mode_to"]

    def _quality_check_can_sign(self, meaning):
        res = super()._quality_check_can_sign(meaning)
        if meaning != "approved":
            raise UserError(self.env._("A change of the supplier gate mode is signed as approved."))
        if self.state != "requested":
            raise UserError(self.env._("This change of the supplier gate mode is not waiting for a signature."))
        return res

    def _quality_on_signed(self, signature):
        res = super()._quality_on_signed(signature)
        if signature.meaning == "approved":
            self._quality_apply(signature)
        return res
