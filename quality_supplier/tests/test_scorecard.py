from datetime import date, datetime

from odoo import fields
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged

from .common import QualitySupplierCase

MONTH = date(2026, 10, 1)


@tagged("post_install", "-at_install")
class TestScorecard(QualitySupplierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.quality_supplier_ontime_tolerance = 2
        cls.company.quality_supplier_score_threshold = 60.0

    def _receive(self, planned_and_done):
        """One PO line of 100 units per (planned, done) pair, received and dated."""
        qual = self._qualify("approved")
        products = [self._make_product(f"QS SC Part {i}", self.categ_electronic) for i in range(len(planned_and_done))]
        order = self._make_order(self.env["product.product"].concat(*products))
        order.order_line.write({"product_qty": 100.0})
        order.button_confirm()
        picking = order.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        for line, (planned, done) in zip(order.order_line, planned_and_done, strict=True):
            self.env.cr.execute("UPDATE purchase_order_line SET date_planned = %s WHERE id = %s", [planned, line.id])
            self.env.cr.execute("UPDATE stock_move SET date = %s WHERE purchase_line_id = %s", [done, line.id])
        self.env.invalidate_all()
        return qual, order

    def _receiving_nc(self, quantity, when, order):
        return self.env["quality.nonconformance"].create(
            {
                "title": "QS cracked housings",
                "source": "receiving",
                "partner_id": self.vendor.id,
                "product_id": order.order_line[0].product_id.id,
                "purchase_line_id": order.order_line[0].id,
                "quantity": quantity,
                "date": when,
            }
        )

    @verifies("QS-007")
    def test_scorecard_figures_on_known_dataset(self):
        _qual, order = self._receive(
            [
                (datetime(2026, 10, 9, 10), datetime(2026, 10, 10, 10)),  # 1 day late: on time
                (datetime(2026, 10, 12, 10), datetime(2026, 10, 20, 10)),  # 8 days late
            ]
        )
        nc = self._receiving_nc(1.0, datetime(2026, 10, 15, 9), order)
        scar = nc._quality_issue_scar(response_due_date=date(2026, 10, 30))
        scar.write({"scar_issued_date": datetime(2026, 10, 16, 8), "scar_response_date": datetime(2026, 10, 26, 8)})
        Scorecard = self.env["quality.supplier.scorecard"]
        Scorecard._compute_month(MONTH, self.company)
        Scorecard._compute_month(MONTH, self.company)  # idempotent
        card = Scorecard.search([("partner_id", "=", self.vendor.id), ("month", "=", MONTH)])
        self.assertEqual(len(card), 1)
        self.assertEqual(card.receipt_line_count, 2)
        self.assertAlmostEqual(card.ontime_rate, 50.0)
        self.assertAlmostEqual(card.qty_received, 200.0)
        self.assertAlmostEqual(card.ppm, 5000.0)  # 1 / 200 * 1e6
        self.assertEqual(card.nc_count, 1)
        self.assertAlmostEqual(card.scar_response_days, 10.0)
        # 0.4 * 50 (on time) + 0.4 * 50 (5,000 PPM) + 0.2 * 85 (10 days: 3 days over a week)
        self.assertAlmostEqual(card.score, 57.0)
        self.assertEqual(card.grade, "D")

    @verifies("QS-007")
    def test_month_follows_the_company_calendar(self):
        self.company.resource_calendar_id.tz = "Europe/Brussels"
        self._receive(
            [
                (datetime(2026, 10, 1, 10), datetime(2026, 9, 30, 22, 30)),  # 1 October, 00:30 in Brussels
                (datetime(2026, 10, 15, 10), datetime(2026, 10, 15, 10)),
            ]
        )
        Scorecard = self.env["quality.supplier.scorecard"]
        cards = Scorecard._compute_month(MONTH, self.company) | Scorecard._compute_month(date(2026, 9, 1), self.company)
        mine = cards.filtered(lambda c: c.partner_id == self.vendor)
        self.assertEqual(mine.mapped("month"), [MONTH], "no September scorecard: nothing was received then")
        self.assertEqual(mine.receipt_line_count, 2)

    @verifies("QS-007")
    def test_probation_on_low_score(self):
        qual, _order = self._receive([(datetime(2026, 10, 1, 10), datetime(2026, 10, 20, 10))])
        self.vendor.buyer_id = self.buyer
        qual.responsible_id = self.qmanager
        Scorecard = self.env["quality.supplier.scorecard"]
        card = Scorecard._compute_month(MONTH, self.company)
        self.assertAlmostEqual(card.score, 60.0)  # 0 % on time, 0 PPM, no SCAR
        self.assertFalse(card._apply_probation(), "60 is not under the threshold of 60")
        self.company.quality_supplier_score_threshold = 70.0
        card._apply_probation()
        card._apply_probation()  # once per snapshot
        self.assertEqual(qual.state, "probation")
        self.assertIn("under the threshold", qual.reason)
        self.assertEqual(card.activity_ids.user_id, self.buyer | self.qmanager)
        self.assertEqual(len(card.activity_ids), 2)
        self.assertEqual(self.vendor.quality_supplier_status, "probation")

    @verifies("QS-007")
    def test_cron_builds_monthly_snapshots(self):
        self._receive([(fields.Datetime.now(), fields.Datetime.now())])
        Scorecard = self.env["quality.supplier.scorecard"]
        Scorecard._cron_compute_scorecards()
        Scorecard._cron_compute_scorecards()
        cards = Scorecard.search([("partner_id", "=", self.vendor.id)])
        self.assertEqual(len(cards), 1)
        self.assertEqual(cards.month, quality_today(Scorecard).replace(day=1))

    @verifies("QS-007")
    def test_refresh_writes_only_the_cards_whose_figures_changed(self):
        _qual, order = self._receive([(datetime(2026, 10, 9, 10), datetime(2026, 10, 10, 10))])  # 100 units, on time
        other = self.env["res.partner"].create({"name": "QS SC Other Vendor", "is_company": True})
        self.env["quality.nonconformance"].create(
            {"title": "QS bent pins", "source": "receiving", "partner_id": other.id, "date": datetime(2026, 10, 5, 9)}
        )
        Scorecard = self.env["quality.supplier.scorecard"]
        cards = Scorecard._compute_month(MONTH, self.company)
        mine = cards.filtered(lambda c: c.partner_id == self.vendor)
        theirs = cards.filtered(lambda c: c.partner_id == other)
        self.assertEqual((mine.score, mine.grade), (100.0, "A"))
        self.assertEqual((theirs.nc_count, theirs.grade), (1, "A"))
        self.env.flush_all()
        self.env.cr.precommit.run()  # the creation's tracking, as at commit
        written = datetime(2026, 11, 1)
        self.env.cr.execute(
            "UPDATE quality_supplier_scorecard SET write_date = %s WHERE id IN %s", [written, tuple(cards.ids)]
        )
        self.env.invalidate_all()
        messages = {card: card.message_ids for card in mine | theirs}

        self._receiving_nc(1.0, datetime(2026, 10, 15, 9), order)  # 1 rejected of 100: 10,000 PPM
        refreshed = Scorecard._compute_month(MONTH, self.company)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()

        self.assertEqual(set(refreshed.ids), set(cards.ids), "the refresh returns every card of the month")
        self.assertEqual(theirs.write_date, written, "figures unchanged: the card is not written")
        self.assertEqual(theirs.message_ids, messages[theirs], "nothing posted on an unchanged card")
        self.assertNotEqual(mine.write_date, written, "figures changed: the card is written")
        # 0.4 * 100 (on time) + 0.4 * 0 (10,000 PPM) + 0.2 * 100 (no SCAR)
        self.assertEqual((mine.ppm, mine.nc_count, mine.score, mine.grade), (10000.0, 1, 60.0, "C"))
        new = mine.message_ids - messages[mine]
        self.assertEqual(len(new), 1, "the grade change is posted once")
        self.assertIn("grade", new.tracking_value_ids.field_id.mapped("name"))
