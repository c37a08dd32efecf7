from odoo import api, fields, models
from odoo.exceptions import UserError

# How the supplier gate acts on the categories that quality marked as needing a qualified supplier.
GATE_MODES = [
    ("off", "Off"),
    ("warn", "Warn only"),
    ("enforce", "Enforce"),
]
# A company without any recorded change: the gate warns (and nothing is marked at install, so nothing warns).
DEFAULT_GATE_MODE = "warn"


class ResCompany(models.Model):
    _inherit = "res.company"

    quality_supplier_gate_mode = fields.Selection(
        GATE_MODES,
        string="Supplier Quality Gate",
        compute="_compute_quality_supplier_gate_mode",
        store=True,
        help="How the supplier quality gate acts on the product categories marked 'Requires a qualified supplier': "
        "Off: it does nothing; Warn only: an order from a vendor not qualified is confirmed with a warning on the "
        "order and an activity for the buyer; Enforce: it is refused. Changed only from the settings (each change "
        "is recorded; enforcing is signed by a quality manager).",
    )
    quality_supplier_gate_change_ids = fields.One2many(
        "quality.supplier.gate.change", "company_id", string="Supplier Gate Changes"
    )
    quality_supplier_allow_conditional = fields.Boolean(
        "Allow Conditionally Approved Suppliers",
        default=True,
        help="Purchase orders may be confirmed with suppliers whose qualification is conditional.",
    )
    quality_supplier_block_disqualified_receipt = fields.Boolean(
        "Refuse Receipts from Disqualified Suppliers",
    )
    quality_supplier_cert_notice_days = fields.Integer("Certificate Expiry Notice (days)", default=30)
    quality_supplier_score_threshold = fields.Float(
        "Probation Score Threshold",
        default=60.0,
        help="A monthly scorecard under this score moves the supplier to probation.",
    )
    quality_supplier_ontime_tolerance = fields.Integer(
        "On-time Tolerance (days)",
        default=2,
        help="A receipt is on time when done within this many days around its scheduled date.",
    )
    quality_supplier_scar_reminder_days = fields.Integer("SCAR Reminder (days before due)", default=3)

    @api.depends("quality_supplier_gate_change_ids.state", "quality_supplier_gate_change_ids.mode_to")
    def _compute_quality_supplier_gate_mode(self):
        # The mode is the last applied change (a record a quality manager writes, signed for enforcing):
        # nobody writes it on the company.
        for company in self:
            applied = company.quality_supplier_gate_change_ids.filtered(lambda c: c.state == "applied")
            last = applied.sorted(lambda c: (c.applied_at or fields.Datetime.now(), c.id))[-1:]
            company.quality_supplier_gate_mode = last.mode_to or DEFAULT_GATE_MODE

    @api.model_create_multi
    def create(self, vals_list):
        if any("quality_supplier_gate_mode" in vals for vals in vals_list):
            self._quality_supplier_refuse_gate_mode_write()
        return super().create(vals_list)

    def write(self, vals):
        if "quality_supplier_gate_mode" in vals:
            self._quality_supplier_refuse_gate_mode_write()
        return super().write(vals)

    def _quality_supplier_refuse_gate_mode_write(self):
        raise UserError(
            self.env._(
                "The supplier quality gate mode changes only from Purchase settings ▸ Supplier Quality (Off / Warn "
                "only / Enforce): each change is recorded, and enforcing is signed by a quality manager."
            )
        )

    # ------------------------------------------------------------------
    # Changing the mode (from the settings)
    # ------------------------------------------------------------------
    def _quality_supplier_request_gate_mode(self, mode, reason=False):
        """Record a change of this company's gate mode. Off and Warn only apply at once; Enforce returns the
        change waiting for a quality manager's signature (meaning "approved")."""
        self.ensure_one()
        Change = self.env["quality.supplier.gate.change"]
        Change._quality_check_transition_group("apply")
        if mode not in dict(GATE_MODES):
            raise UserError(self.env._("Unknown supplier gate mode %(mode)s.", mode=mode))
        if mode == self.quality_supplier_gate_mode:
            raise UserError(
                self.env._(
                    "The supplier quality gate of %(company)s is already %(mode)s.",
                    company=self.name,
                    mode=dict(GATE_MODES)[mode],
                )
            )
        if mode == "enforce":
            waiting = Change.search(
                [("company_id", "=", self.id), ("state", "=", "requested"), ("mode_to", "=", "enforce")], limit=1
            )
            if waiting:
                return waiting
        vals = {
            "company_id": self.id,
            "mode_from": self.quality_supplier_gate_mode,
            "mode_to": mode,
            "reason": reason or False,
            "state": "requested",
        }
        change = Change.with_company(self)._quality_workflow_create([vals])
        if mode != "enforce":
            change._quality_apply()
        return change

    def _quality_supplier_set_gate_mode(self, mode, password=None, reason=False):
        """From code and tests: change the mode (nothing when it is already ``mode``); Enforce is signed here with
        ``password`` (the current user's)."""
        self.ensure_one()
        if self.quality_supplier_gate_mode == mode:
            return self.env["quality.supplier.gate.change"]
        change = self._quality_supplier_request_gate_mode(mode, reason)
        if mode == "enforce":
            change._quality_sign("approved", password, reason)
        return change
