from odoo import fields, models


class MrpRoutingWorkcenter(models.Model):
    _inherit = "mrp.routing.workcenter"

    quality_document_ids = fields.Many2many(
        "quality.document",
        "quality_document_mrp_routing_workcenter_rel",
        "mrp_routing_workcenter_id",
        "quality_document_id",
        string="Controlled Documents",
    )
