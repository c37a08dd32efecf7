"""Bringing existing training records in: an import batch, signed by a quality manager.

Completed training from before Odoo (a spreadsheet of who was trained on what, when, with which evidence)
is imported with Odoo's standard import into the *lines* of a batch (``quality.training.import.line``):
plain data, no status. The batch keeps the source file. Nothing counts yet: the lines complete nobody's
training. When a quality manager who did not prepare the batch (segregation of duties) signs it (meaning *approved*, login and password again), each line
completes the employee's open assignment for that requirement and revision, or becomes a completed
assignment of its own, with the line as its evidence (completion method *Imported record*). This is the
declared path of the workflow: the assignments' status and evidence fields stay closed to plain writes
and creates, imports included.
"""

from odoo import Command, _, api, fields, models
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.exceptions import UserError

QUALITY_USER = "quality_documents.group_quality_user"
QUALITY_MANAGER = "quality_documents.group_quality_manager"
# What the quality manager signs of each line.
LINE_SIGNED_FIELDS = ["employee_id", "requirement_id", "revision_id", "completion_date", "expiry_date", "evidence"]


class QualityTrainingImport(models.Model):
    _name = "quality.training.import"
    _description = "Training Records Import"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.signature.mixin", "quality.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _quality_workflow_fields = frozenset({"state", "preparer_ids"})
    # Signed or cancelled, its file and records stay as they were; a signed batch is kept for good.
    _quality_frozen_fields = frozenset({"name", "source_file", "source_filename", "line_ids", "company_id"})
    _quality_frozen_states = frozenset({"signed", "cancelled"})
    _quality_undeletable_states = frozenset({"signed"})
    _quality_transitions = {
        "approve": {
            "from": ("draft",),
            "to": "signed",
            "group": QUALITY_MANAGER,
            "meaning": "approved",
            "label": "Sign the Import",
        },
        "cancel": {"from": ("draft",), "to": "cancelled", "group": QUALITY_USER, "label": "Cancel"},
    }

    name = fields.Char(
        required=True, tracking=True, help="What these records are, e.g. 'Paper training files 2019-2024'."
    )
    source_file = fields.Binary(attachment=True, help="The spreadsheet the lines were imported from.")
    source_filename = fields.Char("File Name")
    line_ids = fields.One2many("quality.training.import.line", "import_id", "Training Records")
    line_count = fields.Integer("Rows", compute="_compute_line_count")
    assignment_ids = fields.One2many("quality.training.assignment", "import_id", "Completed Assignments")
    state = fields.Selection(
        [("draft", "Draft"), ("signed", "Signed"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    note = fields.Text(help="Where the original records are kept, how they were checked.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    preparer_ids = fields.Many2many(
        "res.users",
        "quality_training_import_preparer_rel",
        "import_id",
        "user_id",
        "Prepared By",
        readonly=True,
        copy=False,
        help="Everyone who created the batch, changed its file or name, or created, edited or deleted its records: "
        "none of them may sign it (segregation of duties). Kept by the batch itself, not by who wrote last.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        batches = super().create(vals_list)
        batches._quality_record_preparer()
        return batches

    def write(self, vals):
        result = super().write(vals)
        if not self._quality_in_workflow() and self._quality_frozen_fields.intersection(vals):
            self._quality_record_preparer()
        return result

    def _quality_record_preparer(self):
        """The current user prepared these batches (their file, name or records changed): they cannot sign them."""
        user = self.env.user
        todo = self.filtered(lambda batch: batch.state == "draft" and user not in batch.preparer_ids)
        if todo:
            todo._quality_workflow_write({"preparer_ids": [Command.link(user.id)]})

    @api.depends("line_ids")
    def _compute_line_count(self):
        for batch in self:
            batch.line_count = len(batch.line_ids)

    def _quality_refuse_workflow_write(self, names=()):
        raise UserError(
            _(
                "A training import is approved only by a quality manager's electronic signature, or cancelled "
                "(%(fields)s cannot be written).",
                fields=", ".join(self._fields[name].string for name in names if name in self._fields),
            )
        )

    def _quality_frozen_explanation(self):
        return _(
            "%(batches)s is %(state)s: its file and records cannot change. Import corrections in a new batch.",
            batches=self._quality_record_names(),
            state=self._quality_state_text(),
        )

    # ------------------------------------------------------------------
    # Signature
    # ------------------------------------------------------------------
    def _quality_signature_fields(self):
        return ["name", "source_file", "company_id", ("line_ids", LINE_SIGNED_FIELDS)]

    def _quality_check_can_sign(self, meaning):
        if meaning != "approved":
            raise UserError(_("A training import is signed only as approved, by a quality manager."))
        if self.state != "draft":
            raise UserError(_("%(batch)s is not a draft: nothing to sign.", batch=self.display_name))
        if not self.line_ids:
            raise UserError(
                _("%(batch)s has no training records: import them before signing.", batch=self.display_name)
            )
        self._quality_check_transition("approve")
        user = self.env.user
        # preparer_ids keeps every preparer; the uids also cover a batch prepared before it was kept.
        if user in (self.preparer_ids | self.create_uid | self.line_ids.create_uid | self.line_ids.write_uid):
            raise UserError(
                _(
                    "Segregation of duties: %(user)s prepared %(batch)s (created it, or imported or edited its "
                    "records) and cannot approve it: another quality manager signs it.",
                    user=user.name,
                    batch=self.display_name,
                )
            )
        return super()._quality_check_can_sign(meaning)

    def _quality_on_signed(self, signature):
        if signature.meaning == "approved":
            self._quality_apply_lines()
            self._quality_transition("approve")
        return super()._quality_on_signed(signature)

    def _quality_apply_lines(self):
        """Each line completes the employee's open assignment (same requirement and revision) or a new one.

        One search for the open assignments and one create for the others, whatever the number of lines;
        written with the signing quality manager's own rights."""
        self.ensure_one()
        Assignment = self.env["quality.training.assignment"]
        lines = self.line_ids
        open_assignments = Assignment.search(
            [
                ("employee_id", "in", lines.employee_id.ids),
                ("requirement_id", "in", lines.requirement_id.ids),
                ("state", "=", "assigned"),
            ]
        )
        by_key = {(a.employee_id.id, a.requirement_id.id, a.revision_id.id): a for a in open_assignments}
        targets = {}
        values = []
        for line in lines:
            assignment = by_key.pop(line._quality_key(), None)
            if assignment:
                targets[line] = assignment
            else:
                values.append(
                    {
                        "employee_id": line.employee_id.id,
                        "requirement_id": line.requirement_id.id,
                        "revision_id": line.revision_id.id,
                        "assigned_date": line.completion_date,
                        "due_date": line.completion_date,
                        "company_id": self.company_id.id,
                    }
                )
        created = iter(Assignment._quality_workflow_create(values))
        for line in lines:
            assignment = targets.get(line) or next(created)
            evidence = {"completion_method": "import", "import_line_id": line.id}
            if line.expiry_date:
                evidence["expiry_date"] = line.expiry_date
            assignment._mark_done(completion_date=line.completion_date, transition="import", **evidence)
        done = lines.assignment_ids
        # Historical training already lapsed is recorded as such (as the daily job would).
        done.filtered(lambda a: a.expiry_date and a.expiry_date < quality_today(self))._quality_transition("expire")
        return done

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_import_lines(self):
        """Odoo's standard import screen, for the lines of this batch."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("%(batch)s is not a draft: import corrections in a new batch.", batch=self.display_name))
        return {
            "type": "ir.actions.client",
            "tag": "import",
            "params": {
                "model": "quality.training.import.line",
                "context": {"default_import_id": self.id},
            },
        }

    def action_cancel(self):
        self._quality_transition("cancel")
        return True
