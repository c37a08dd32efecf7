from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import QualitySupplierCase


@tagged("post_install", "-at_install")
class TestScarIssueRights(QualitySupplierCase):
    """A SCAR's draft CAPA: a quality user creates it with their own rights, a buyer gets only that CAPA."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quser = new_test_user(
            cls.env, login="qs_scar_quser", groups="base.group_user,quality_documents.group_quality_user"
        )
        cls.employee = new_test_user(cls.env, login="qs_scar_employee", groups="base.group_user")

    def _nc(self, title):
        return self.env["quality.nonconformance"].create(
            {
                "title": title,
                "source": "receiving",
                "partner_id": self.vendor.id,
                "product_id": self.product_elec.id,
                "quantity": 2,
            }
        )

    def _scars(self):
        return self.env["quality.capa"].search([("partner_id", "=", self.vendor.id), ("origin", "=", "supplier")])

    def _assert_draft_scar(self, capa, nc, owner):
        self.assertEqual(capa.state, "draft")
        self.assertEqual(capa.origin, "supplier")
        self.assertEqual(capa.partner_id, self.vendor)
        self.assertEqual(capa.nonconformance_ids, nc)
        self.assertEqual(capa.owner_id, owner)
        self.assertTrue(capa.scar_issued_date)

    @verifies("QD-016", "QS-008")
    def test_quality_user_and_buyer_issue_the_same_scar(self):
        Capa = self.env["quality.capa"]
        self.assertTrue(Capa.with_user(self.quser).has_access("create"))
        self.assertFalse(Capa.with_user(self.buyer).has_access("create"))
        nc_q, nc_b = self._nc("QS rights burrs"), self._nc("QS rights rust")
        capa_q = nc_q.with_user(self.quser)._quality_issue_scar()
        self._assert_draft_scar(capa_q.sudo(), nc_q, self.quser)
        self.assertEqual(capa_q.env.uid, self.quser.id)
        self.assertFalse(capa_q.env.su)
        capa_b = nc_b.with_user(self.buyer)._quality_issue_scar()
        self._assert_draft_scar(capa_b.sudo(), nc_b, self.buyer)
        # The buyer's CAPA comes back in the buyer's environment: no superuser record leaks out.
        self.assertFalse(capa_b.env.su)
        # The buyer may not write the nonconformance: the "SCAR issued" note is a system log note.
        self.assertFalse(nc_b.with_user(self.buyer).has_access("write"))
        self.assertEqual(len(self._notes(nc_b)), 1)
        self.assertEqual(len(self._notes(nc_q)), 1)
        self.assertEqual(self._scars(), (capa_q | capa_b).sudo())

    @verifies("QD-016", "QS-008")
    def test_employee_cannot_issue_scar_nothing_created(self):
        nc = self._nc("QS rights crack")
        with self.assertRaisesRegex(AccessError, "Only buyers and quality users can issue a SCAR"):
            nc.with_user(self.employee)._quality_issue_scar()
        self.assertFalse(self._scars())
        self.assertFalse(self.env["quality.capa"].search([("nonconformance_ids", "in", nc.ids)]))
        self.assertFalse(self._notes(nc))

    def _notes(self, nc):
        return self.env["mail.message"].search(
            [("model", "=", nc._name), ("res_id", "=", nc.id), ("body", "ilike", "SCAR")]
        )
