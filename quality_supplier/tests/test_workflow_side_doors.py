"""Side doors of the supplier workflow: each asserts the refusal message and that nothing changed."""

from datetime import timedelta

from odoo import Command
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@verifies("QS-002", "QS-006", "QD-015")
@tagged("post_install", "-at_install")
class TestSupplierWorkflowSideDoors(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = quality_today(cls.env["res.users"])
        cls.buyer = new_test_user(
            cls.env, login="qs_sd_buyer", groups="base.group_user,purchase.group_purchase_user", password="qs_sd_b"
        )
        cls.quser = new_test_user(
            cls.env,
            login="qs_sd_quser",
            groups="base.group_user,quality_documents.group_quality_user",
            password="qs_sd_quser_pw",
        )
        cls.qmanager = new_test_user(
            cls.env,
            login="qs_sd_qmanager",
            groups="base.group_user,quality_documents.group_quality_manager",
            password="qs_sd_qmanager_pw",
        )
        Category = cls.env["product.category"]
        cls.categ = Category.create({"name": "QS SD Electronics"})
        cls.other_categ = Category.create({"name": "QS SD Plastics"})
        cls.vendor = cls.env["res.partner"].create({"name": "QS SD Vendor", "is_company": True})
        cls.other_vendor = cls.env["res.partner"].create({"name": "QS SD Other Vendor", "is_company": True})
        cls.cert_type = cls.env.ref("quality_supplier.certificate_type_iso9001")

    def _signed_qualification(self, status, comment=False):
        qual = self.env["quality.supplier.qualification"].create(
            {
                "partner_id": self.vendor.id,
                "categ_ids": [Command.set(self.categ.ids)],
                "valid_from": self.today,
                "valid_until": self.today + timedelta(days=365),
            }
        )
        qual.with_user(self.qmanager)._quality_sign_status(status, "qs_sd_qmanager_pw", comment)
        return qual

    def test_signed_approval_cannot_be_rewritten_for_another_vendor(self):
        qual = self._signed_qualification("approved")
        before = qual.read(["partner_id", "categ_ids", "valid_from", "valid_until", "state"])[0]
        attempts = (
            ({"partner_id": self.other_vendor.id}, "Vendor"),
            ({"categ_ids": [Command.set(self.other_categ.ids)]}, "Scope"),
            ({"valid_until": self.today + timedelta(days=3650)}, "Valid Until"),
            ({"valid_from": self.today - timedelta(days=3650)}, "Valid From"),
        )
        for values, label in attempts:
            for who, record in (("quality manager", qual.with_user(self.qmanager)), ("superuser", qual.sudo())):
                with self.subTest(values=values, who=who):
                    with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                        record.write(values)
                    self.assertEqual(
                        str(refused.exception),
                        f"{qual.display_name} was signed: its vendor, scope and validity cannot change. Create a new "
                        f"qualification for another vendor, scope or period. Fields that cannot change: {label}.",
                    )
        self.env.invalidate_all()
        self.assertEqual(qual.read(["partner_id", "categ_ids", "valid_from", "valid_until", "state"])[0], before)

    def test_signed_qualification_stays_frozen_and_kept_whatever_its_status_since(self):
        # Frozen by its signature, not by a status: reset to pending, it keeps what was signed.
        qual = self._signed_qualification("disqualified", "Failed the supplier audit")
        qual.with_user(self.qmanager).action_reset_pending()
        self.assertEqual(qual.state, "pending")
        before = qual.read(["partner_id", "categ_ids", "valid_from", "valid_until", "state", "active"])[0]
        for who, record in (("quality manager", qual.with_user(self.qmanager)), ("superuser", qual.sudo())):
            with self.subTest(who=who):
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    record.write({"partner_id": self.other_vendor.id, "valid_until": self.today})
                self.assertEqual(
                    str(refused.exception),
                    f"{qual.display_name} was signed: its vendor, scope and validity cannot change. Create a new "
                    "qualification for another vendor, scope or period. Fields that cannot change: Vendor, Valid "
                    "Until.",
                )
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    record.unlink()
                self.assertEqual(
                    str(refused.exception),
                    f"{qual.display_name} was signed: a signed qualification is a quality record, it cannot be "
                    "deleted. Archive it instead.",
                )
        self.env.invalidate_all()
        self.assertTrue(qual.exists())
        self.assertEqual(qual.read(list(before))[0], before)
        # Never signed: open, and it may go.
        draft = self.env["quality.supplier.qualification"].create({"partner_id": self.vendor.id})
        draft.with_user(self.qmanager).write({"partner_id": self.other_vendor.id})
        self.assertEqual(draft.partner_id, self.other_vendor)
        draft.with_user(self.qmanager).unlink()
        self.assertFalse(draft.exists())

    def test_signed_disqualification_cannot_be_archived(self):
        qual = self._signed_qualification("disqualified", "Failed the supplier audit")
        for who, record in (("quality manager", qual.with_user(self.qmanager)), ("superuser", qual.sudo())):
            for call in (lambda r: r.write({"active": False}), lambda r: r.action_archive()):
                with (
                    self.subTest(who=who),
                    self.assertRaisesRegex(UserError, "is a signed disqualification: it stays on the record"),
                    self.env.cr.savepoint(),
                ):
                    call(record)
        self.env.invalidate_all()
        self.assertTrue(qual.active)
        self.assertEqual(qual.state, "disqualified")
        self.assertEqual(self.vendor.quality_supplier_status, "disqualified")

    def test_buyer_cannot_create_certificate(self):
        Certificate = self.env["quality.supplier.certificate"]
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Certificate.with_user(self.buyer).create(
                {
                    "partner_id": self.vendor.id,
                    "type_id": self.cert_type.id,
                    "name": "BUY-001",
                    "valid_until": self.today + timedelta(days=365),
                }
            )
        self.assertFalse(Certificate.search([("partner_id", "=", self.vendor.id)]))

    def test_buyer_cannot_extend_certificate(self):
        cert = (
            self.env["quality.supplier.certificate"]
            .with_user(self.quser)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "type_id": self.cert_type.id,
                    "name": "Q-001",
                    "valid_until": self.today + timedelta(days=10),
                }
            )
        )
        self.assertEqual(cert.state, "expiring")
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            cert.with_user(self.buyer).write({"valid_until": self.today + timedelta(days=3650)})
        self.env.invalidate_all()
        self.assertEqual(cert.valid_until, self.today + timedelta(days=10))
        self.assertEqual(cert.state, "expiring")
        # The buyer reads it; a quality user renews it (the state follows the dates).
        self.assertEqual(cert.with_user(self.buyer).read(["name"])[0]["name"], "Q-001")
        cert.with_user(self.quser).write({"valid_until": self.today + timedelta(days=365)})
        self.assertEqual(cert.state, "valid")

    def test_certificate_state_and_expiry_flags_are_not_written_by_hand(self):
        cert = self.env["quality.supplier.certificate"].create(
            {
                "partner_id": self.vendor.id,
                "type_id": self.cert_type.id,
                "name": "Q-002",
                "valid_until": self.today - timedelta(days=1),
            }
        )
        self.assertEqual(cert.state, "expired")
        for values in ({"state": "valid"}, {"expiry_processed": True}):
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(UserError, "change only through its buttons and signatures"),
                self.env.cr.savepoint(),
            ):
                cert.with_user(self.qmanager).write(values)
        self.env.invalidate_all()
        self.assertEqual(cert.state, "expired")
        self.assertFalse(cert.expiry_processed)

    def test_scorecard_figures_are_not_written_by_hand(self):
        card = (
            self.env["quality.supplier.scorecard"]
            .sudo()
            ._quality_workflow_create(
                [{"partner_id": self.vendor.id, "month": self.today.replace(day=1), "company_id": self.env.company.id}]
            )
        )
        card._quality_workflow_write({"score": 40.0, "grade": "D"})
        for values in ({"score": 99.0}, {"grade": "A"}, {"probation_done": True}):
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(UserError, "change only through its buttons and signatures"),
                self.env.cr.savepoint(),
            ):
                card.with_user(self.qmanager).write(values)
        with self.assertRaisesRegex(UserError, "change only through"), self.env.cr.savepoint():
            self.env["quality.supplier.scorecard"].with_user(self.qmanager).create(
                {"partner_id": self.other_vendor.id, "month": self.today.replace(day=1), "score": 100.0}
            )
        self.env.invalidate_all()
        self.assertEqual((card.score, card.grade, card.probation_done), (40.0, "D", False))
