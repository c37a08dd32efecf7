from odoo import api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.tools import SQL

from .quality_supplier_qualification import QUALIFICATION_STATES

# What the supplier gate reads of a vendor's qualifications (columns; the scope comes with them).
QUALIFICATION_GATE_COLUMNS = ("partner_id", "state", "valid_from", "valid_until")


class ResPartner(models.Model):
    _inherit = "res.partner"

    quality_qualification_ids = fields.One2many("quality.supplier.qualification", "partner_id", string="Qualifications")
    quality_certificate_ids = fields.One2many("quality.supplier.certificate", "partner_id", string="Certificates")
    quality_scorecard_ids = fields.One2many("quality.supplier.scorecard", "partner_id", string="Scorecards")
    quality_nonconformance_ids = fields.One2many(
        "quality.nonconformance",
        "partner_id",
        string="Supplier Nonconformances",
        domain=[("source", "in", ("receiving", "supplier"))],
    )
    quality_scar_ids = fields.One2many(
        "quality.capa", "partner_id", string="SCARs", domain=[("origin", "=", "supplier")]
    )
    quality_supplier_status = fields.Selection(
        [("none", "Not qualified")] + QUALIFICATION_STATES,
        compute="_compute_quality_supplier_status",
        string="Supplier Quality Status",
    )

    @api.depends("commercial_partner_id.quality_qualification_ids.state")
    @api.depends_context("company")
    def _compute_quality_supplier_status(self):
        """Badge: status of the qualification that stands for the vendor as a whole (``_pick_vendor_qualification``)."""
        today = quality_today(self)
        quals = (
            self.env["quality.supplier.qualification"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("company_id", "=", self.env.company.id),
                ]
            )
        )
        for partner in self:
            mine = quals.filtered(lambda q, p=partner: q.partner_id == p.commercial_partner_id)
            if not mine:
                partner.quality_supplier_status = "none"
                continue
            partner.quality_supplier_status = mine._pick_vendor_qualification(today).state

    def _quality_qualifications(self, company):
        """The active qualifications of these vendors (their commercial entities) in ``company`` (sudo), with
        what the supplier gate reads of them (vendor, status, validity and scope) in cache: one query.

        As ``search`` then a read of those fields, the scope (a many2many) fetched in the same query as the
        columns instead of a second one; a value already in cache is kept (as ``search_fetch`` does).
        """
        Qualification = self.env["quality.supplier.qualification"].sudo()
        Category = self.env["product.category"].sudo().with_context(active_test=False)
        partners = self.commercial_partner_id
        query = Qualification._search([("partner_id", "in", partners.ids), ("company_id", "=", company.id)], order="id")
        table = Qualification._table
        # The scope as the many2many's own read gives it (its relation, in the categories' order), per row.
        scope_field = Qualification._fields["categ_ids"]
        scope = Category._where_calc([])
        scope.order = Category._order_to_sql(Category._order, scope)
        scope.add_join(
            "JOIN",
            scope_field.relation,
            None,
            SQL(
                "%s = %s",
                SQL.identifier(scope_field.relation, scope_field.column2),
                SQL.identifier(Category._table, "id"),
            ),
        )
        scope.add_where(
            SQL("%s = %s", SQL.identifier(scope_field.relation, scope_field.column1), SQL.identifier(table, "id"))
        )
        rows = self.env.execute_query(
            query.select(
                SQL.identifier(table, "id"),
                *(Qualification._field_to_sql(table, name, query) for name in QUALIFICATION_GATE_COLUMNS),
                SQL(
                    "ARRAY(%s)",
                    scope.select(SQL.identifier(scope_field.relation, scope_field.column2)),
                    to_flush=scope_field,
                ),
            )
        )
        quals = Qualification.browse(row[0] for row in rows)
        for index, name in enumerate(QUALIFICATION_GATE_COLUMNS, start=1):
            self.env.cache.insert_missing(quals, Qualification._fields[name], [row[index] for row in rows])
        self.env.cache.insert_missing(quals, scope_field, [tuple(row[-1]) for row in rows])
        return quals

    def _quality_set_probation(self, reason):
        """Put this vendor's current qualifications on probation (used by audits and scorecards)."""
        quals = (
            self.env["quality.supplier.qualification"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("state", "in", ("approved", "conditional", "pending")),
                ]
            )
        )
        return quals._set_probation(reason)

    # The vendor's quality status at the top of its form: what it is, why, what is missing, what to do next,
    # and the scorecard figures that drive it (the latest month's).

    quality_supplier_hint = fields.Text("Quality Status Hint", compute="_compute_quality_supplier_hint")
    quality_supplier_next_step = fields.Char("Next Step", compute="_compute_quality_supplier_hint")
    quality_supplier_figures = fields.Char("Scorecard Driving the Status", compute="_compute_quality_supplier_hint")

    @api.depends("quality_supplier_status")
    @api.depends_context("company")
    def _compute_quality_supplier_hint(self):
        _ = self.env._
        today = quality_today(self)
        commercial = self.commercial_partner_id
        Qualification = self.env["quality.supplier.qualification"].sudo()
        quals = Qualification.search([("partner_id", "in", commercial.ids), ("company_id", "=", self.env.company.id)])
        certificates = (
            self.env["quality.supplier.certificate"]
            .sudo()
            .search([("partner_id", "in", commercial.ids), ("company_id", "=", self.env.company.id)])
        )
        scorecards = (
            self.env["quality.supplier.scorecard"]
            .sudo()
            .search(
                [("partner_id", "in", commercial.ids), ("company_id", "=", self.env.company.id)], order="month desc"
            )
        )
        for partner in self:
            vendor = partner.commercial_partner_id
            mine = quals.filtered(lambda q, v=vendor: q.partner_id == v)
            status = partner.quality_supplier_status
            current = mine._pick_vendor_qualification(today) or None
            missing = []
            if current:
                held = certificates.filtered(lambda c, v=vendor: c.partner_id == v and c.state != "expired").type_id
                missing = [t.name for t in current.required_certificate_type_ids - held]
            expired = certificates.filtered(lambda c, v=vendor: c.partner_id == v and c.state == "expired")
            card = scorecards.filtered(lambda s, v=vendor: s.partner_id == v)[:1]
            if status == "none" and not partner.supplier_rank and not mine:
                partner.quality_supplier_hint = partner.quality_supplier_next_step = False
                partner.quality_supplier_figures = False
                continue
            line, step = self._quality_supplier_status_text(status, current)
            lines = [line] if line else []
            if current and current.reason and status != "approved":
                lines.append(_("Why: %(reason)s", reason=current.reason))
            if missing:
                lines.append(_("Missing certificates: %(names)s.", names=", ".join(missing)))
            if expired:
                lines.append(_("Expired certificates: %(names)s.", names=", ".join(expired.mapped("name"))))
                step = step or _("Ask the vendor for the renewed certificates.")
            partner.quality_supplier_hint = "\n".join(lines)
            partner.quality_supplier_next_step = step
            partner.quality_supplier_figures = self._quality_supplier_scorecard_text(card)

    @api.model
    def _quality_supplier_status_text(self, status, current):
        """What the status means and the next step to take: ``(line, step)`` for the vendor's status hint."""
        _ = self.env._
        if status == "none":
            return (
                _("Not qualified: orders for categories under the supplier gate are refused."),
                _("Request a qualification (Quality › Suppliers › Qualifications)."),
            )
        if status == "approved":
            until = current.valid_until if current else False
            return (_("Approved until %(date)s.", date=until) if until else _("Approved, with no end date.")), False
        texts = {
            "pending": (
                _("Qualification requested, not yet signed."),
                _("Quality reviews the evidence and signs the approval."),
            ),
            "conditional": (
                _("Approved under conditions."),
                _("Meet the conditions, then quality signs a full approval."),
            ),
            "probation": (
                _("On probation: orders go on, watched closely."),
                _("Answer the open SCARs; the status is reviewed with the next scorecards."),
            ),
            "disqualified": (
                _("Disqualified: new orders are refused."),
                _("A new qualification, signed by quality, is needed to order again."),
            ),
        }
        return texts.get(status, (False, False))

    @api.model
    def _quality_supplier_scorecard_text(self, card):
        """The latest scorecard's figures in one line (False without a scorecard)."""
        if not card:
            return False
        return self.env._(
            "Scorecard %(month)s: on-time %(ontime).0f %%, %(ppm).0f PPM, score %(score).0f, grade %(grade)s",
            month=card.month.strftime("%B %Y"),
            ontime=card.ontime_rate,
            ppm=card.ppm,
            score=card.score,
            grade=card.grade or "–",
        )
