from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Read-only here: the mode changes by the buttons (a recorded change; enforcing is signed).
    quality_supplier_gate_mode = fields.Selection(related="company_id.quality_supplier_gate_mode")
    quality_supplier_allow_conditional = fields.Boolean(
        related="company_id.quality_supplier_allow_conditional", readonly=False
    )
    quality_supplier_block_disqualified_receipt = fields.Boolean(
        related="company_id.quality_supplier_block_disqualified_receipt", readonly=False
    )
    quality_supplier_cert_notice_days = fields.Integer(
        related="company_id.quality_supplier_cert_notice_days", readonly=False
    )
    quality_supplier_score_threshold = fields.Float(
        related="company_id.quality_supplier_score_threshold", readonly=False
    )
    quality_supplier_ontime_tolerance = fields.Integer(
        related="company_id.quality_supplier_ontime_tolerance", readonly=False
    )
    quality_supplier_scar_reminder_days = fields.Integer(
        related="company_id.quality_supplier_scar_reminder_days", readonly=False
    )

    def action_quality_supplier_gate_off(self):
        self.company_id._quality_supplier_request_gate_mode("off")
        return self._quality_supplier_reload()

    def action_quality_supplier_gate_warn(self):
        self.company_id._quality_supplier_request_gate_mode("warn")
        return self._quality_supplier_reload()

    def action_quality_supplier_gate_enforce(self):
        """Open the signing dialog: a quality manager signs the switch to Enforce (meaning "approved")."""
        change = self.company_id._quality_supplier_request_gate_mode("enforce")
        return change.with_context(
            quality_sign_meaning="approved", quality_sign_comment_required=True
        ).action_quality_sign()

    def action_quality_supplier_gate_history(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Supplier Gate Changes"),
            "res_model": "quality.supplier.gate.change",
            "view_mode": "list,form",
            "domain": [("company_id", "=", self.company_id.id)],
        }

    def action_quality_supplier_rollout_report(self):
        return self.env["quality.supplier.rollout.report"]._quality_open_for(self.company_id)

    def _quality_supplier_reload(self):
        return {"type": "ir.actions.client", "tag": "reload"}
