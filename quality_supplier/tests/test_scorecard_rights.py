from datetime import date

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import QualitySupplierCase

MONTH = date(2026, 10, 1)


@tagged("post_install", "-at_install")
class TestScorecardRights(QualitySupplierCase):
    """Scorecards are written without sudo: the scheduler is superuser, any other caller keeps its own rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["quality.nonconformance"].create(
            {
                "title": "QS SC rights burrs",
                "source": "receiving",
                "partner_id": cls.vendor.id,
                "product_id": cls.product_elec.id,
                "quantity": 4,
                "date": date(2026, 10, 5),
            }
        )

    def _cards(self):
        return self.env["quality.supplier.scorecard"].search(
            [("partner_id", "=", self.vendor.id), ("month", "=", MONTH)]
        )

    @verifies("QD-016", "QS-007")
    def test_quality_manager_computes_buyer_refused_nothing_written(self):
        Scorecard = self.env["quality.supplier.scorecard"]
        with self.assertRaises(AccessError) as refusal:
            Scorecard.with_user(self.buyer)._compute_month(MONTH, self.company)
        self.assertIn("Scorecard", str(refusal.exception))
        self.assertFalse(self._cards())

        cards = Scorecard.with_user(self.qmanager)._compute_month(MONTH, self.company)
        card = self._cards()
        self.assertEqual(len(card), 1)
        self.assertIn(card, cards.sudo())
        self.assertFalse(cards.env.su)
        self.assertEqual(card.nc_count, 1)
        self.assertEqual(card.create_uid, self.qmanager)
        # The scheduler (superuser) refreshes the same snapshot: same figures, no second card.
        Scorecard._compute_month(MONTH, self.company)
        self.assertEqual(self._cards(), card)
        self.assertEqual(card.nc_count, 1)
