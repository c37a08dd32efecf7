from odoo import api, fields, models


class QualitySignatureFailure(models.Model):
    """Log of refused signing attempts (wrong password).

    Rows are written in their own transaction, so that the refusal (which rolls
    back the signing transaction) does not also roll back its trace. The user
    is kept as a plain id, not a foreign key: the signing transaction may not
    have committed the user yet.
    """

    _name = "quality.signature.failure"
    _inherit = ["quality.workflow.mixin"]
    _description = "Refused Signature Attempt"
    _order = "attempted_at desc, id desc"
    _rec_name = "user_name"

    user_ref = fields.Integer("User ID", required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", compute="_compute_user_id")
    user_name = fields.Char(readonly=True)
    attempted_at = fields.Datetime(required=True, readonly=True)
    res_model = fields.Char(readonly=True)
    res_id = fields.Integer(readonly=True)
    res_name = fields.Char(readonly=True)
    meaning = fields.Char(readonly=True)
    company_ref = fields.Integer(readonly=True)

    @api.depends("user_ref")
    def _compute_user_id(self):
        for row in self:
            row.user_id = self.env["res.users"].browse(row.user_ref).exists()
