from urllib.parse import urlencode

from odoo import _, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request


class QualitySupplierPortal(CustomerPortal):
    """Vendors answer their SCARs (supplier corrective action requests) on the portal.

    A SCAR is a portal document (``portal.mixin``): access is checked by ``_document_check_access`` (record
    rules, or the SCAR's access token), as Odoo's own portal pages do. The vendor sees statuses written for
    them, never the internal CAPA stage or number.
    """

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
        request.session["my_scars_history"] = scars.ids[:100]
        values = self._prepare_portal_layout_values()
        # Read as the system what the template shows of the vendor's own SCARs (found with their rights above).
        values.update({"scars": scars.sudo(), "pager": pager, "page_name": "scar", "default_url": "/my/scars"})
        return request.render("quality_supplier.portal_my_scars", values)

    def _scar_check_access(self, scar_id, access_token=None):
        """The SCAR, read as the system, once the vendor's right to it is checked (rules or token)."""
        scar_sudo = self._document_check_access("quality.capa", scar_id, access_token=access_token)
        if scar_sudo.origin != "supplier":
            raise MissingError(_("This SCAR does not exist."))
        return scar_sudo

    @http.route(["/my/scars/<int:scar_id>"], type="http", auth="user", website=True)
    def portal_my_scar(self, scar_id, access_token=None, message=None, error=None, **kw):
        try:
            scar_sudo = self._scar_check_access(scar_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values = self._get_page_view_values(scar_sudo, access_token, values, "my_scars_history", False, **kw)
        values.update(
            {
                "scar": scar_sudo,
                "page_name": "scar",
                "message": message,
                "error": error,
                "can_answer": scar_sudo._quality_scar_can_answer(),
                "files": scar_sudo._quality_scar_portal_files(),
            }
        )
        return request.render("quality_supplier.portal_my_scar", values)

    @http.route(["/my/scars/<int:scar_id>/respond"], type="http", auth="user", methods=["POST"], website=True)
    def portal_my_scar_respond(
        self, scar_id, access_token=None, containment="", root_cause="", corrective_action="", **kw
    ):
        try:
            scar_sudo = self._scar_check_access(scar_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        attachments = []
        upload = kw.get("attachment")
        if upload and getattr(upload, "filename", None):
            attachments.append((upload.filename, upload.read()))
        query = {"access_token": access_token} if access_token else {}
        try:
            # Refused by the model when the SCAR is closed or already answered (until quality asks again).
            scar_sudo._quality_scar_respond(
                request.env.user.partner_id,
                containment=containment,
                root_cause=root_cause,
                corrective_action=corrective_action,
                attachments=attachments,
            )
        except UserError as error:
            query["error"] = error.args[0]
        else:
            query["message"] = "sent"
        return request.redirect(f"/my/scars/{scar_sudo.id}?{urlencode(query)}")
