from odoo import _, fields, models


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    quality_procedure_count = fields.Integer("Procedures", compute="_compute_quality_procedure_count")

    def _quality_point_of_use_args(self):
        self.ensure_one()
        return {"products": self.product_id, "operations": self.operation_id, "workcenters": self.workcenter_id}

    def _compute_quality_procedure_count(self):
        documents = self.env["quality.document"]
        for workorder in self:
            domain = documents._point_of_use_domain(**workorder._quality_point_of_use_args())
            workorder.quality_procedure_count = documents.search_count(domain)

    def action_view_quality_procedures(self):
        self.ensure_one()
        return self.env["quality.document"]._action_open_point_of_use(
            title=_("Procedures for %(wo)s", wo=self.display_name), **self._quality_point_of_use_args()
        )
