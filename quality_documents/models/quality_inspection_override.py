from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .quality_workflow_mixin import ALL_FIELDS, signed_override_transitions


class QualityInspectionOverride(models.Model):
    """A quality manager's signed, one-time permission to validate a receipt, finish a work order or close a
    manufacturing order although some of its inspection checks are still to do. It covers exactly the checks
    listed when it was signed (part of the signed content)."""

    _name = "quality.inspection.override"
    _description = "Inspection Gate Override"
    _inherit = ["mail.thread", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _quality_workflow_fields = frozenset({"state", "check_ids", "signed_by_id", "signed_date"})
    _quality_frozen_fields = ALL_FIELDS  # what was signed is what it waives
    _quality_frozen_states = frozenset({"signed"})
    _quality_undeletable_states = frozenset({"signed"})
    _quality_transitions = signed_override_transitions("Sign override")

    name = fields.Char(compute="_compute_name", store=True)
    picking_id = fields.Many2one("stock.picking", "Receipt", index=True, ondelete="restrict", check_company=True)
    workorder_id = fields.Many2one("mrp.workorder", "Work Order", index=True, ondelete="restrict")
    production_id = fields.Many2one(
        "mrp.production", "Manufacturing Order", index=True, ondelete="restrict", check_company=True
    )
    reason = fields.Text(required=True, tracking=True)
    check_ids = fields.Many2many(
        "quality.inspection.check",
        "quality_inspection_override_check_rel",
        "override_id",
        "check_id",
        string="Checks Waived",
        readonly=True,
    )
    pending_check_ids = fields.Many2many(
        "quality.inspection.check", compute="_compute_pending_check_ids", string="Checks To Do"
    )
    state = fields.Selection(
        [("draft", "To Sign"), ("signed", "Signed")], default="draft", required=True, readonly=True, tracking=True
    )
    signed_by_id = fields.Many2one("res.users", readonly=True)
    signed_date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.depends("picking_id", "workorder_id", "production_id")
    def _compute_name(self):
        for rec in self:
            target = rec.picking_id or rec.workorder_id or rec.production_id
            rec.name = _("Inspection override – %(target)s", target=target.display_name or "")

    def _link(self):
        self.ensure_one()
        for fname in ("picking_id", "workorder_id", "production_id"):
            if self[fname]:
                return fname, self[fname]
        raise ValidationError(_("An inspection override is for a receipt, a work order or a manufacturing order."))

    @api.depends("picking_id", "workorder_id", "production_id", "state", "check_ids")
    def _compute_pending_check_ids(self):
        Check = self.env["quality.inspection.check"]
        for rec in self:
            if rec.state == "signed":  # the signed content stays what was signed
                rec.pending_check_ids = rec.check_ids
                continue
            if not (rec.picking_id or rec.workorder_id or rec.production_id):
                rec.pending_check_ids = Check
                continue
            fname, target = rec._link()
            rec.pending_check_ids = Check.search([(fname, "=", target.id), ("state", "=", "todo")])

    @api.constrains("picking_id", "workorder_id", "production_id")
    def _check_one_target(self):
        for rec in self:
            if len([f for f in ("picking_id", "workorder_id", "production_id") if rec[f]]) != 1:
                raise ValidationError(
                    _("An inspection override is for exactly one receipt, work order or manufacturing order.")
                )

    def _quality_frozen_explanation(self):
        return _(
            "A signed inspection override cannot be changed: %(overrides)s waives exactly the checks it was signed "
            "for. Ask a quality manager to sign a new override.",
            overrides=self._quality_record_names(),
        )

    def _quality_signature_fields(self):
        return ["picking_id", "workorder_id", "production_id", "reason", "pending_check_ids"]

    def _quality_check_can_sign(self, meaning):
        if meaning != "override":
            raise UserError(_("An inspection override is signed with the meaning 'Override'."))
        self._quality_check_transition("sign")
        if not (self.reason or "").strip():
            raise UserError(_("An inspection override needs a reason: write why the checks may be waived."))
        if not self.pending_check_ids:
            raise UserError(_("%(name)s: no inspection check is to do; there is nothing to override.", name=self.name))
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "override":
            checks = self.pending_check_ids
            self._quality_transition(
                "sign",
                {
                    "check_ids": [fields.Command.set(checks.ids)],
                    "signed_by_id": signature.signer_id.id,
                    "signed_date": signature.signed_at,
                },
            )
            _fname, target = self._link()
            body = _(
                "Inspection gate override signed by %(manager)s for %(checks)s on %(target)s. Reason: %(reason)s",
                manager=signature.printed_name,
                checks=", ".join(checks.mapped("characteristic_id.name")),
                target=target.display_name,
                reason=self.reason,
            )
            self.message_post(body=body)
            # Also on the receipt or order when the signer may write it (no sudo: the signer's own rights).
            thread = target if hasattr(target, "message_post") else target.production_id
            if thread.has_access("write"):
                thread.message_post(body=body)
        return super()._quality_on_signed(signature)

    @api.model
    def _quality_action_for(self, fname, record):
        """The dialog that asks a quality manager to sign a one-time override of ``record``'s inspection gate."""
        return {
            "type": "ir.actions.act_window",
            "name": _("Inspection Override"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {f"default_{fname}": record.id, "default_company_id": record.company_id.id},
        }
