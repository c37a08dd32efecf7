from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .quality_workflow_mixin import ALL_FIELDS

CHARACTERISTIC_KINDS = [
    ("pass_fail", "Pass / Fail"),
    ("measure", "Measure"),
    ("instruction", "Instruction to Confirm"),
    ("photo", "Photo / Attachment"),
]
APPLIES_TO = [
    ("receipt", "Receipt"),
    ("operation", "Work Order (BoM operation)"),
    ("final", "Final Inspection (manufacturing order)"),
]
FREQUENCIES = [
    ("every_lot", "Every lot"),
    ("every_nth", "Every Nth lot"),
    ("sampling", "Sampling plan"),
]
INSPECTION_LEVELS = [("I", "I"), ("II", "II"), ("III", "III")]
# Preferred AQLs of MIL-STD-105E (percent nonconforming), smallest first, as text so that they compare
# exactly: the AQLs the sampling tables of quality_supplier hold (one list for the choice and the tables).
AQLS = (
    "0.010",
    "0.015",
    "0.025",
    "0.040",
    "0.065",
    "0.10",
    "0.15",
    "0.25",
    "0.40",
    "0.65",
    "1.0",
    "1.5",
    "2.5",
    "4.0",
    "6.5",
)
AQL_VALUES = [(value, value) for value in AQLS]
# Stored values that make up a characteristic in the revision's signed content (never display names).
SIGNED_FIELDS = (
    "sequence",
    "name",
    "kind",
    "nominal",
    "lsl",
    "usl",
    "uom_id",
    "instruction",
    "applies_to",
    "product_tmpl_ids",
    "product_categ_ids",
    "picking_type_ids",
    "operation_ids",
    "frequency",
    "frequency_n",
    "sample_size",
    "aql",
    "inspection_level",
)


