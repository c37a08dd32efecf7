from odoo import _, fields, models
from odoo.exceptions import UserError


class QualityManagementReviewAction(models.Model):
    """A decision or action of a management review (ISO 9001 9.3.3); an action can open a CAPA."""

    _name = "quality.management.review.action"
    _description = "Management Review Decision or Action"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.workflow.mixin"]
    _order = "review_id, sequence, id"
    _quality_workflow_fields = frozenset({"state"})  # changed only by its buttons and signatures
    _quality_transitions = {
        "done": {
            "from": ("open",),
            "to": "done",
            "group": "quality_documents.group_quality_manager",
            "label": "Done",
        },
    }
    _check_company_auto = True

    review_id = fields.Many2one("quality.management.review", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [("decision", "Decision"), ("action", "Action")], required=True, default="action", tracking=True
    )
    category = fields.Selection(
        [
            ("improvement", "Improvement Opportunity"),
            ("change", "Change to the QMS"),
            ("resources", "Resource Need"),
        ],
        default="improvement",
    )
    name = fields.Char("Description", required=True, tracking=True)
    owner_id = fields.Many2one("res.users", tracking=True)
    due_date = fields.Date(tracking=True)
    state = fields.Selection([("open", "Open"), ("done", "Done")], default="open", required=True, tracking=True)
    capa_id = fields.Many2one("quality.capa", "CAPA", copy=False, check_company=True, tracking=True)
    company_id = fields.Many2one(related="review_id.company_id", store=True)

    def action_create_capa(self):
        for action in self:
            if action.capa_id:
                raise UserError(_("This action already has a CAPA."))
        Capa = self.env["quality.capa"]
        vals_list = []
        for action in self:
            vals = {
                "title": action.name[:200],
                "capa_type": "preventive" if action.category == "improvement" else "corrective",
                "origin": "other",
                "origin_ref": f"{action._name},{action.id}",
                "problem_statement": _(
                    "Management review %(review)s: %(action)s", review=action.review_id.name, action=action.name
                ),
                "owner_id": (action.owner_id or self.env.user).id,
                "company_id": action.company_id.id,
            }
            vals_list.append(vals)
        capas = Capa.create(vals_list)
        for action, capa in zip(self, capas, strict=True):
            action.capa_id = capa
        if len(capas) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "quality.capa",
                "res_id": capas.id,
                "view_mode": "form",
            }
        return True

    def action_done(self):
        return self._quality_transition("done")
