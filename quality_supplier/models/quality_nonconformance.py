from datetime import timedelta

from odoo import Command, _, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import formatLang, get_lang

SCAR_DEFAULT_RESPONSE_DAYS = 14


class QualityNonconformance(models.Model):
    _inherit = "quality.nonconformance"

    def _quality_issue_scar(self, response_due_date=None, problem_statement=None):
        """Issue a SCAR (CAPA with origin supplier) to the vendor of these receiving NCs; return it."""
        if not self:
            raise UserError(_("Select the nonconformances the SCAR is about."))
        vendors = self.partner_id.commercial_partner_id
        if len(vendors) != 1:
            raise UserError(_("A SCAR is addressed to one vendor: the selected nonconformances must share one vendor."))
        if self.filtered(lambda nc: nc.source not in ("receiving", "supplier")):
            raise UserError(_("A SCAR is issued from receiving or supplier nonconformances only."))
        companies = self.company_id
        if len(companies) != 1:
            raise UserError(_("The nonconformances of one SCAR must belong to one company."))
        due = response_due_date or quality_today(self) + timedelta(days=SCAR_DEFAULT_RESPONSE_DAYS)
        # The vendor reads it on the portal: what was found, not our internal NC numbers (linked on the SCAR).
        statement = problem_statement or "\n".join(nc._quality_scar_finding() for nc in self)
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("quality_documents.group_quality_user")
            or user.has_group("purchase.group_purchase_user")
        ):
            raise AccessError(_("Only buyers and quality users can issue a SCAR."))
        vals = {
            "title": _("SCAR %(vendor)s: %(title)s", vendor=vendors.display_name, title=self[0].title or ""),
            "capa_type": "corrective",
            "origin": "supplier",
            "partner_id": vendors.id,
            "nonconformance_ids": [Command.set(self.ids)],
            "problem_statement": statement,
            "response_due_date": due,
            "scar_issued_date": fields.Datetime.now(),
            "company_id": companies.id,
        }
        owner = user if not user._is_superuser() else self.env.ref("base.user_admin", raise_if_not_found=False)
        if owner:
            vals["owner_id"] = owner.id
        Capa = self.env["quality.capa"]
        if not Capa.has_access("create"):
            # A buyer issues the SCAR without CAPA rights (checked above): only this draft CAPA is created for them.
            Capa = Capa.sudo()
        capa = Capa.create(vals).with_env(self.env)
        for nc in self:
            # A log note (Odoo's _message_log): a buyer reads the nonconformance but may not write it.
            nc._message_log(body=_("SCAR %(name)s issued to %(vendor)s.", name=capa.name, vendor=vendors.display_name))
        return capa

    def action_issue_scar(self):
        capa = self._quality_issue_scar()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.capa",
            "res_id": capa.id,
            "view_mode": "form",
        }

    def _quality_scar_finding(self):
        """One line of the SCAR's problem statement, as the vendor reads it: "Burrs on the bore (Flange, 7 Units
        rejected)"."""
        self.ensure_one()
        return _(
            "%(finding)s (%(product)s, %(quantity)s rejected)",
            finding=self.title or "",
            product=self.product_id.display_name or "",
            quantity=self._quality_scar_quantity(),
        )

    def _quality_scar_quantity(self):
        """The quantity rejected as the vendor reads it (statement and portal): "1,250 Units", "2.5 kg"; at the
        unit's precision, in the reader's language, without trailing decimal zeros."""
        self.ensure_one()
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        text = formatLang(self.env, self.quantity or 0.0, digits=digits)
        point = get_lang(self.env).decimal_point or "."  # the language formatLang writes in
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return f"{text} {self.product_uom_id.name}" if self.product_uom_id else text
