from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class QualityTrainingOverride(models.Model):
    """A quality manager's signed permission for one operator to start one work order untrained."""

    _name = "quality.training.override"
    _description = "Training Gate Override"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    workorder_id = fields.Many2one(
        "mrp.workorder", "Work Order", required=True, index=True, tracking=True, check_company=True, ondelete="cascade"
    )
    production_id = fields.Many2one(related="workorder_id.production_id", store=True)
    employee_id = fields.Many2one("hr.employee", "Operator", required=True, tracking=True, check_company=True)
    reason = fields.Text(tracking=True)
    missing_training = fields.Text(readonly=True, help="Training the operator lacked when the override was signed.")
    state = fields.Selection(
        [("draft", "To Sign"), ("signed", "Signed")], default="draft", required=True, tracking=True, readonly=True
    )
    signed_by_id = fields.Many2one("res.users", readonly=True)
    signed_date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.depends("workorder_id", "employee_id")
    def _compute_name(self):
        for rec in self:
            rec.name = _(
                "%(wo)s – %(operator)s", wo=rec.workorder_id.display_name or "", operator=rec.employee_id.name or ""
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("state", "draft") != "draft" or vals.get("signed_by_id") for vals in vals_list
        ):
            raise UserError(_("An override is signed only through its electronic signature."))
        return super().create(vals_list)

    def write(self, vals):
        # Only the signing step (code in superuser mode, never reachable over RPC) signs or edits a signed override.
        if not self.env.su:
            if {"state", "signed_by_id", "signed_date"} & set(vals):
                raise UserError(_("An override is signed only through its electronic signature."))
            if self.filtered(lambda r: r.state == "signed") and set(vals) - {"message_main_attachment_id"}:
                raise UserError(_("A signed override cannot be changed."))
        return super().write(vals)

    def unlink(self):
        if self.filtered(lambda r: r.state == "signed"):
            raise UserError(_("A signed override is a quality record: it cannot be deleted."))
        return super().unlink()

    def _quality_signature_fields(self):
        return ["workorder_id", "employee_id", "reason"]

    def _quality_check_can_sign(self, meaning):
        if meaning != "override":
            raise UserError(_("A training override is signed with the meaning 'Override'."))
        if self.state != "draft":
            raise UserError(_("This override is already signed."))
        if not self.env.user.has_group("quality_documents.group_quality_manager"):
            raise UserError(_("Only a quality manager can sign a training override."))
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "override":
            reason = (self.reason or "").strip() or (signature.comment or "").strip()
            if not reason:
                raise UserError(_("A training override needs a reason: write it in the signature comment."))
            missing = self.workorder_id._quality_training_missing(self.employee_id)
            self.sudo().write(
                {
                    "state": "signed",
                    "reason": reason,
                    "signed_by_id": signature.signer_id.id,
                    "signed_date": signature.signed_at,
                    "missing_training": "\n".join(missing.get(self.workorder_id.id, [])),
                }
            )
            # Work orders have no chatter in Community: log on the work order when it has one, else on its MO.
            thread = self.workorder_id if hasattr(self.workorder_id, "message_post") else self.production_id
            thread.sudo().message_post(
                body=Markup("%s<br/>%s")
                % (
                    _(
                        "Training gate override signed by %(manager)s for operator %(operator)s on %(wo)s.",
                        manager=signature.printed_name,
                        operator=self.employee_id.name,
                        wo=self.workorder_id.display_name,
                    ),
                    _("Reason: %(reason)s", reason=reason),
                )
            )
        return super()._quality_on_signed(signature)
