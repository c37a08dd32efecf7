from odoo import _, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request


class QualitySupplierPortal(CustomerPortal):
    """Vendors answer their SCARs (supplier corrective action requests) on the portal."""

    def _scar_domain(self):
        return [("origin", "=", "supplier")]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "scar_count" in counters:
            Capa = request.env["quality.capa"]
            values["scar_count"] = Capa.search_count(self._scar_domain()) if Capa.has_access("read") else 0
        return values

    @http.route(["/my/scars", "/my/scars/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_scars(self, page=1, **kw):
        Capa = request.env["quality.capa"]
        if not Capa.has_access("read"):
            return request.redirect("/my")
        domain = self._scar_domain()
        count = Capa.search_count(domain)
        pager = portal_pager(url="/my/scars", total=count, page=page, step=self._items_per_page)
        scars = Capa.search(
            domain, order="response_due_date, id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update({"scars": scars.sudo(), "pager": pager, "page_name": "scar", "default_url": "/my/scars"})
        return request.render("quality_supplier.portal_my_scars", values)

    def _scar_check_access(self, scar_id):
        scar = request.env["quality.capa"].browse(scar_id)
        scar.check_access("read")
        if not scar.exists() or scar.origin != "supplier":
            raise MissingError(_("This SCAR does not exist."))
        return scar.sudo()

    @http.route(["/my/scars/<int:scar_id>"], type="http", auth="user", website=True)
    def portal_my_scar(self, scar_id, **kw):
        try:
            scar = self._scar_check_access(scar_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "scar": scar,
                "page_name": "scar",
                "message": kw.get("message"),
                "error": kw.get("error"),
            }
        )
        return request.render("quality_supplier.portal_my_scar", values)

    @http.route(["/my/scars/<int:scar_id>/respond"], type="http", auth="user", methods=["POST"], website=True)
    def portal_my_scar_respond(self, scar_id, containment="", root_cause="", corrective_action="", **kw):
        try:
            scar = self._scar_check_access(scar_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        attachments = []
        upload = kw.get("attachment")
        if upload and getattr(upload, "filename", None):
            attachments.append((upload.filename, upload.read()))
        try:
            scar._quality_scar_respond(
                request.env.user.partner_id,
                containment=containment,
                root_cause=root_cause,
                corrective_action=corrective_action,
                attachments=attachments,
            )
        except UserError as error:
            return request.redirect(f"/my/scars/{scar.id}?error={error.args[0]}")
        return request.redirect(f"/my/scars/{scar.id}?message=sent")
