from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..models.quality_nonconformance import NC_SOURCES


class QualityNcReportWizard(models.TransientModel):
    """ "Report a problem": the short dialog any employee fills in where they see the problem.

    It creates the nonconformance with the reporter's own rights (every internal user may create one) and
    says so; what the reporter saw (manufacturing order, work order, receipt...) comes prefilled.
    """

    _name = "quality.nc.report.wizard"
    _inherit = ["quality.workflow.mixin"]
    _description = "Report a Problem"

    title = fields.Char("What is wrong?", required=True)
    description = fields.Text("Details")
    quantity = fields.Float("How many?", digits="Product Unit of Measure")
    product_uom_id = fields.Many2one("uom.uom", "Unit")
    photo = fields.Image(max_width=1920, max_height=1920)
    anonymous = fields.Boolean(
        "Report anonymously", help="Your name is not stored with the nonconformance, nor in its history."
    )
    source = fields.Selection(NC_SOURCES, required=True, default="process")
    production_id = fields.Many2one("mrp.production", "Manufacturing Order", readonly=True)
    workorder_id = fields.Many2one("mrp.workorder", "Work Order", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", "Work Center", readonly=True)
    picking_id = fields.Many2one("stock.picking", "Receipt / Transfer", readonly=True)
    purchase_line_id = fields.Many2one("purchase.order.line", "Purchase Order Line", readonly=True)
    partner_id = fields.Many2one("res.partner", "Vendor / Customer", readonly=True)
    product_id = fields.Many2one("product.product")
    lot_id = fields.Many2one("stock.lot", "Lot/Serial Number", readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    origin_name = fields.Char("Seen on", compute="_compute_origin_name")

    @api.depends("workorder_id", "production_id", "picking_id")
    def _compute_origin_name(self):
        for wizard in self:
            origin = wizard.workorder_id or wizard.production_id or wizard.picking_id
            if wizard.workorder_id:
                wizard.origin_name = f"{wizard.production_id.sudo().name} – {wizard.workorder_id.sudo().name}"
            else:
                wizard.origin_name = origin.sudo().display_name if origin else False

    @api.constrains("quantity")
    def _check_quantity(self):
        for wizard in self:
            self.env["quality.nonconformance"]._check_quantity_affected(wizard.quantity, _("How many"))

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id and not self.product_uom_id:
            self.product_uom_id = self.product_id.uom_id

    def _nonconformance_values(self):
        self.ensure_one()
        values = {
            "title": self.title.strip(),
            "description": plaintext2html(self.description) if (self.description or "").strip() else False,
            "quantity": self.quantity,
            "anonymous": self.anonymous,
            "source": self.source,
            "photo": self.photo,
            "company_id": self.company_id.id,
        }
        for name in (
            "product_uom_id",
            "production_id",
            "workorder_id",
            "workcenter_id",
            "picking_id",
            "purchase_line_id",
            "partner_id",
            "product_id",
            "lot_id",
        ):
            values[name] = self[name].id
        return {key: value for key, value in values.items() if value not in (False, None, "")}

    def action_report(self):
        """Create the nonconformance (the reporter's rights) and say so."""
        self.ensure_one()
        if not (self.title or "").strip():
            raise UserError(_("Say in a few words what is wrong, then report."))
        nonconformance = self.env["quality.nonconformance"].create([self._nonconformance_values()])
        name = nonconformance.sudo().name
        message = _("%(name)s is reported: quality will look at it.", name=name)
        if self.anonymous:
            message = _("%(name)s is reported anonymously: quality will look at it.", name=name)
        next_action = {"type": "ir.actions.act_window_close"}
        if self.env.user.has_group("quality_documents.group_quality_user"):
            # Quality goes on with it at once (review, disposition, CAPA); a reporter is done here.
            next_action = {
                "type": "ir.actions.act_window",
                "name": name,
                "res_model": "quality.nonconformance",
                "res_id": nonconformance.id,
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "current",
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Problem reported"),
                "message": message,
                "type": "success",
                "sticky": False,
                "next": next_action,
            },
        }
