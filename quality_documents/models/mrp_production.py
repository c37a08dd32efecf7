from odoo import _, fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    quality_procedure_count = fields.Integer("Procedures", compute="_compute_quality_procedure_count")

    def _quality_point_of_use_domain(self):
        self.ensure_one()
        return self.env["quality.document"]._point_of_use_domain(
            products=self.product_id,
            operations=self.workorder_ids.operation_id | self.bom_id.operation_ids,
            workcenters=self.workorder_ids.workcenter_id,
        )

    def _compute_quality_procedure_count(self):
        documents = self.env["quality.document"]
        for production in self:
            production.quality_procedure_count = documents.search_count(production._quality_point_of_use_domain())

    def action_view_quality_procedures(self):
        self.ensure_one()
        return self.env["quality.document"]._action_open_point_of_use(
            products=self.product_id,
            operations=self.workorder_ids.operation_id | self.bom_id.operation_ids,
            workcenters=self.workorder_ids.workcenter_id,
            title=_("Procedures for %(mo)s", mo=self.name),
        )
