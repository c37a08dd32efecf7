from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.models.quality_workflow_mixin import ALL_FIELDS
from odoo.exceptions import ValidationError


class QualityTrainingImportLine(models.Model):
    """One historical training record of an import batch: plain data until the batch is signed.

    Imported with Odoo's standard import (``load``); every check names the field and the value it refuses,
    and ``load`` adds the row, so a bad row is named and nothing of the file is kept."""

    _name = "quality.training.import.line"
    _description = "Imported Training Record"
    _inherit = ["quality.workflow.mixin", "quality.import.mixin"]
    _order = "import_id, id"
    _check_company_auto = True
    # Part of its batch's records: frozen with it once signed or cancelled (quality.workflow.mixin).
    _quality_frozen_parent = "import_id"
    _quality_frozen_fields = ALL_FIELDS

    import_id = fields.Many2one(
        "quality.training.import", required=True, index=True, ondelete="cascade", check_company=True
    )
    employee_id = fields.Many2one("hr.employee", required=True, check_company=True, ondelete="restrict")
    requirement_id = fields.Many2one(
        "quality.training.requirement", required=True, check_company=True, ondelete="restrict"
    )
    revision_id = fields.Many2one(
        "quality.document.revision",
        "Revision Trained",
        ondelete="restrict",
        help="For a document requirement: the revision the employee was trained on. Empty in the file: the revision "
        "in effect when the row is imported.",
    )
    completion_date = fields.Date("Completed On", required=True)
    expiry_date = fields.Date(
        "Valid Until", help="Empty: computed from the requirement's validity, as for training completed in Odoo."
    )
    evidence = fields.Char(
        required=True, help="Where the original record is: form number, certificate number, file reference."
    )
    company_id = fields.Many2one(related="import_id.company_id", store=True, index=True)
    state = fields.Selection(related="import_id.state")
    assignment_ids = fields.One2many("quality.training.assignment", "import_line_id", "Completed Assignment")

    _sql_constraints = [
        (
            "record_uniq",
            "UNIQUE NULLS NOT DISTINCT (import_id, employee_id, requirement_id, revision_id, completion_date)",
            "This training record is twice in the import: remove the duplicate row.",
        )
    ]

    def _quality_key(self):
        return self.employee_id.id, self.requirement_id.id, self.revision_id.id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            empty = [
                name for name in ("employee_id", "requirement_id", "completion_date", "evidence") if not vals.get(name)
            ]
            if empty:
                raise ValidationError(
                    _(
                        "A training record needs %(fields)s: fill it in on this row.",
                        fields=", ".join(self._fields[name].string for name in empty),
                    )
                )
        requirements = self.env["quality.training.requirement"].browse(
            {vals["requirement_id"] for vals in vals_list if vals.get("requirement_id") and not vals.get("revision_id")}
        )
        targets = {req.id: req._target_revision().id for req in requirements.sudo()}
        for vals in vals_list:
            if not vals.get("revision_id") and targets.get(vals.get("requirement_id")):
                vals["revision_id"] = targets[vals["requirement_id"]]
        lines = super().create(vals_list)
        lines.import_id._quality_record_preparer()
        return lines

    def write(self, vals):
        batches = self.import_id
        result = super().write(vals)
        if vals:
            (batches | self.import_id)._quality_record_preparer()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_record_preparer(self):
        """Deleting records of a batch prepares it too: who chose what stays in it does not sign it."""
        self.import_id._quality_record_preparer()

    @api.constrains("completion_date", "expiry_date", "requirement_id", "revision_id")
    def _check_record(self):
        today = quality_today(self)
        for line in self:
            who = _(
                "%(employee)s, %(requirement)s", employee=line.employee_id.name, requirement=line.requirement_id.name
            )
            if line.completion_date > today:
                raise ValidationError(
                    _(
                        "%(who)s: Completed On (%(date)s) is in the future. Import only training already done.",
                        who=who,
                        date=line.completion_date,
                    )
                )
            if line.expiry_date and line.expiry_date < line.completion_date:
                raise ValidationError(
                    _(
                        "%(who)s: Valid Until (%(until)s) is before Completed On (%(date)s). Fix the dates.",
                        who=who,
                        until=line.expiry_date,
                        date=line.completion_date,
                    )
                )
            requirement = line.requirement_id
            if requirement.requirement_type != "document":
                if line.revision_id:
                    raise ValidationError(
                        _(
                            "%(who)s: Revision Trained (%(revision)s) is given, but %(requirement)s is a course: "
                            "leave the revision empty.",
                            who=who,
                            revision=line.revision_id.display_name,
                            requirement=requirement.name,
                        )
                    )
            elif not line.revision_id:
                raise ValidationError(
                    _(
                        "%(who)s: Revision Trained is empty and %(document)s has no revision in effect. "
                        "Name the revision the employee was trained on.",
                        who=who,
                        document=requirement.document_id.display_name,
                    )
                )
            elif line.revision_id.document_id != requirement.document_id:
                raise ValidationError(
                    _(
                        "%(who)s: Revision Trained (%(revision)s) is not a revision of %(document)s, the document "
                        "of this requirement.",
                        who=who,
                        revision=line.revision_id.display_name,
                        document=requirement.document_id.display_name,
                    )
                )
