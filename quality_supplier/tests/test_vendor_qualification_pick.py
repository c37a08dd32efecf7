"""Which qualification stands for a vendor: one method ranks them for the purchase gate and the vendor's badge."""

from datetime import timedelta

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualitySupplierCase


@tagged("post_install", "-at_install")
class TestVendorQualificationPick(QualitySupplierCase):
    def _qual(self, state, categs=None, reason=None, **vals):
        return self._qualify(state, categs, comment=reason, **vals)

    @verifies("QS-010")
    def test_badge_prefers_a_valid_qualification_then_the_broadest(self):
        today = quality_today(self.env["res.partner"])
        expired_all = self._qual(
            "approved", valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=30)
        )
        valid_scoped = self._qual("conditional", self.categ_electronic, reason="Conditions: monthly CoC")
        self.vendor.invalidate_recordset()
        quals = expired_all | valid_scoped
        self.assertEqual(quals._pick_vendor_qualification(today), valid_scoped)
        self.assertEqual(self.vendor.quality_supplier_status, "conditional")
        self.assertIn("Conditions: monthly CoC", self.vendor.quality_supplier_hint)
        valid_all = self._qual("approved")
        valid_all._set_probation("Low scorecard")
        self.vendor.invalidate_recordset()
        self.assertEqual((quals | valid_all)._pick_vendor_qualification(today), valid_all)
        self.assertEqual(self.vendor.quality_supplier_status, "probation")
        self.assertIn("Low scorecard", self.vendor.quality_supplier_hint)

    @verifies("QS-001")
    def test_gate_takes_the_most_specific_scope_even_when_it_expired(self):
        today = quality_today(self.env["res.partner"])
        self._qual("approved")
        scoped = self._qual(
            "approved",
            self.categ_electronic,
            valid_from=today - timedelta(days=400),
            valid_until=today - timedelta(days=1),
        )
        Qualification = self.env["quality.supplier.qualification"]
        self.assertEqual(Qualification._get_status(self.vendor, self.product_elec), scoped)
        order = self._make_order(self.product_elec)
        with self.assertRaisesRegex(UserError, self.product_elec.name):
            order.button_confirm()
        self.assertEqual(order.state, "draft")
