import re
from datetime import date

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import new_test_user


@tagged("post_install", "-at_install")
class TestScarPortalStatus(HttpCase):
    """The vendor's view of a SCAR: their statuses, the NC's description, their files; answered = read-only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.vendor = Partner.create({"name": "QS Tour Flanges Ltd", "is_company": True})
        contact = Partner.create({"name": "QS Tour Vendor QM", "parent_id": cls.vendor.id, "email": "qm@flange.test"})
        cls.portal_user = new_test_user(
            cls.env,
            login="qs_tour_portal",
            groups="base.group_portal",
            password="qs_tour_portal",
            partner_id=contact.id,
        )
        cls.quality = new_test_user(
            cls.env, login="qs_tour_quality", groups="base.group_user,quality_documents.group_quality_user"
        )
        cls.buyer = new_test_user(cls.env, login="qs_tour_buyer", groups="base.group_user,purchase.group_purchase_user")
        product = cls.env["product.product"].create({"name": "QS Tour Flange", "type": "consu"})
        nc = cls.env["quality.nonconformance"].create(
            {
                "title": "QS tour burrs",
                "description": "<p>Burrs on 7 of 80 flanges at the bore.</p>",
                "source": "receiving",
                "partner_id": cls.vendor.id,
                "product_id": product.id,
                "quantity": 7,
            }
        )
        cls.scar = nc._quality_issue_scar(response_due_date=date(2030, 1, 31))

    def _answer(self, files=None, **values):
        """POST an answer as the logged-in vendor (also when the page shows no form: a crafted request)."""
        page = self.url_open(f"/my/scars/{self.scar.id}")
        token = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)
        data = {"csrf_token": token, "containment": "c", "root_cause": "r", "corrective_action": "a", **values}
        return self.url_open(f"/my/scars/{self.scar.id}/respond", data=data, files=files)

    @verifies("QS-012")
    def test_vendor_answers_on_portal_then_sees_it_read_only(self):
        self.assertEqual(self.scar.scar_portal_status, "awaiting")
        self.start_tour("/my/scars", "quality_supplier_scar_portal_tour", login="qs_tour_portal")
        self.scar.invalidate_recordset()
        self.assertEqual(self.scar.scar_root_cause, "Worn deburring tool")
        self.assertFalse(self.scar.scar_answer_requested)
        self.assertEqual(self.scar.scar_portal_status, "review")

    @verifies("QS-012", "QS-008")
    def test_page_shows_vendor_statuses_description_and_own_files_not_capa_number(self):
        self.authenticate("qs_tour_portal", "qs_tour_portal")
        page = self.url_open(f"/my/scars/{self.scar.id}")
        self.assertIn("Awaiting your answer", page.text)
        self.assertIn("Burrs on 7 of 80 flanges at the bore.", page.text)
        self.assertIn(self.scar.scar_reference, page.text)
        self.assertNotIn(self.scar.name, page.text)
        self.assertNotIn(self.scar.nonconformance_ids.name, page.text, "nor the internal NC number")
        self.assertIn("QS tour burrs (QS Tour Flange, 7 rejected)", page.text)
        self.assertNotIn("Draft", page.text)
        self.assertIn("o_quality_scar_form", page.text)
        self._answer(files={"attachment": ("8d-report.txt", b"8D", "text/plain")})
        # quality's own file on the SCAR is not the vendor's: not listed
        self.scar.message_post(body="internal", attachments=[("internal-memo.txt", b"memo")])
        page = self.url_open(f"/my/scars/{self.scar.id}")
        self.assertIn("Under review", page.text)
        self.assertIn("8d-report.txt", page.text)
        self.assertNotIn("internal-memo.txt", page.text)
        self.assertNotIn("o_quality_scar_form", page.text)
        link = re.search(r'href="(/web/content/\d+\?download=true&amp;access_token=[^"]+)"', page.text).group(1)
        self.assertEqual(self.url_open(link.replace("&amp;", "&")).content, b"8D")
        listing = self.url_open("/my/scars")
        self.assertIn("Under review", listing.text)
        self.assertNotIn(self.scar.name, listing.text)
        self.scar.with_user(self.quality).action_scar_accept_answer()
        self.assertIn("Accepted", self.url_open(f"/my/scars/{self.scar.id}").text)

    @verifies("QS-012")
    def test_post_on_answered_scar_refused_until_quality_asks_again(self):
        self.authenticate("qs_tour_portal", "qs_tour_portal")
        self._answer(containment="first", root_cause="first cause", corrective_action="first action")
        self.scar.invalidate_recordset()
        messages = len(self.scar.message_ids)
        response = self._answer(containment="second", root_cause="second", corrective_action="second")
        self.assertIn("can be changed only when they ask you again", response.text)
        self.scar.invalidate_recordset()
        self.assertEqual(self.scar.scar_containment, "first")
        self.assertEqual(self.scar.scar_root_cause, "first cause")
        self.assertEqual(len(self.scar.message_ids), messages)
        # the model refuses it too, whoever calls it
        with self.assertRaisesRegex(UserError, "only when they ask you again"):
            self.scar.sudo()._quality_scar_respond(self.portal_user.partner_id, "x", "y", "z")
        self.assertEqual(self.scar.scar_containment, "first")

        # only quality asks again; buyer, portal user and plain employees are refused and nothing changes
        for user in (self.buyer, self.portal_user):
            with self.assertRaises(AccessError):
                self.scar.with_user(user).action_scar_ask_again()
            self.assertFalse(self.scar.scar_answer_requested)
        with self.assertRaisesRegex(UserError, "only through its buttons"):
            self.scar.with_user(self.quality).write({"scar_answer_requested": True})
        self.scar.with_user(self.quality).action_scar_ask_again()
        self.assertTrue(self.scar.scar_answer_requested)
        self.assertIn(self.vendor, self.scar.message_ids[0].partner_ids)
        with self.assertRaisesRegex(UserError, "already waiting"):
            self.scar.with_user(self.quality).action_scar_ask_again()
        self.assertIn("Awaiting your answer", self.url_open(f"/my/scars/{self.scar.id}").text)
        self._answer(containment="second", root_cause="second cause", corrective_action="second action")
        self.scar.invalidate_recordset()
        self.assertEqual(self.scar.scar_root_cause, "second cause")
        self.assertFalse(self.scar.scar_answer_requested)
