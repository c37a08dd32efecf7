from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import TransactionCase, tagged


@verifies("QS-010")
@tagged("post_install", "-at_install")
class TestVendorStatusTop(TransactionCase):
    def test_unqualified_vendor_says_so_and_the_next_step(self):
        vendor = self.env["res.partner"].create(
            {"name": "SC Unqualified Vendor", "is_company": True, "supplier_rank": 1}
        )
        self.assertEqual(vendor.quality_supplier_status, "none")
        self.assertIn("Not qualified", vendor.quality_supplier_hint)
        self.assertIn("Request a qualification", vendor.quality_supplier_next_step)
        self.assertFalse(vendor.quality_supplier_figures)

    def test_plain_contact_shows_no_hint(self):
        contact = self.env["res.partner"].create({"name": "SC Plain Contact"})
        self.assertFalse(contact.quality_supplier_hint)
        self.assertFalse(contact.quality_supplier_next_step)

    def test_pending_qualification_and_latest_scorecard_are_shown(self):
        vendor = self.env["res.partner"].create({"name": "SC Pending Vendor", "is_company": True, "supplier_rank": 1})
        self.env["quality.supplier.qualification"].create({"partner_id": vendor.id})
        vendor.invalidate_recordset()
        self.assertEqual(vendor.quality_supplier_status, "pending")
        self.assertIn("not yet signed", vendor.quality_supplier_hint)
        Scorecard = self.env["quality.supplier.scorecard"]
        Scorecard._quality_workflow_create(
            [
                {
                    "partner_id": vendor.id,
                    "month": "2026-01-01",
                    "company_id": vendor.env.company.id,
                    "ontime_rate": 100.0,
                    "ppm": 0,
                    "score": 100,
                    "grade": "A",
                },
                {
                    "partner_id": vendor.id,
                    "month": "2026-02-01",
                    "company_id": vendor.env.company.id,
                    "ontime_rate": 62.0,
                    "ppm": 4800,
                    "score": 55,
                    "grade": "D",
                },
            ]
        )
        vendor.invalidate_recordset()
        self.assertIn("on-time 62 %", vendor.quality_supplier_figures)
        self.assertIn("4800 PPM", vendor.quality_supplier_figures)
        self.assertIn("grade D", vendor.quality_supplier_figures)

    def test_vendor_list_and_form_show_the_status(self):
        form = self.env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("o_quality_supplier_status_top", form)
        self.assertIn("quality_supplier_next_step", form)
        tree = self.env["res.partner"].get_views([(self.env.ref("base.view_partner_tree").id, "list")])["views"][
            "list"
        ]["arch"]
        self.assertIn("quality_supplier_status", tree)
