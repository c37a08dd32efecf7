from odoo import _, api, fields, models

from .quality_sampling_tables import AQLS, plan

SEVERITIES = [
    ("normal", "Normal"),
    ("tightened", "Tightened"),
    ("reduced", "Reduced"),
    ("discontinued", "Discontinued"),
]
# Switching score of ISO 2859-1 (9.3.3) for normal -> reduced: the limit numbers of MIL-STD-105E's Table VIII
# ask the same question (ten lots accepted with few nonconforming units) with a table of its own.
SWITCHING_SCORE_REDUCED = 30


class QualitySamplingState(models.Model):
    """Where a vendor's product stands in the MIL-STD-105E switching rules, from the lots recorded.

    normal -> tightened: 2 of 5 or fewer consecutive lots not accepted; tightened -> normal: 5 consecutive
    lots accepted; tightened -> discontinued: 5 lots in all not accepted while on tightened; normal -> reduced:
    switching score reaches 30 and the company allows reduced inspection; reduced -> normal: a lot not accepted,
    or accepted between Ac and Re. Only the recorded lots (and a quality manager's signed-off resume) move it.
    """

    _name = "quality.sampling.state"
    _description = "Sampling Inspection State"
    _inherit = ["mail.thread", "quality.workflow.mixin"]
    _order = "partner_id, product_id"
    _check_company_auto = True
    _rec_name = "product_id"

    _quality_workflow_fields = frozenset(
        {
            "partner_id",
            "product_id",
            "company_id",
            "state",
            "recent_results",
            "consecutive_accepted",
            "tightened_rejections",
            "switching_score",
            "skipped_in_row",
            "last_reason",
        }
    )
    _quality_transitions = {
        "tighten": {"from": ("normal", "reduced"), "to": "tightened", "group": None, "label": "Tighten"},
        "to_normal": {"from": ("tightened", "reduced"), "to": "normal", "group": None, "label": "Back to normal"},
        "reduce": {"from": ("normal",), "to": "reduced", "group": None, "label": "Reduce"},
        "discontinue": {"from": ("tightened",), "to": "discontinued", "group": None, "label": "Discontinue"},
        "resume": {
            "from": ("discontinued",),
            "to": "tightened",
            "group": "quality_documents.group_quality_manager",
            "label": "Resume on tightened inspection",
        },
    }

    partner_id = fields.Many2one("res.partner", "Vendor", required=True, readonly=True, index=True)
    product_id = fields.Many2one("product.product", required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(SEVERITIES, default="normal", required=True, readonly=True, tracking=True)
    recent_results = fields.Char(
        readonly=True, default="", help="Results of the last lots on normal inspection, newest last (A/R)."
    )
    consecutive_accepted = fields.Integer(readonly=True)
    tightened_rejections = fields.Integer("Lots Not Accepted on Tightened", readonly=True)
    switching_score = fields.Integer(readonly=True)
    skipped_in_row = fields.Integer("Lots Skipped in a Row", readonly=True)
    last_reason = fields.Char("Why", readonly=True, tracking=True)
    lot_ids = fields.One2many("quality.sampling.lot", "state_id", "Lots")

    _sql_constraints = [
        (
            "vendor_product_uniq",
            "unique(partner_id, product_id, company_id)",
            "One sampling state per vendor and product.",
        ),
    ]

    @api.depends("partner_id", "product_id")
    def _compute_display_name(self):
        for state in self:
            state.display_name = f"{state.partner_id.display_name} – {state.product_id.display_name}"

    # ------------------------------------------------------------------
    # Switching rules
    # ------------------------------------------------------------------
    def _quality_record_lot(self, lot):
        """Move this state with the result of ``lot`` (a quality.sampling.lot just decided)."""
        self.ensure_one()
        accepted = lot.result == "accepted"
        vals = {"skipped_in_row": 0}
        step = {
            "normal": self._quality_record_lot_normal,
            "tightened": self._quality_record_lot_tightened,
            "reduced": self._quality_record_lot_reduced,
        }.get(self.state)
        return step(lot, accepted, vals) if step else self.state

    def _quality_record_lot_normal(self, lot, accepted, vals):
        """Normal inspection: 2 of the last 5 lots not accepted tighten it; a high switching score reduces it."""
        company = self.company_id
        recent = ((self.recent_results or "") + ("A" if accepted else "R"))[-5:]
        vals["recent_results"] = recent
        vals["consecutive_accepted"] = self.consecutive_accepted + 1 if accepted else 0
        if recent.count("R") >= 2:
            reason = _("2 of the last %(n)s lots not accepted: tightened inspection.", n=len(recent))
            self._quality_transition(
                "tighten",
                {
                    **vals,
                    "recent_results": "",
                    "consecutive_accepted": 0,
                    "switching_score": 0,
                    "tightened_rejections": 0,
                    "last_reason": reason,
                },
            )
            return "tightened"
        score = self._quality_switching_score(lot, accepted)
        vals["switching_score"] = score
        if score >= SWITCHING_SCORE_REDUCED and company.quality_sampling_allow_reduced:
            reason = _(
                "Switching score %(score)s ≥ %(limit)s: reduced inspection.",
                score=score,
                limit=SWITCHING_SCORE_REDUCED,
            )
            self._quality_transition("reduce", {**vals, "switching_score": 0, "last_reason": reason})
            return "reduced"
        self._quality_workflow_write(vals)
        return "normal"

    def _quality_record_lot_tightened(self, lot, accepted, vals):
        """Tightened inspection: 5 lots accepted in a row go back to normal; 5 not accepted discontinue it."""
        if accepted:
            count = self.consecutive_accepted + 1
            if count >= 5:
                reason = _("5 consecutive lots accepted on tightened inspection: back to normal.")
                self._quality_transition(
                    "to_normal",
                    {
                        **vals,
                        "consecutive_accepted": 0,
                        "recent_results": "",
                        "tightened_rejections": 0,
                        "last_reason": reason,
                    },
                )
                return "normal"
            self._quality_workflow_write({**vals, "consecutive_accepted": count})
            return "tightened"
        rejections = self.tightened_rejections + 1
        if rejections >= 5:
            reason = _(
                "5 lots not accepted on tightened inspection: inspection discontinued until the "
                "vendor has corrected the quality."
            )
            self._quality_transition(
                "discontinue",
                {**vals, "tightened_rejections": rejections, "consecutive_accepted": 0, "last_reason": reason},
            )
            return "discontinued"
        self._quality_workflow_write({**vals, "tightened_rejections": rejections, "consecutive_accepted": 0})
        return "tightened"

    def _quality_record_lot_reduced(self, lot, accepted, vals):
        """Reduced inspection: a lot not accepted, or accepted between Ac and Re, goes back to normal."""
        if not accepted or lot.defect_count > lot.accept_number:
            reason = (
                _("A lot was not accepted on reduced inspection: back to normal.")
                if not accepted
                else _("A lot accepted between Ac and Re on reduced inspection: back to normal.")
            )
            self._quality_transition(
                "to_normal",
                {
                    **vals,
                    "recent_results": "R" if not accepted else "",
                    "consecutive_accepted": 0,
                    "switching_score": 0,
                    "last_reason": reason,
                },
            )
            return "normal"
        self._quality_workflow_write(vals)
        return "reduced"

    def _quality_switching_score(self, lot, accepted):
        """ISO 2859-1 switching score after ``lot`` on normal inspection."""
        if not accepted:
            return 0
        if lot.accept_number >= 2:
            # +3 when the lot would also have been accepted at the next smaller AQL, else back to 0.
            index = AQLS.index(lot.aql) if lot.aql in AQLS else 0
            if index == 0:
                return self.switching_score + 3
            tighter = plan(max(lot.lot_size, 2), AQLS[index - 1], lot.inspection_level or "II", "normal")
            return self.switching_score + 3 if lot.defect_count <= tighter["accept"] else 0
        return self.switching_score + 2

    def action_resume(self):
        """A quality manager resumes inspection of a discontinued vendor and product, on tightened inspection."""
        for state in self:
            state._quality_transition(
                "resume",
                {
                    "tightened_rejections": 0,
                    "consecutive_accepted": 0,
                    "last_reason": _("Resumed on tightened inspection by %(user)s.", user=self.env.user.name),
                },
            )
        return True
