from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_workflow_mixin import ALL_FIELDS, signed_override_transitions
from odoo.exceptions import UserError, ValidationError

# What the signing step writes: never by a plain write or create.
WORKFLOW_FIELDS = frozenset({"state", "signed_by_id", "signed_date", "missing_training", "covered_training_keys"})


class QualityTrainingOverride(models.Model):
    """A quality manager's signed permission for one operator to do one work order (or one manufacturing
    order without work orders) without the training it asks for; it covers the training missing when it was
    signed, and nothing added since."""

    _name = "quality.training.override"
    _description = "Training Gate Override"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _quality_workflow_fields = WORKFLOW_FIELDS
    _quality_frozen_fields = ALL_FIELDS  # what was signed stays what it covers
    _quality_frozen_states = frozenset({"signed"})
    _quality_undeletable_states = frozenset({"signed"})
    _quality_transitions = signed_override_transitions("Signing a training override")

    name = fields.Char(compute="_compute_name", store=True)
    workorder_id = fields.Many2one(
        "mrp.workorder", "Work Order", index=True, tracking=True, check_company=True, ondelete="restrict"
    )
    production_id = fields.Many2one(
        "mrp.production",
        "Manufacturing Order",
        compute="_compute_production_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
        help="For a manufacturing order without work orders: the override covers marking it done.",
    )
    employee_id = fields.Many2one(
        "hr.employee", "Operator", required=True, tracking=True, check_company=True, ondelete="restrict"
    )
    reason = fields.Text(tracking=True)
    missing_training = fields.Text(readonly=True, help="Training the operator lacked when the override was signed.")
    covered_training_keys = fields.Char(
        readonly=True, copy=False, help="Technical: requirement:revision pairs the signature waived."
    )
    state = fields.Selection(
        [("draft", "To Sign"), ("signed", "Signed")], default="draft", required=True, tracking=True, readonly=True
    )
    signed_by_id = fields.Many2one("res.users", readonly=True, ondelete="restrict")
    signed_date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    @api.depends("workorder_id", "employee_id", "production_id")
    def _compute_name(self):
        for rec in self:
            rec.name = _(
                "%(wo)s – %(operator)s",
                wo=(rec.workorder_id or rec.production_id).display_name or "",
                operator=rec.employee_id.name or "",
            )

    @api.depends("workorder_id")
    def _compute_production_id(self):
        for rec in self:
            if rec.workorder_id:
                rec.production_id = rec.workorder_id.production_id

    @api.constrains("workorder_id", "production_id")
    def _check_target(self):
        for rec in self:
            if not rec.workorder_id and not rec.production_id:
                raise ValidationError(
                    _("A training override is for a work order or a manufacturing order: choose one.")
                )
            if not rec.workorder_id and rec.production_id.workorder_ids.filtered(lambda wo: wo.state != "cancel"):
                raise ValidationError(
                    _(
                        "%(mo)s has work orders: the training override is for one of them; choose the work order.",
                        mo=rec.production_id.display_name,
                    )
                )
            if rec.workorder_id and rec.production_id != rec.workorder_id.production_id:
                raise ValidationError(_("The work order of a training override belongs to its manufacturing order."))

    def _quality_refuse_workflow_write(self, names=()):
        raise UserError(_("An override is signed only through its electronic signature."))

    def _quality_frozen_explanation(self):
        return _(
            "A signed override cannot be changed: %(overrides)s covers exactly the training missing when it was "
            "signed. Ask for a new one.",
            overrides=self._quality_record_names(),
        )

    def _covered_keys(self):
        self.ensure_one()
        return set(filter(None, (self.covered_training_keys or "").split(",")))

    def _quality_target(self):
        """The record the override lets the operator work on: the work order, else the manufacturing order."""
        self.ensure_one()
        return self.workorder_id or self.production_id

    def _quality_signature_fields(self):
        return ["workorder_id", "production_id", "employee_id", "reason", "missing_training", "covered_training_keys"]

    def _quality_check_can_sign(self, meaning):
        if meaning != "override":
            raise UserError(_("A training override is signed with the meaning 'Override'."))
        if self.state != "draft":
            raise UserError(_("This override is already signed."))
        if not self.env.user.has_group("quality_documents.group_quality_manager"):
            raise UserError(_("Only a quality manager can sign a training override."))
        # What the signature covers, fixed now so that the signed content hash includes it.
        target = self._quality_target()
        missing = target._quality_training_missing_keys(self.employee_id).get(target.id, {})
        self._quality_workflow_write(
            {"missing_training": "\n".join(missing.values()), "covered_training_keys": ",".join(sorted(missing))}
        )
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "override":
            reason = (self.reason or "").strip() or (signature.comment or "").strip()
            if not reason:
                raise UserError(_("A training override needs a reason: write it in the signature comment."))
            self._quality_transition(
                "sign",
                {"reason": reason, "signed_by_id": signature.signer_id.id, "signed_date": signature.signed_at},
            )
            # Work orders have no chatter in Community: log on the manufacturing order. A log note of the
            # signature (Odoo's system log: no post, nobody notified, the signer as author), which the signing
            # manager writes whether or not they may post on manufacturing orders; nothing else is written.
            self.production_id._message_log(
                body=Markup("%s<br/>%s")
                % (
                    _(
                        "Training gate override signed by %(manager)s for operator %(operator)s on %(wo)s.",
                        manager=signature.printed_name,
                        operator=self.employee_id.name,
                        wo=self._quality_target().display_name,
                    ),
                    _("Reason: %(reason)s", reason=reason),
                )
            )
        return super()._quality_on_signed(signature)
