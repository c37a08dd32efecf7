from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualitySupplierCase


@verifies("QD-030")
@tagged("post_install", "-at_install")
class TestQualificationChangeReason(QualitySupplierCase):
    """An approved qualification asks for a reason for change; a pending one does not."""

    def test_approved_qualification_asks_for_a_reason_pending_does_not(self):
        pending = self._qualify(status="pending", categs=self.categ_electronic)
        self.assertFalse(pending.quality_change_locked)
        pending.with_user(self.qmanager).write({"responsible_id": self.qmanager.id})
        self.assertEqual(pending.responsible_id, self.qmanager)

        approved = self._qualify(status="approved", categs=self.categ_sterile)
        self.assertEqual(approved.state, "approved")
        self.assertTrue(approved.quality_change_locked)
        before = approved.responsible_id
        with self.assertRaises(UserError) as caught:
            approved.with_user(self.qmanager).write({"responsible_id": self.buyer.id})
        self.assertIn("is approved: give a reason for change", str(caught.exception))
        approved.invalidate_recordset()
        self.assertEqual(approved.responsible_id, before)
        approved.with_user(self.qmanager).write(
            {"responsible_id": self.buyer.id, "quality_change_reason": "Buyer now follows this vendor"}
        )
        self.assertEqual(approved.responsible_id, self.buyer)
        self.env.flush_all()
        self.env.cr.precommit.run()
        logged = approved.sudo().message_ids.filtered(lambda m: "o_quality_change_reason" in (m.body or ""))
        self.assertEqual(len(logged), 1)
        self.assertIn("Buyer now follows this vendor", logged.body)
