import re
from datetime import date, timedelta

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.addons.quality_supplier.models.quality_nonconformance import SCAR_DEFAULT_RESPONSE_DAYS
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import new_test_user


@tagged("post_install", "-at_install")
class TestScarPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.vendor = Partner.create({"name": "QS Portal Vendor", "is_company": True})
        cls.other_vendor = Partner.create({"name": "QS Other Vendor", "is_company": True})
        contact = Partner.create({"name": "QS Vendor Quality", "parent_id": cls.vendor.id, "email": "q@vendor.test"})
        cls.portal_user = new_test_user(
            cls.env, login="qs_portal", groups="base.group_portal", password="qs_portal_pw", partner_id=contact.id
        )
        product = cls.env["product.product"].create({"name": "QS Portal Part", "type": "consu"})
        NC = cls.env["quality.nonconformance"]
        cls.scar = NC.create(
            {
                "title": "QS burrs",
                "source": "receiving",
                "partner_id": cls.vendor.id,
                "product_id": product.id,
                "quantity": 3,
            }
        )._quality_issue_scar(response_due_date=date(2030, 1, 31))
        cls.other_scar = NC.create(
            {
                "title": "QS rust",
                "source": "receiving",
                "partner_id": cls.other_vendor.id,
                "product_id": product.id,
                "quantity": 1,
            }
        )._quality_issue_scar()

    @verifies("QS-008")
    def test_portal_vendor_answers_own_scar_not_another(self):
        self.assertEqual(self.scar.origin, "supplier")
        self.assertEqual(self.scar.partner_id, self.vendor)
        Capa = self.env["quality.capa"].with_user(self.portal_user)
        self.assertEqual(Capa.search([]), self.scar)
        with self.assertRaises(AccessError):
            self.other_scar.with_user(self.portal_user).read(["name"])

        self.authenticate("qs_portal", "qs_portal_pw")
        listing = self.url_open("/my/scars")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.scar.scar_reference, listing.text)
        self.assertNotIn(self.other_scar.name, listing.text)
        other = self.url_open(f"/my/scars/{self.other_scar.id}")
        self.assertNotIn(self.other_scar.name, other.text)
        self.assertNotIn("QS rust", other.text)

        page = self.url_open(f"/my/scars/{self.scar.id}")
        self.assertIn("QS burrs", page.text)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            f"/my/scars/{self.scar.id}/respond",
            data={
                "csrf_token": token,
                "containment": "Quarantined 400 pcs at our site",
                "root_cause": "Worn deburring tool",
                "corrective_action": "Tool life limit in the control plan",
            },
            files={"attachment": ("8d.txt", b"8D report", "text/plain")},
        )
        self.assertEqual(response.status_code, 200)
        self.scar.invalidate_recordset()
        self.assertEqual(self.scar.scar_root_cause, "Worn deburring tool")
        self.assertTrue(self.scar.scar_response_date)
        # The vendor answers; quality moves the stage (the owner is told).
        self.assertEqual(self.scar.state, "draft")
        self.assertTrue(self.scar.activity_ids.filtered(lambda a: "Vendor answered" in (a.summary or "")))
        self.scar.action_scar_accept_answer()
        self.assertEqual(self.scar.state, "action_plan")
        self.assertEqual(self.scar.root_cause, "Worn deburring tool")
        message = self.scar.message_ids.filtered(lambda m: "Vendor answer" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertEqual(message.attachment_ids.mapped("name"), ["8d.txt"])
        # the other vendor's SCAR cannot be answered either
        self.url_open(
            f"/my/scars/{self.other_scar.id}/respond",
            data={"csrf_token": token, "containment": "x", "root_cause": "x", "corrective_action": "x"},
        )
        self.other_scar.invalidate_recordset()
        self.assertFalse(self.other_scar.scar_response_date)

    @verifies("QS-009")
    def test_scar_reminder_cron_idempotent(self):
        self.scar.write(
            {"response_due_date": quality_today(self.env["res.users"]), "owner_id": self.env.ref("base.user_admin").id}
        )
        Capa = self.env["quality.capa"]
        Capa._cron_scar_reminders()
        Capa._cron_scar_reminders()
        reminders = self.scar.message_ids.filtered(lambda m: "Reminder" in (m.body or ""))
        self.assertEqual(len(reminders), 1)
        self.assertIn(self.vendor, reminders.partner_ids)
        self.assertTrue(self.scar.scar_reminder_sent)
        self.assertEqual(len(self.other_scar.message_ids.filtered(lambda m: "Reminder" in (m.body or ""))), 0)

    @verifies("QS-009", "QS-012")
    def test_scar_reminder_after_quality_asks_again(self):
        self.scar.write(
            {"response_due_date": quality_today(self.env["res.users"]), "owner_id": self.env.ref("base.user_admin").id}
        )
        Capa = self.env["quality.capa"]

        def reminders():
            return self.scar.message_ids.filtered(lambda m: "Reminder" in (m.body or ""))

        self.scar.sudo()._quality_scar_respond(self.portal_user.partner_id, "sorted", "worn tool", "new tool")
        Capa._cron_scar_reminders()
        self.assertFalse(reminders(), "answered: no reminder")
        quality = new_test_user(
            self.env, login="qs_ask_again", groups="base.group_user,quality_documents.group_quality_user"
        )
        self.scar.with_user(quality).action_scar_ask_again()
        self.assertFalse(self.scar.scar_reminder_sent)
        # Due today: the new request gives the standard time again; no reminder until that date is near.
        today = quality_today(self.env["res.users"])
        self.assertEqual(self.scar.response_due_date, today + timedelta(days=SCAR_DEFAULT_RESPONSE_DAYS))
        Capa._cron_scar_reminders()
        self.assertFalse(reminders(), "asked again, due in two weeks: not yet")
        self.scar.write({"response_due_date": today + timedelta(days=1)})
        Capa._cron_scar_reminders()
        Capa._cron_scar_reminders()
        self.assertEqual(len(reminders()), 1, "asked again: reminded once")
        self.assertIn(self.vendor, reminders().partner_ids)
        self.assertTrue(self.scar.scar_reminder_sent)

    @verifies("QS-008")
    def test_problem_statement_reads_the_quantity_as_a_person_writes_it(self):
        units = self.env.ref("uom.product_uom_unit")
        product = self.env["product.product"].create({"name": "QS Washer", "type": "consu"})
        NC = self.env["quality.nonconformance"]
        values = {"title": "QS oversize", "source": "receiving", "partner_id": self.vendor.id, "product_id": product.id}
        for quantity, uom, expected in (
            (1250000, units, "1,250,000 Units"),
            (2.5, False, "2.5"),
            (7, units, "7 Units"),
        ):
            with self.subTest(quantity=quantity):
                nc = NC.create({**values, "quantity": quantity, "product_uom_id": uom and uom.id})
                scar = nc._quality_issue_scar()
                self.assertEqual(scar.problem_statement, f"QS oversize (QS Washer, {expected} rejected)")

    @verifies("QS-009", "QS-012")
    def test_asked_again_past_its_due_date_the_vendor_gets_time_and_a_reminder_they_can_use(self):
        today = quality_today(self.env["res.users"])
        admin = self.env.ref("base.user_admin")
        self.scar.write({"response_due_date": today - timedelta(days=5), "owner_id": admin.id})
        self.scar.sudo()._quality_scar_respond(self.portal_user.partner_id, "sorted", "worn tool", "new tool")
        quality = new_test_user(
            self.env, login="qs_ask_late", groups="base.group_user,quality_documents.group_quality_user"
        )
        self.scar.with_user(quality).action_scar_ask_again()
        new_due = today + timedelta(days=SCAR_DEFAULT_RESPONSE_DAYS)
        self.assertEqual(self.scar.response_due_date, new_due, "a due date already past: the standard time again")
        request = self.scar.message_ids.filtered(lambda m: "asks you to complete" in (m.body or ""))
        self.assertIn(str(new_due), request.body)
        # The reminder comes when the new date is near; it names the SCAR as the vendor knows it, with a whole link.
        self.scar.write({"response_due_date": today - timedelta(days=1)})
        self.env["quality.capa"]._cron_scar_reminders()
        reminder = self.scar.message_ids.filtered(lambda m: "Reminder" in (m.body or ""))
        self.assertEqual(len(reminder), 1)
        self.assertIn("is overdue", reminder.body)
        self.assertIn(self.scar.scar_reference, reminder.body)
        self.assertNotIn(self.scar.name, reminder.body)
        self.assertIn(self.scar.get_base_url() + f"/my/scars/{self.scar.id}", reminder.body)
        answer_due = self.env.ref("quality_supplier.mail_activity_scar_answer_due")
        activity = self.scar.activity_ids.filtered(lambda a: a.activity_type_id == answer_due)
        self.assertEqual(activity.user_id, admin)
        self.assertIn("has not yet answered the new request", activity.note)
        # Still due: asked again, the date stands.
        self.scar.sudo()._quality_scar_respond(self.portal_user.partner_id, "sorted", "worn tool", "new tool 2")
        self.scar.write({"response_due_date": today + timedelta(days=2)})
        self.scar.with_user(quality).action_scar_ask_again()
        self.assertEqual(self.scar.response_due_date, today + timedelta(days=2))
