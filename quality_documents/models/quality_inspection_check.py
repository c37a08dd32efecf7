import re
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

CHECK_STATES = [("todo", "To Do"), ("pass", "Passed"), ("fail", "Failed")]
NUMBER_SPLIT = re.compile(r"[\s;]+")


class QualityInspectionCheck(models.Model):
    """One characteristic to inspect on one receipt (per product), work order or manufacturing order.

    Created by the effective control plan when the work reaches it; its result is recorded only through its
    buttons (``_quality_transitions``) and the receipt, work order or manufacturing order cannot be validated
    while a check is to do.
    """

    _name = "quality.inspection.check"
    _description = "Inspection Check"
    _inherit = ["mail.thread", "mail.activity.mixin", "quality.workflow.mixin"]
    _order = "id"
    _check_company_auto = True

    _quality_workflow_fields = frozenset(
        {
            "state",
            "characteristic_id",
            "picking_id",
            "workorder_id",
            "production_id",
            "product_id",
            "lot_id",
            "company_id",
            "sample_size",
            "accept_number",
            "reject_number",
            "sampling_note",
            "measured_values",
            "measured_value",
            "defect_count",
            "done_by_id",
            "done_date",
        }
    )
    _quality_transitions = {
        "pass": {"from": ("todo",), "to": "pass", "group": None, "meaning": None, "label": "Pass"},
        "fail": {"from": ("todo",), "to": "fail", "group": None, "meaning": None, "label": "Fail"},
        "reopen": {
            "from": ("pass", "fail"),
            "to": "todo",
            "group": "quality_documents.group_quality_manager",
            "meaning": None,
            "label": "Reopen",
        },
    }

    name = fields.Char(compute="_compute_name", store=True)
    characteristic_id = fields.Many2one(
        "quality.inspection.characteristic", required=True, readonly=True, index=True, ondelete="restrict"
    )
    revision_id = fields.Many2one(related="characteristic_id.revision_id", store=True, string="Control Plan")
    kind = fields.Selection(related="characteristic_id.kind")
    applies_to = fields.Selection(related="characteristic_id.applies_to", store=True)
    instruction = fields.Text(related="characteristic_id.instruction")
    nominal = fields.Float(related="characteristic_id.nominal")
    lsl = fields.Float(related="characteristic_id.lsl")
    usl = fields.Float(related="characteristic_id.usl")
    uom_id = fields.Many2one(related="characteristic_id.uom_id")
    spec_display = fields.Char(related="characteristic_id.spec_display")
    picking_id = fields.Many2one("stock.picking", "Receipt", readonly=True, index=True, ondelete="restrict")
    workorder_id = fields.Many2one("mrp.workorder", "Work Order", readonly=True, index=True, ondelete="restrict")
    production_id = fields.Many2one(
        "mrp.production", "Manufacturing Order", readonly=True, index=True, ondelete="restrict"
    )
    product_id = fields.Many2one("product.product", readonly=True, index=True)
    lot_id = fields.Many2one("stock.lot", "Lot/Serial", readonly=True)
    partner_id = fields.Many2one(related="picking_id.partner_id", store=True, string="Vendor")
    workcenter_id = fields.Many2one(related="workorder_id.workcenter_id", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, index=True
    )
    sample_size = fields.Integer("Units to Inspect", readonly=True, default=1)
    accept_number = fields.Integer("Accept (Ac)", readonly=True, default=0)
    reject_number = fields.Integer("Reject (Re)", readonly=True, default=1)
    sampling_note = fields.Char("Sampling", readonly=True, help="Which plan and state applied, and why.")
    state = fields.Selection(CHECK_STATES, default="todo", required=True, readonly=True, tracking=True, index=True)
    # What the inspector types (editable while to do); the evidence is written by the workflow.
    value_input = fields.Char(
        "Measured", help="The measured value, or one value per unit inspected, separated by spaces."
    )
    defects_input = fields.Integer("Defective Units")
    note = fields.Text("Inspector's Note")
    measured_values = fields.Char("Recorded Values", readonly=True)
    measured_value = fields.Float("Measured Value (mean)", readonly=True, digits=(16, 6), aggregator="avg")
    defect_count = fields.Integer("Defects Found", readonly=True)
    done_by_id = fields.Many2one("res.users", "Recorded By", readonly=True)
    done_date = fields.Datetime("Recorded On", readonly=True)
    attachment_count = fields.Integer("Photos Attached", compute="_compute_attachment_count")
    passed = fields.Integer(compute="_compute_passed", store=True, aggregator="sum", string="Passed (count)")

    @api.depends("characteristic_id.name", "picking_id.name", "workorder_id", "production_id.name")
    def _compute_name(self):
        for check in self:
            where = check.picking_id.name or check.workorder_id.display_name or check.production_id.name or ""
            check.name = f"{check.characteristic_id.name or ''} – {where}" if where else check.characteristic_id.name

    @api.depends("state")
    def _compute_passed(self):
        for check in self:
            check.passed = 1 if check.state == "pass" else 0

    def _compute_attachment_count(self):
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"], ["__count"]
            )
        )
        for check in self:
            check.attachment_count = counts.get(check.id, 0)

    def write(self, vals):
        if not self._quality_in_workflow() and {"value_input", "defects_input"} & set(vals):
            done = self.filtered(lambda c: c.state != "todo")
            if done:
                raise UserError(
                    _(
                        "%(checks)s: the result is recorded; a quality manager may reopen the check to change it.",
                        checks=", ".join(done.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_todo(self):
        if self.filtered(lambda c: c.state != "todo"):
            raise UserError(_("A recorded inspection check is a quality record: it cannot be deleted."))

    # ------------------------------------------------------------------
    # Recording results
    # ------------------------------------------------------------------
    def _parse_values(self):
        self.ensure_one()
        text = (self.value_input or "").strip()
        if not text:
            raise UserError(
                _(
                    "%(check)s: enter the measured value (%(spec)s) before recording it.",
                    check=self.name,
                    spec=self.spec_display,
                )
            )
        try:
            values = [float(token.replace(",", ".")) for token in NUMBER_SPLIT.split(text) if token]
        except ValueError:
            raise ValidationError(
                _(
                    "%(check)s: %(text)s is not a list of numbers; write one number per unit, separated by spaces.",
                    check=self.name,
                    text=text,
                )
            ) from None
        if len(values) != self.sample_size:
            raise ValidationError(
                _(
                    "%(check)s: the sample has %(n)s units; enter %(n)s measured values (got %(got)s).",
                    check=self.name,
                    n=self.sample_size,
                    got=len(values),
                )
            )
        return values

    def _out_of_limits(self, value):
        self.ensure_one()
        return (
            float_compare(value, self.lsl, precision_digits=6) < 0
            or float_compare(value, self.usl, precision_digits=6) > 0
        )

    def _record(self, outcome_by_check):
        """Write the results: ``{check: (transition, values)}``, one transition write per outcome."""
        now = fields.Datetime.now()
        groups = defaultdict(lambda: self.browse())
        extra = {}
        for check, (transition, values) in outcome_by_check.items():
            key = (transition, tuple(sorted(values.items())))
            groups[key] |= check
            extra[key] = values
        for (transition, _items), checks in groups.items():
            values = dict(extra[(transition, _items)], done_by_id=self.env.user.id, done_date=now)
            checks._quality_transition(transition, values)
        self._quality_after_record()
        return True

    def action_record_measure(self):
        outcome = {}
        for check in self:
            if check.kind != "measure":
                raise UserError(_("%(check)s is not a measurement: use Pass or Fail.", check=check.name))
            values = check._parse_values()
            defects = sum(1 for value in values if check._out_of_limits(value))
            # Below the rejection number the lot is accepted (reduced inspection has a gap between Ac and Re).
            transition = "pass" if defects < check.reject_number else "fail"
            outcome[check] = (
                transition,
                {
                    "measured_values": " ".join(f"{value:g}" for value in values),
                    "measured_value": sum(values) / len(values),
                    "defect_count": defects,
                },
            )
        return self._record(outcome)

    def action_pass(self):
        outcome = {}
        for check in self:
            if check.kind == "measure":
                raise UserError(
                    _(
                        "%(check)s is a measurement: enter the value and record it; it passes by its limits.",
                        check=check.name,
                    )
                )
            if check.defects_input >= check.reject_number:
                raise UserError(
                    _(
                        "%(check)s: %(found)s defective units reach the rejection number %(re)s: the lot fails.",
                        check=check.name,
                        found=check.defects_input,
                        re=check.reject_number,
                    )
                )
            outcome[check] = ("pass", {"defect_count": check.defects_input})
        if self.filtered(lambda c: c.kind == "photo"):
            photo = self.filtered(lambda c: c.kind == "photo")
            missing = photo.filtered(lambda c: not c.attachment_count)
            if missing:
                raise UserError(
                    _(
                        "%(checks)s: attach the photo (paperclip in the chatter) before passing the check.",
                        checks=", ".join(missing.mapped("name")),
                    )
                )
        return self._record(outcome)

    def action_fail(self):
        outcome = {}
        for check in self:
            if check.kind == "measure":
                raise UserError(
                    _(
                        "%(check)s is a measurement: enter the value and record it; it fails by its limits.",
                        check=check.name,
                    )
                )
            outcome[check] = ("fail", {"defect_count": max(check.defects_input, 1)})
        return self._record(outcome)

    def action_reopen(self):
        self._quality_transition(
            "reopen",
            {
                "measured_values": False,
                "measured_value": 0.0,
                "defect_count": 0,
                "done_by_id": False,
                "done_date": False,
            },
        )
        for check in self:
            check.message_post(body=_("Reopened by %(user)s.", user=self.env.user.name))
        return True

    def _quality_after_record(self):
        """Hook: these checks were just recorded (quality_capa opens the nonconformances of failed ones).

        Here: a Western Electric rule violated by a new measurement gives the plan's owner an activity."""
        self.filtered(lambda c: c.kind == "measure").characteristic_id._quality_spc_alert()
        return True

    # ------------------------------------------------------------------
    # Creation by the effective plans
    # ------------------------------------------------------------------
    @api.model
    def _quality_generate(self, targets):
        """Create the missing checks for ``targets`` in one batch.

        ``targets``: list of dicts ``{"characteristic": record, "key": {picking_id|workorder_id|production_id: id},
        "product": product, "lot": lot, "company": company, "qty": lot quantity, "record": the document}``.
        One search for existing checks, one create; returns the new checks.
        """
        if not targets:
            return self.browse()
        link_fields = ("picking_id", "workorder_id", "production_id")
        domain = []
        for fname in link_fields:
            ids = {t["key"][fname] for t in targets if fname in t["key"]}
            if ids:
                domain = ["|", *domain, (fname, "in", list(ids))] if domain else [(fname, "in", list(ids))]
        existing = set()
        for check in self.sudo().search(domain):
            for fname in link_fields:
                if check[fname]:
                    existing.add((check.characteristic_id.id, fname, check[fname].id, check.product_id.id))
        pending = []
        seen = set()
        for target in targets:
            fname, record_id = next(iter(target["key"].items()))
            signature = (target["characteristic"].id, fname, record_id, target["product"].id)
            if signature in existing or signature in seen:
                continue
            seen.add(signature)
            pending.append(target)
        if not pending:
            return self.browse()
        Characteristic = self.env["quality.inspection.characteristic"]
        selected = Characteristic._quality_lot_selected(
            list({(t["characteristic"].id, t["product"].id) for t in pending})
        )
        sampling = Characteristic._quality_sample_plans(pending)
        vals_list = []
        for index, target in enumerate(pending):
            characteristic = target["characteristic"]
            if not selected[(characteristic.id, target["product"].id)]:
                continue
            plan = sampling[index]
            if plan.get("skip"):
                continue
            vals_list.append(
                {
                    "characteristic_id": characteristic.id,
                    **target["key"],
                    "product_id": target["product"].id,
                    "lot_id": target.get("lot") and target["lot"].id or False,
                    "company_id": target["company"].id,
                    "sample_size": plan["sample_size"],
                    "accept_number": plan.get("accept_number", 0),
                    "reject_number": plan.get("reject_number", plan.get("accept_number", 0) + 1),
                    "sampling_note": plan.get("sampling_note") or False,
                }
            )
        return self._quality_workflow_create(vals_list)

    @api.model
    def _quality_counts(self, fname, ids):
        """{id: (checks, checks to do)} of the checks linked by ``fname`` to one of ``ids`` (one grouped read);
        the counts of the smart buttons of receipts, work orders and manufacturing orders."""
        counts = defaultdict(lambda: [0, 0])
        for record, state, count in self._read_group([(fname, "in", ids)], [fname, "state"], ["__count"]):
            counts[record.id][0] += count
            if state == "todo":
                counts[record.id][1] += count
        return {key: tuple(value) for key, value in counts.items()}

    # ------------------------------------------------------------------
    # The gate
    # ------------------------------------------------------------------
    @api.model
    def _quality_gate(self, records, fname, action_label):
        """Refuse ``action_label`` on ``records`` (linked by ``fname``) while a check is to do, unless a quality
        manager signed an override covering exactly those checks. One search on checks, one on overrides."""
        if not records:
            return True
        todo = self.sudo().search([(fname, "in", records.ids), ("state", "=", "todo")])
        if not todo:
            return True
        covered = (
            self.env["quality.inspection.override"]
            .sudo()
            .search([(fname, "in", records.ids), ("state", "=", "signed"), ("check_ids", "in", todo.ids)])
            .check_ids
        )
        blocking = todo - covered
        if not blocking:
            return True
        lines = []
        for record in records:
            names = blocking.filtered(lambda c, r=record: c[fname] == r).mapped("characteristic_id.name")
            if names:
                lines.append(f"{record.display_name}: " + ", ".join(names))
        raise UserError(
            _(
                "%(action)s is refused: these inspection checks are still to do:\n%(lines)s\nRecord them (Inspection "
                "Checks button) or ask a quality manager for a signed override.",
                action=action_label,
                lines="\n".join(lines),
            )
        )

    @api.model
    def _quality_action_for(self, fname, record):
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_documents.action_quality_inspection_check")
        action["domain"] = [(fname, "=", record.id)]
        action["context"] = {"create": False, f"default_{fname}": record.id}
        action["name"] = _("Inspection Checks of %(record)s", record=record.display_name)
        return action
