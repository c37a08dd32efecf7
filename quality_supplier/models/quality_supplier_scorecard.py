from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_day_start, quality_today

GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
# Weights of the score (0-100) and the curves turning each figure into points.
WEIGHT_ONTIME = 0.4
WEIGHT_QUALITY = 0.4
WEIGHT_RESPONSE = 0.2
PPM_ZERO_POINTS = 10000.0  # at 10,000 PPM (1 %) the quality part is worth 0
SCAR_RESPONSE_FREE_DAYS = 7.0  # full points when the vendor answers a SCAR within a week
SCAR_RESPONSE_POINTS_PER_DAY = 5.0


class QualitySupplierScorecard(models.Model):
    """Monthly snapshot of a vendor's delivery and quality performance."""

    _name = "quality.supplier.scorecard"
    _description = "Supplier Scorecard"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.workflow.mixin"]
    _order = "month desc, partner_id"
    _rec_name = "partner_id"
    _check_company_auto = True
    # Evidence computed from receipts, nonconformances and SCARs by the scorecard job: nobody writes a figure.
    _quality_workflow_fields = frozenset(
        {
            "partner_id",
            "month",
            "company_id",
            "receipt_line_count",
            "ontime_line_count",
            "ontime_rate",
            "qty_received",
            "qty_rejected",
            "ppm",
            "nc_count",
            "scar_count",
            "scar_response_days",
            "score",
            "grade",
            "probation_done",
        }
    )

    partner_id = fields.Many2one("res.partner", string="Vendor", required=True, readonly=True, index=True)
    month = fields.Date(required=True, readonly=True, index=True, help="First day of the month.")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    receipt_line_count = fields.Integer("Receipt Lines", readonly=True)
    ontime_line_count = fields.Integer("On-time Lines", readonly=True)
    ontime_rate = fields.Float("On-time Delivery (%)", readonly=True, digits=(5, 1), aggregator="avg")
    qty_received = fields.Float("Quantity Received", readonly=True)
    qty_rejected = fields.Float("Quantity Rejected", readonly=True)
    ppm = fields.Float("Quality PPM", readonly=True, digits=(12, 0), aggregator="avg")
    nc_count = fields.Integer("Nonconformances", readonly=True)
    scar_count = fields.Integer("SCARs Answered", readonly=True)
    scar_response_days = fields.Float("SCAR Response (days)", readonly=True, digits=(6, 1), aggregator="avg")
    score = fields.Float(readonly=True, digits=(5, 1), aggregator="avg", tracking=True)
    grade = fields.Selection(GRADES, readonly=True, tracking=True)
    probation_done = fields.Boolean(
        readonly=True, help="The low score of this month already put the vendor on probation."
    )

    _sql_constraints = [
        (
            "partner_month_company_uniq",
            "unique(partner_id, month, company_id)",
            "There is already a scorecard for this vendor, month and company.",
        ),
    ]

    @api.depends("partner_id", "month")
    def _compute_display_name(self):
        for card in self:
            card.display_name = f"{card.partner_id.display_name} – {card.month and card.month.strftime('%Y-%m')}"

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    @api.model
    def _score_from_figures(self, ontime_rate, ppm, response_days):
        quality = max(0.0, 100.0 * (1.0 - ppm / PPM_ZERO_POINTS))
        if response_days is None:
            response = 100.0
        else:
            late = max(0.0, response_days - SCAR_RESPONSE_FREE_DAYS)
            response = max(0.0, 100.0 - SCAR_RESPONSE_POINTS_PER_DAY * late)
        score = WEIGHT_ONTIME * ontime_rate + WEIGHT_QUALITY * quality + WEIGHT_RESPONSE * response
        return round(score, 1)

    @api.model
    def _grade(self, score):
        if score >= 90:
            return "A"
        if score >= 75:
            return "B"
        if score >= 60:
            return "C"
        return "D"

    @api.model
    def _receipt_figures(self, start, end, company):
        """{commercial partner id: (lines, on-time lines, quantity)}: one grouped query.

        A receipt line is a done move of an incoming picking of ``company`` done in [start, end); it is on time
        when its done day is within the company's tolerance of its purchase line's planned day (the picking's
        scheduled day without one). The moves are first summed per picking, done day and planned day (the
        lines of a receipt mostly share them), so the pickings, their types and vendors are joined per group,
        not per move: the query stays fast on whatever plan the statistics of stock_move lead to."""
        self.env["stock.move"].flush_model(
            ["state", "date", "product_qty", "picking_id", "company_id", "purchase_line_id"]
        )
        self.env["stock.picking"].flush_model(["partner_id", "picking_type_id", "scheduled_date"])
        self.env["stock.picking.type"].flush_model(["code"])
        self.env["purchase.order.line"].flush_model(["date_planned"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env.cr.execute(
            """
            SELECT rp.commercial_partner_id,
                   SUM(mv.lines)::integer,
                   COALESCE(SUM(mv.lines) FILTER (
                       WHERE ABS(mv.done_day - COALESCE(mv.planned_day, sp.scheduled_date::date)) <= %(tol)s
                   ), 0)::integer,
                   SUM(mv.qty)
              FROM (
                    SELECT m.picking_id,
                           m.date::date AS done_day,
                           pol.date_planned::date AS planned_day,
                           COUNT(*) AS lines,
                           COALESCE(SUM(m.product_qty), 0) AS qty
                      FROM stock_move m
                 LEFT JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
                     WHERE m.state = 'done'
                       AND m.company_id = %(company)s
                       AND m.date >= %(start)s AND m.date < %(end)s
                  GROUP BY m.picking_id, m.date::date, pol.date_planned::date
                   ) mv
              JOIN stock_picking sp ON sp.id = mv.picking_id
              JOIN stock_picking_type spt ON spt.id = sp.picking_type_id
              JOIN res_partner rp ON rp.id = sp.partner_id
             WHERE spt.code = 'incoming'
          GROUP BY rp.commercial_partner_id
            """,
            {
                "tol": company.quality_supplier_ontime_tolerance,
                "company": company.id,
                "start": quality_day_start(self, start),
                "end": quality_day_start(self, end),
            },
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    @api.model
    def _nc_figures(self, start, end, company):
        """{partner id: (NC count, rejected quantity)} from receiving nonconformances."""
        if "quality.nonconformance" not in self.env:
            return {}
        groups = (
            self.env["quality.nonconformance"]
            .sudo()
            ._read_group(
                [
                    ("source", "=", "receiving"),
                    ("partner_id", "!=", False),
                    ("company_id", "=", company.id),
                    ("state", "!=", "cancelled"),
                    ("date", ">=", quality_day_start(self, start)),
                    ("date", "<", quality_day_start(self, end)),
                ],
                ["partner_id"],
                ["__count", "quantity:sum"],
            )
        )
        result = {}
        for partner, count, qty in groups:
            key = partner.commercial_partner_id.id
            old = result.get(key, (0, 0.0))
            result[key] = (old[0] + count, old[1] + (qty or 0.0))
        return result

    @api.model
    def _scar_figures(self, start, end, company):
        """{partner id: (SCARs answered, sum of response days)} for SCARs answered in the month."""
        if "quality.capa" not in self.env or "scar_response_date" not in self.env["quality.capa"]._fields:
            return {}
        groups = (
            self.env["quality.capa"]
            .sudo()
            ._read_group(
                [
                    ("origin", "=", "supplier"),
                    ("partner_id", "!=", False),
                    ("company_id", "=", company.id),
                    ("scar_response_date", ">=", quality_day_start(self, start)),
                    ("scar_response_date", "<", quality_day_start(self, end)),
                ],
                ["partner_id"],
                ["__count", "scar_response_days:sum"],
            )
        )
        result = {}
        for partner, count, days in groups:
            key = partner.commercial_partner_id.id
            old = result.get(key, (0, 0.0))
            result[key] = (old[0] + count, old[1] + (days or 0.0))
        return result

    @api.model
    def _compute_month(self, month, company=None):
        """Create or refresh the snapshots of ``month`` (any date in it); return them.

        Idempotent: a second run updates the same rows (unique vendor x month x company).
        """
        company = company or self.env.company
        start = fields.Date.to_date(month).replace(day=1)
        end = start + relativedelta(months=1)
        receipts = self._receipt_figures(start, end, company)
        ncs = self._nc_figures(start, end, company)
        scars = self._scar_figures(start, end, company)
        partner_ids = set(receipts) | set(ncs) | set(scars)
        # Written by the scheduler (superuser, the only caller with demo data and bench): no sudo, so any other
        # caller keeps its own rights (a quality manager may write scorecards, nobody else).
        existing = {
            card.partner_id.id: card for card in self.search([("month", "=", start), ("company_id", "=", company.id)])
        }
        to_create = []
        # A refresh writes only the cards whose figures changed, one write per set of identical figures (the
        # same write, tracking and chatter as before for those; an unchanged card is not written at all).
        to_write = defaultdict(list)
        card_ids = []
        for partner_id in partner_ids:
            lines, ontime, qty = receipts.get(partner_id, (0, 0, 0.0))
            nc_count, rejected = ncs.get(partner_id, (0, 0.0))
            scar_count, scar_days = scars.get(partner_id, (0, 0.0))
            ontime_rate = 100.0 * ontime / lines if lines else 100.0
            ppm = rejected / qty * 1_000_000 if qty else 0.0
            response_days = scar_days / scar_count if scar_count else None
            score = self._score_from_figures(ontime_rate, ppm, response_days)
            vals = {
                "receipt_line_count": lines,
                "ontime_line_count": ontime,
                "ontime_rate": round(ontime_rate, 1),
                "qty_received": qty,
                "qty_rejected": rejected,
                "ppm": round(ppm),
                "nc_count": nc_count,
                "scar_count": scar_count,
                "scar_response_days": response_days or 0.0,
                "score": score,
                "grade": self._grade(score),
            }
            card = existing.get(partner_id)
            if card:
                card_ids.append(card.id)
                changed = card._quality_changes_fields(vals, vals)
                if changed:
                    to_write[tuple((name, vals[name]) for name in changed)].append(card.id)
            else:
                to_create.append(dict(vals, partner_id=partner_id, month=start, company_id=company.id))
        for changes, ids in to_write.items():
            self.browse(ids)._quality_workflow_write(dict(changes))
        cards = self.browse(card_ids)
        if to_create:
            cards |= self._quality_workflow_create(to_create)
        return cards

    def _apply_probation(self):
        """Vendors scoring under the company threshold go to probation, with activities; once per snapshot."""
        low = self.filtered(lambda c: not c.probation_done and c.score < c.company_id.quality_supplier_score_threshold)
        if not low:
            return low
        reasons, quals = {}, {}
        for card in low:
            reasons[card.id] = _(
                "scorecard %(month)s scored %(score)s (grade %(grade)s), under the threshold of %(threshold)s.",
                month=card.month.strftime("%Y-%m"),
                score=card.score,
                grade=card.grade,
                threshold=card.company_id.quality_supplier_score_threshold,
            )
            quals[card.id] = card.partner_id._quality_set_probation(reasons[card.id])

        def prepare(card):
            users = card.partner_id.buyer_id | quals[card.id].responsible_id
            users = users.filtered(lambda u: u.active and not u.share and not u._is_superuser())
            users = users or self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
            note = _("%(vendor)s: %(reason)s", vendor=card.partner_id.display_name, reason=reasons[card.id])
            return [
                {"user_id": user.id, "summary": _("Supplier on probation: low scorecard"), "note": note}
                for user in users
            ]

        self.env["quality.activity"]._quality_schedule_once(
            low, self.env.ref("quality_supplier.mail_activity_scorecard_probation"), prepare, per_user=True
        )
        low._quality_workflow_write({"probation_done": True})
        return low

    @api.model
    def _cron_compute_scorecards(self):
        """Daily: refresh last month's and this month's snapshots; probation on last month's."""
        # Extra lock kept: two runs outside ir.cron's row lock (its server action run directly) would create
        # everything twice (tests/test_cron_concurrency.py).
        if not self.env["quality.cron"]._quality_cron_lock("quality.supplier.scorecard._cron_compute_scorecards"):
            return True
        today = quality_today(self)
        last_month = today.replace(day=1) - relativedelta(months=1)
        for company in self.env["res.company"].search([]):
            self.with_company(company)._compute_month(today, company)
            self.with_company(company)._compute_month(last_month, company)._apply_probation()
        return True
