from odoo import _, fields, models
from odoo.exceptions import UserError

ANSWERS = [
    ("conforming", "Conforming"),
    ("minor_nc", "Minor NC"),
    ("major_nc", "Major NC"),
    ("observation", "Observation"),
    ("ofi", "Opportunity for Improvement"),
    ("na", "Not Applicable"),
]


class QualityAuditQuestion(models.Model):
    """A checklist question of an audit, copied from a template, with its answer and evidence."""

    _name = "quality.audit.question"
    _inherit = ["quality.workflow.mixin"]
    _description = "Audit Checklist Answer"
    _order = "audit_id, sequence, id"

    _FINDING_SEVERITY = {
        "minor_nc": "minor",
        "major_nc": "major",
        "observation": "observation",
        "ofi": "opportunity",
    }

    audit_id = fields.Many2one("quality.audit", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Question", required=True)
    clause = fields.Char()
    guidance = fields.Text()
    template_question_id = fields.Many2one("quality.audit.checklist.template.question", ondelete="set null")
    answer = fields.Selection(ANSWERS)
    evidence = fields.Text(help="Objective evidence: records sampled, people interviewed, observations.")
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    finding_id = fields.Many2one("quality.audit.finding", readonly=True, copy=False)
    company_id = fields.Many2one(related="audit_id.company_id", store=True)
    audit_state = fields.Selection(related="audit_id.state", string="Audit Status")

    def write(self, vals):
        if any(key in vals for key in ("answer", "evidence", "name", "clause")):
            for question in self:
                if question.audit_id.state in ("closed", "cancelled"):
                    raise UserError(
                        _(
                            "Audit %(audit)s is closed: its checklist can no longer change.",
                            audit=question.audit_id.name,
                        )
                    )
        return super().write(vals)

    def _create_finding(self):
        vals_list = []
        for question in self:
            severity = self._FINDING_SEVERITY.get(question.answer)
            if not severity:
                raise UserError(
                    _(
                        "Question “%(question)s” is answered %(answer)s: only a nonconformity, observation or "
                        "opportunity for improvement becomes a finding.",
                        question=question.name,
                        answer=dict(ANSWERS).get(question.answer, _("(no answer)")),
                    )
                )
            if question.finding_id:
                raise UserError(_("Question “%(question)s” already has a finding.", question=question.name))
            vals_list.append(
                {
                    "audit_id": question.audit_id.id,
                    "severity": severity,
                    "clause": question.clause,
                    "description": question.name,
                    "evidence": question.evidence,
                    "question_id": question.id,
                }
            )
        findings = self.env["quality.audit.finding"].create(vals_list)
        for question, finding in zip(self, findings, strict=True):
            question.finding_id = finding
        return findings

    def action_create_finding(self):
        self.ensure_one()
        finding = self._create_finding()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.audit.finding",
            "res_id": finding.id,
            "view_mode": "form",
            "target": "current",
        }
