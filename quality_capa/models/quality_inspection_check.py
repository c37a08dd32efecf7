from collections import defaultdict

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.addons.quality_documents.models.quality_inspection_check import (
    QualityInspectionCheck as BaseInspectionCheck,
)

LINKS = ("picking_id", "workorder_id", "production_id")


class QualityInspectionCheck(models.Model):
    """A failed check opens a nonconformance: one per receipt, work order or manufacturing order."""

    _inherit = "quality.inspection.check"
    _quality_workflow_fields = BaseInspectionCheck._quality_workflow_fields | {"nonconformance_id"}

    nonconformance_id = fields.Many2one(
        "quality.nonconformance", readonly=True, index="btree_not_null", ondelete="restrict"
    )

    def _quality_after_record(self):
        result = super()._quality_after_record()
        failed = self.filtered(lambda c: c.state == "fail" and not c.nonconformance_id)
        if failed:
            failed._quality_open_nonconformances()
        return result

    def _quality_link(self):
        self.ensure_one()
        for fname in LINKS:
            if self[fname]:
                return fname, self[fname]
        return None, None

    @api.model
    def _quality_failure_line(self, check):
        if check.kind == "measure":
            unit = f" {check.uom_id.name}" if check.uom_id else ""
            result = _(
                "measured %(values)s%(unit)s, limits %(lsl)s – %(usl)s (nominal %(nominal)s): %(defects)s of "
                "%(n)s units out of limits, acceptance number %(ac)s",
                values=check.measured_values,
                unit=unit,
                lsl=format(check.lsl, "g"),
                usl=format(check.usl, "g"),
                nominal=format(check.nominal, "g"),
                defects=check.defect_count,
                n=check.sample_size,
                ac=check.accept_number,
            )
        else:
            result = _(
                "failed by the inspector (%(defects)s defective of %(n)s)",
                defects=check.defect_count,
                n=check.sample_size,
            )
        note = f" – {check.note}" if check.note else ""
        return Markup("<li><b>%s</b> (%s): %s%s</li>") % (
            check.characteristic_id.name,
            check.revision_id.display_name,
            result,
            note,
        )

    def _quality_open_nonconformances(self):
        """Group the failed checks by receipt / work order / order; add them to that record's open NC from an
        inspection, else open one (one create for all). Written with the recording user's rights."""
        groups = defaultdict(lambda: self.browse())
        for check in self:
            fname, record = check._quality_link()
            if fname:
                groups[(fname, record.id)] |= check
        if not groups:
            return self.env["quality.nonconformance"]
        # Open nonconformances already opened by checks of the same records (one search).
        domain = []
        for fname in LINKS:
            ids = [rid for (f, rid) in groups if f == fname]
            if ids:
                domain = ["|", *domain, (fname, "in", ids)] if domain else [(fname, "in", ids)]
        previous = self.sudo().search(
            [*domain, ("nonconformance_id", "!=", False), ("nonconformance_id.state", "in", ("new", "under_review"))]
        )
        open_nc = {}
        for check in previous:
            fname, record = check._quality_link()
            open_nc.setdefault((fname, record.id), check.nonconformance_id.with_env(self.env))
        to_create = []
        keys = []
        for key, checks in groups.items():
            if key in open_nc:
                checks._quality_workflow_write({"nonconformance_id": open_nc[key].id})
                continue
            to_create.append(self._quality_nonconformance_values(key[0], checks))
            keys.append(key)
        created = (
            self.env["quality.nonconformance"].create(to_create) if to_create else self.env["quality.nonconformance"]
        )
        for key, nc in zip(keys, created, strict=True):
            groups[key]._quality_workflow_write({"nonconformance_id": nc.id})
        for check in self:
            check.message_post(
                body=_("Failed: nonconformance %(nc)s.", nc=check.nonconformance_id.name),
            )
        return created

    def _quality_nonconformance_values(self, fname, checks):
        first = checks[0]
        record = first[fname]
        product = first.product_id
        values = {
            "title": _(
                "Inspection failed: %(characteristics)s on %(record)s",
                characteristics=", ".join(checks.mapped("characteristic_id.name")),
                record=record.display_name,
            ),
            "description": Markup("<p>%s</p><ul>%s</ul>")
            % (
                _("Failed inspection checks of %(record)s:", record=escape(record.display_name)),
                Markup("").join(self._quality_failure_line(check) for check in checks),
            ),
            "product_id": product.id,
            "lot_id": first.lot_id.id,
            "company_id": first.company_id.id,
            fname: record.id,
        }
        if fname == "picking_id":
            move = record.move_ids.filtered(lambda m: m.product_id == product)[:1]
            values.update(
                source="receiving",
                partner_id=record.partner_id.commercial_partner_id.id,
                purchase_line_id=move.purchase_line_id.id,
                quantity=move.product_uom_qty,
                product_uom_id=move.product_uom.id,
                lot_id=first.lot_id.id or move.move_line_ids[:1].lot_id.id,
            )
        elif fname == "workorder_id":
            values.update(
                source="production",
                production_id=record.production_id.id,
                workcenter_id=record.workcenter_id.id,
                quantity=record.qty_production,
                product_uom_id=record.production_id.product_uom_id.id,
            )
        else:
            values.update(source="production", quantity=record.product_qty, product_uom_id=record.product_uom_id.id)
        return values

    def action_view_nonconformance(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.nonconformance",
            "res_id": self.nonconformance_id.id,
            "view_mode": "form",
        }