class QualityInspectionCharacteristic(models.Model):
    """One line of a control plan: what to inspect, where it applies and how often.

    It belongs to a revision of a controlled document and is part of that revision's signed content: it can
    change only while the revision is a draft. Only the characteristics of an effective revision create checks.
    """

    _name = "quality.inspection.characteristic"
    _description = "Inspection Characteristic"
    _inherit = ["mail.thread", "quality.workflow.mixin"]
    _order = "revision_id, sequence, id"
    _check_company_auto = True
    # Part of its revision's signed content: frozen with it once review starts (quality.workflow.mixin).
    _quality_frozen_parent = "revision_id"
    _quality_frozen_fields = ALL_FIELDS

    revision_id = fields.Many2one(
        "quality.document.revision", "Control Plan Revision", required=True, index=True, ondelete="cascade"
    )
    document_id = fields.Many2one(related="revision_id.document_id", store=True, index=True)
    revision_state = fields.Selection(related="revision_id.state", string="Plan Status")
    company_id = fields.Many2one(related="revision_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Characteristic", required=True, tracking=True)
    kind = fields.Selection(CHARACTERISTIC_KINDS, required=True, default="pass_fail", tracking=True)
    nominal = fields.Float(digits=(16, 6), tracking=True)
    lsl = fields.Float("Lower Limit (LSL)", digits=(16, 6), tracking=True)
    usl = fields.Float("Upper Limit (USL)", digits=(16, 6), tracking=True)
    uom_id = fields.Many2one("uom.uom", "Unit")
    instruction = fields.Text(help="What the inspector does or confirms.")
    applies_to = fields.Selection(APPLIES_TO, required=True, default="receipt", tracking=True)
    product_tmpl_ids = fields.Many2many(
        "product.template",
        "quality_inspection_characteristic_product_rel",
        "characteristic_id",
        "product_tmpl_id",
        string="Products",
    )
    product_categ_ids = fields.Many2many(
        "product.category",
        "quality_inspection_characteristic_categ_rel",
        "characteristic_id",
        "categ_id",
        string="Product Categories",
    )
    picking_type_ids = fields.Many2many(
        "stock.picking.type",
        "quality_inspection_characteristic_picking_type_rel",
        "characteristic_id",
        "picking_type_id",
        string="Receipt Operation Types",
        domain=[("code", "=", "incoming")],
        help="Receipts of these operation types; all receipts when empty.",
    )
    operation_ids = fields.Many2many(
        "mrp.routing.workcenter",
        "quality_inspection_characteristic_operation_rel",
        "characteristic_id",
        "operation_id",
        string="BoM Operations",
    )
    frequency = fields.Selection(FREQUENCIES, required=True, default="every_lot", tracking=True)
    frequency_n = fields.Integer("Every N Lots", default=1)
    sample_size = fields.Integer("Units to Inspect", default=1, help="Per lot, when not given by a sampling plan.")
    aql = fields.Selection(AQL_VALUES, "AQL (%)", default="1.0")
    inspection_level = fields.Selection(INSPECTION_LEVELS, default="II")
    check_ids = fields.One2many("quality.inspection.check", "characteristic_id", "Checks")
    check_count = fields.Integer(compute="_compute_check_count")
    spec_display = fields.Char("Specification", compute="_compute_spec_display")

    _sql_constraints = [
        ("frequency_n_positive", "CHECK(frequency_n >= 1)", "Every N lots: N is at least 1."),
        ("sample_size_positive", "CHECK(sample_size >= 1)", "At least one unit is inspected per lot."),
    ]

    @api.depends("check_ids")
    def _compute_check_count(self):
        counts = {
            characteristic.id: count
            for characteristic, count in self.env["quality.inspection.check"]._read_group(
                [("characteristic_id", "in", self.ids)], ["characteristic_id"], ["__count"]
            )
        }
        for characteristic in self:
            characteristic.check_count = counts.get(characteristic.id, 0)

    @api.depends("kind", "nominal", "lsl", "usl", "uom_id", "instruction")
    def _compute_spec_display(self):
        for characteristic in self:
            characteristic.spec_display = characteristic._spec_text()

    def _spec_text(self):
        self.ensure_one()
        if self.kind == "measure":
            unit = f" {self.uom_id.name}" if self.uom_id else ""
            return _(
                "%(nominal)s%(unit)s (%(lsl)s – %(usl)s)",
                nominal=format(self.nominal, "g"),
                unit=unit,
                lsl=format(self.lsl, "g"),
                usl=format(self.usl, "g"),
            )
        if self.kind == "photo":
            return _("Attach a photo")
        return (self.instruction or "").strip()[:120] or dict(CHARACTERISTIC_KINDS)[self.kind]

    @api.constrains("kind", "nominal", "lsl", "usl")
    def _check_limits(self):
        for characteristic in self.filtered(lambda c: c.kind == "measure"):
            if not (characteristic.lsl <= characteristic.nominal <= characteristic.usl) or (
                characteristic.lsl == characteristic.usl
            ):
                raise ValidationError(
                    _(
                        "%(name)s: the limits must satisfy lower limit ≤ nominal ≤ upper limit with lower < upper "
                        "(got %(lsl)s ≤ %(nominal)s ≤ %(usl)s).",
                        name=characteristic.name,
                        lsl=characteristic.lsl,
                        nominal=characteristic.nominal,
                        usl=characteristic.usl,
                    )
                )

    @api.constrains("applies_to", "operation_ids", "product_tmpl_ids", "product_categ_ids")
    def _check_scope(self):
        for characteristic in self:
            if characteristic.applies_to == "operation" and not characteristic.operation_ids:
                raise ValidationError(
                    _("%(name)s applies to work orders: choose the BoM operations.", name=characteristic.name)
                )
            if characteristic.applies_to in ("receipt", "final") and not (
                characteristic.product_tmpl_ids or characteristic.product_categ_ids
            ):
                raise ValidationError(
                    _(
                        "%(name)s: choose the products or product categories it applies to.",
                        name=characteristic.name,
                    )
                )

    # ------------------------------------------------------------------
    # Where it applies
    # ------------------------------------------------------------------
    def _applies_to_product(self, product):
        self.ensure_one()
        if product.product_tmpl_id in self.product_tmpl_ids:
            return True
        if not self.product_categ_ids:
            return False
        return bool(self.product_categ_ids.filtered(lambda c: product.categ_id.parent_path.startswith(c.parent_path)))

    @api.model
    def _effective_for(self, applies_to, companies):
        """Characteristics of effective, non-obsolete control plans for ``applies_to`` (one search)."""
        return self.sudo().search(
            [
                ("applies_to", "=", applies_to),
                ("revision_id.state", "=", "effective"),
                ("document_id.is_obsolete", "=", False),
                ("document_id.active", "=", True),
                ("company_id", "in", companies.ids),
            ]
        )

    @api.model
    def _quality_sample_plans(self, targets):
        """Per target (see ``quality.inspection.check._quality_generate``), in order: ``{"sample_size": n,
        "accept_number": ac, "reject_number": re, "sampling_note": text, "skip": bool}``.

        Here the plan's fixed number of units (at most the lot); quality_supplier answers for sampling plans
        (MIL-STD-105E) and skip-lot, in a constant number of queries.
        """
        plans = []
        for target in targets:
            characteristic = target["characteristic"]
            lot_qty = int(target.get("qty") or 0)
            size = max(1, min(characteristic.sample_size, lot_qty)) if lot_qty else characteristic.sample_size
            plans.append({"sample_size": size, "accept_number": 0, "reject_number": 1, "sampling_note": False})
        return plans

    def _quality_lot_selected(self, keys):
        """{(characteristic id, product id): True when this lot is inspected} for every-Nth-lot plans.

        Counts the lots seen per characteristic and product in one statement (concurrent receipts each get their
        own number).
        """
        nth = [(c, p) for c, p in keys if self.browse(c).frequency == "every_nth"]
        result = dict.fromkeys(keys, True)
        if not nth:
            return result
        self.env.cr.execute(
            """INSERT INTO quality_inspection_lot_counter (characteristic_id, product_id, lot_count)
               SELECT c, p, 1 FROM unnest(%s::int[], %s::int[]) AS t(c, p)
               ON CONFLICT (characteristic_id, product_id)
               DO UPDATE SET lot_count = quality_inspection_lot_counter.lot_count + 1
               RETURNING characteristic_id, product_id, lot_count""",
            ([c for c, _p in nth], [p for _c, p in nth]),
        )
        for characteristic_id, product_id, lot_count in self.env.cr.fetchall():
            n = self.browse(characteristic_id).frequency_n or 1
            result[(characteristic_id, product_id)] = (lot_count - 1) % n == 0
        return result

    def action_view_checks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_documents.action_quality_inspection_check")
        action["domain"] = [("characteristic_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
