from odoo import api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today

from .quality_supplier_qualification import QUALIFICATION_STATES


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
        """Badge: status of the broadest valid qualification (all products first), else the most recent one."""
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
            ranked = sorted(
                mine,
                key=lambda q: (q._is_valid_on(today), not q.categ_ids, q.valid_from or today.min, q.id),
                reverse=True,
            )
            partner.quality_supplier_status = ranked[0].state

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
