from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class QualityDefectCategory(models.Model):
    _name = "quality.defect.category"
    _inherit = ["quality.workflow.mixin"]
    _description = "Defect Category"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    parent_id = fields.Many2one("quality.defect.category", "Parent Category", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("quality.defect.category", "parent_id", "Sub-categories")
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for categ in self:
            categ.complete_name = f"{categ.parent_id.complete_name} / {categ.name}" if categ.parent_id else categ.name

    @api.constrains("parent_id")
    def _check_hierarchy(self):
        if self._has_cycle():
            raise ValidationError(_("A defect category cannot be its own parent."))
