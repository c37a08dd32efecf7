from odoo import fields, models


class QualitySupplierCertificateType(models.Model):
    _name = "quality.supplier.certificate.type"
    _inherit = ["quality.workflow.mixin"]
    _description = "Supplier Certificate Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A certificate type with this name already exists."),
    ]
