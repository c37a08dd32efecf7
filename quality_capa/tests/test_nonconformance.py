from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import QualityCapaCommon


@tagged("post_install", "-at_install")
class TestNonconformance(QualityCapaCommon):
    @verifies("QC-001")
    def test_sequence_and_reporter(self):
        nc = self._nc()
        self.assertRegex(nc.name, r"^NC/\d{4}/\d{4}$")
        self.assertEqual(nc.reporter_id, self.env.user)

    @verifies("QC-001")
    def test_negative_quantity_affected_is_refused(self):
        NC = self.env["quality.nonconformance"].with_user(self.operator)
        with self.assertRaises(ValidationError) as refused:  # Odoo's assertRaises rolls back to a savepoint
            NC.create({"title": "Negative scrap", "quantity": -2, "source": "process"})
        self.assertIn("The quantity affected cannot be negative", str(refused.exception))
        self.assertFalse(self.env["quality.nonconformance"].search([("title", "=", "Negative scrap")]))

    @verifies("QC-002")
    def test_anonymous_report_stores_no_reporter(self):
        nc = (
            self.env["quality.nonconformance"]
            .with_user(self.operator)
            .create({"title": "Unsafe shortcut seen", "anonymous": True, "source": "process"})
        )
        nc = nc.sudo()
        self.assertFalse(nc.reporter_id)
        self.assertNotEqual(nc.create_uid, self.operator)
        self.assertNotIn(self.operator.partner_id, nc.message_partner_ids)
        self.assertFalse(nc.message_ids.filtered(lambda m: m.author_id == self.operator.partner_id))

    @verifies("QC-001")
    def test_report_from_manufacturing_order_prefilled(self):
        component = self.env["product.product"].create({"name": "Seal"})
        bom = self.env["mrp.bom"].create(
            {
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "bom_line_ids": [(0, 0, {"product_id": component.id, "product_qty": 1})],
            }
        )
        form = Form(self.env["mrp.production"])
        form.product_id = self.product
        form.bom_id = bom
        production = form.save()
        production.action_confirm()
        action = production.with_user(self.operator).action_report_nonconformance()
        form = Form(self.env["quality.nonconformance"].with_user(self.operator).with_context(**action["context"]))
        form.title = "Seal missing"
        nc = form.save()
        self.assertEqual(nc.production_id, production)
        self.assertEqual(nc.product_id, self.product)
        self.assertEqual(nc.source, "production")
        self.assertEqual(production.quality_nc_count, 1)

    @verifies("QC-001")
    def test_report_from_receipt_prefilled(self):
        vendor = self.env["res.partner"].create({"name": "Seal Supplier", "is_company": True})
        order = self.env["purchase.order"].create(
            {"partner_id": vendor.id, "order_line": [(0, 0, {"product_id": self.product.id, "product_qty": 10})]}
        )
        # Confirmed past any purchasing gate: this test is about reporting on the receipt.
        order.sudo().write({"state": "purchase"})
        order.sudo()._create_picking()
        receipt = order.picking_ids
        self.assertTrue(receipt)
        action = receipt.action_report_nonconformance()
        form = Form(self.env["quality.nonconformance"].with_context(**action["context"]))
        form.title = "Seals cracked"
        nc = form.save()
        self.assertEqual(nc.source, "receiving")
        self.assertEqual(nc.picking_id, receipt)
        self.assertEqual(nc.partner_id, vendor)
        self.assertEqual(nc.purchase_line_id, order.order_line)
        self.assertEqual(nc.purchase_id, order)
        self.assertEqual(nc.quantity, 10)
        self.assertEqual(receipt.quality_nc_count, 1)
        self.assertEqual(order.quality_nc_count, 1)
        self.assertEqual(vendor.quality_nc_count, 1)
        self.assertEqual(self.product.product_tmpl_id.quality_nc_count, 1)

    @verifies("QC-003")
    def test_major_disposition_needs_signature(self):
        nc = self._nc(severity="major", disposition="scrap")
        action = nc.action_disposition()
        self.assertEqual(action["res_model"], "quality.sign.wizard")
        self.assertEqual(nc.state, "new")
        nc.with_user(self.qmanager)._quality_sign("dispositioned", "capa_qm_pw")
        self.assertEqual(nc.state, "dispositioned")
        minor = self._nc(disposition="rework")
        minor.action_disposition()
        self.assertEqual(minor.state, "dispositioned")

    @verifies("QC-004")
    def test_triage_risk_rule_and_capa_from_several_ncs(self):
        low = self._nc(severity="minor", occurrence="2")
        high = self._nc(severity="major", occurrence="2")
        self.assertFalse(low.capa_needed)
        self.assertTrue(high.capa_needed)
        action = (low | high).action_create_capa()
        capa = self.env["quality.capa"].browse(action["res_id"])
        self.assertEqual(capa.nonconformance_ids, low | high)
        self.assertEqual(high.capa_ids, capa)

    @verifies("QC-004")
    def test_close_needs_capa_when_risk_requires(self):
        nc = self._nc(severity="major", occurrence="3", disposition="rework")
        nc.with_user(self.qmanager)._quality_sign("dispositioned", "capa_qm_pw")
        with self.assertRaisesRegex(UserError, "needs a CAPA"):
            nc.action_close()
        nc.action_create_capa()
        nc.action_close()
        self.assertEqual(nc.state, "closed")

    @verifies("QC-005")
    def test_recurrence_flagged_and_owner_gets_activity(self):
        capa = self._capa_implemented()
        nc = self._nc(title="Leak again")
        self.assertTrue(nc.is_recurrence)
        self.assertEqual(nc.recurrence_capa_id, capa)
        self.assertTrue(capa.activity_ids.filtered(lambda a: a.user_id == self.owner and "Recurrence" in a.summary))
        other = self._nc(title="Scratched", defect_category_id=self.other_defect.id)
        self.assertFalse(other.is_recurrence)
