"""Bringing existing supplier evidence in: qualifications and certificates through Odoo's standard import.

Qualifications come in pending, whatever the file says (the status column is refused): an approval is a
quality manager's signature over that qualification's vendor, scope and validity, which an import cannot
carry. Certificates come in with the status their dates give."""

import csv
import io

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.addons.quality_training.tests.test_import import CSV_OPTIONS
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import QualitySupplierCase

QUAL_FIELDS = ["partner_id", "categ_ids", "valid_from", "valid_until", "reason"]
CERT_FIELDS = ["name", "partner_id", "type_id", "issuer", "valid_from", "valid_until"]


@tagged("post_install", "-at_install")
class TestSupplierImport(QualitySupplierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quser = new_test_user(
            cls.env, login="qs_import_quality", groups="base.group_user,quality_documents.group_quality_user"
        )
        cls.hr_officer = new_test_user(cls.env, login="qs_import_hr", groups="base.group_user,hr.group_hr_user")
        cls.employee = new_test_user(cls.env, login="qs_import_employee", groups="base.group_user")
        cls.iso = cls.env.ref("quality_supplier.certificate_type_iso13485")
        cls.other_vendor = cls.env["res.partner"].create({"name": "QS Other Vendor", "is_company": True})

    def _qual_rows(self, *extra):
        return [
            ["QS Vendor", self.categ_electronic.display_name, "2021-03-01", "", "Audited 2021, report AR-7"],
            ["QS Other Vendor", "", "2020-01-15", "2030-01-14", "Paper ASL 2020"],
            *extra,
        ]

    def _cert_rows(self, *extra):
        return [
            ["ISO-4411", "QS Vendor", self.iso.name, "BSI", "2023-01-01", "2099-12-31"],
            ["ISO-0007", "QS Other Vendor", self.iso.name, "TUV", "2015-01-01", "2018-01-01"],
            *extra,
        ]

    def _model(self, name, user=None):
        return self.env[name].with_user(user or self.quser)

    def _execute_import(self, model, fields, rows, user=None):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(fields)
        writer.writerows(rows)
        wizard = (
            self.env["base_import.import"]
            .with_user(user or self.quser)
            .create(
                {
                    "res_model": model,
                    "file": out.getvalue().encode(),
                    "file_name": "evidence.csv",
                    "file_type": "text/csv",
                }
            )
        )
        return wizard.execute_import(fields, fields, dict(CSV_OPTIONS))

    def _errors(self, result):
        return [m for m in result["messages"] if m["type"] == "error"]

    # ------------------------------------------------------------------
    # Qualifications
    # ------------------------------------------------------------------
    @verifies("QS-011", "QS-002")
    def test_imported_qualification_is_pending_until_a_manager_signs(self):
        Qual = self._model("quality.supplier.qualification")
        result = Qual.load(QUAL_FIELDS, self._qual_rows())
        self.assertEqual(result["messages"], [])
        quals = Qual.browse(result["ids"])
        self.assertEqual(quals.mapped("state"), ["pending", "pending"])
        self.assertEqual(quals[0].categ_ids, self.categ_electronic)
        # Pending qualifies nobody: the gated category's order is still refused.
        order = self._make_order(self.product_elec)
        with self.assertRaises(UserError):
            order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "draft")
        quals[0].with_user(self.qmanager)._quality_sign_status("approved", "qs_qmanager_pw")
        self.assertEqual(quals[0].state, "approved")
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")

    @verifies("QS-011", "QS-002")
    def test_a_qualification_status_cannot_be_imported(self):
        Qual = self._model("quality.supplier.qualification", self.qmanager)
        before = Qual.search_count([])
        result = Qual.load(QUAL_FIELDS + ["state"], [row + ["approved"] for row in self._qual_rows()])
        self.assertFalse(result["ids"])
        self.assertIn("requires an electronic signature", self._errors(result)[0]["message"])
        self.assertEqual(Qual.search_count([]), before)

    @verifies("QS-011")
    def test_bad_qualification_row_is_named_and_nothing_is_imported(self):
        Qual = self._model("quality.supplier.qualification")
        before = Qual.search_count([])
        result = self._execute_import(
            "quality.supplier.qualification",
            QUAL_FIELDS,
            self._qual_rows(["QS Vendor", "", "2022-05-01", "2021-05-01", "typo in the year"]),
        )
        errors = self._errors(result)
        self.assertEqual([m["rows"]["from"] for m in errors], [2], "only the bad row (0-based, no header)")
        self.assertIn("'Valid until' (2021-05-01) is before 'Valid from' (2022-05-01)", errors[0]["message"])
        self.assertEqual(Qual.search_count([]), before, "nothing of the file was kept")
        good = self._execute_import("quality.supplier.qualification", QUAL_FIELDS, self._qual_rows())
        self.assertEqual(good["messages"], [])
        self.assertEqual(Qual.search_count([]), before + 2)

    # ------------------------------------------------------------------
    # Certificates
    # ------------------------------------------------------------------
    @verifies("QS-011", "QS-006")
    def test_imported_certificates_take_the_status_of_their_dates(self):
        Cert = self._model("quality.supplier.certificate")
        result = self._execute_import("quality.supplier.certificate", CERT_FIELDS, self._cert_rows())
        self.assertEqual(result["messages"], [])
        certs = Cert.search([("name", "in", ("ISO-4411", "ISO-0007"))], order="name")
        self.assertEqual(certs.mapped("state"), ["expired", "valid"])
        self.assertEqual(certs.mapped("issuer"), ["TUV", "BSI"])

    @verifies("QS-011")
    def test_bad_certificate_rows_are_named_and_nothing_is_imported(self):
        Cert = self._model("quality.supplier.certificate")
        before = Cert.search_count([])
        result = Cert.load(
            CERT_FIELDS,
            self._cert_rows(
                ["ISO-0008", "QS Vendor", self.iso.name, "BSI", "2024-06-01", "2024-01-01"],
                ["ISO-0009", "QS Vendor", "ISO 99999", "BSI", "2024-01-01", "2027-01-01"],
            ),
        )
        self.assertFalse(result["ids"])
        errors = self._errors(result)
        self.assertEqual({m["rows"]["from"] for m in errors}, {2, 3})
        dates = next(m for m in errors if m["rows"]["from"] == 2)
        self.assertIn("ISO-0008: 'Valid until' is before 'Valid from' (2024-01-01 before 2024-06-01)", dates["message"])
        unknown = next(m for m in errors if m["rows"]["from"] == 3)
        self.assertEqual(unknown["field"], "type_id")
        self.assertIn("ISO 99999", unknown["message"])
        self.assertEqual(Cert.search_count([]), before)

    # ------------------------------------------------------------------
    # Quality roles only
    # ------------------------------------------------------------------
    @verifies("QS-011", "QD-016")
    def test_buyer_hr_and_employee_cannot_import_supplier_evidence(self):
        counts = {
            name: self.env[name].search_count([])
            for name in ("quality.supplier.qualification", "quality.supplier.certificate")
        }
        for user in (self.buyer, self.hr_officer, self.employee):
            for name, fields, rows in (
                ("quality.supplier.qualification", QUAL_FIELDS, self._qual_rows()),
                ("quality.supplier.certificate", CERT_FIELDS, self._cert_rows()),
            ):
                with self.subTest(user=user.login, model=name):
                    result = self._model(name, user).load(fields, rows)
                    self.assertFalse(result["ids"])
                    self.assertIn("not allowed", self._errors(result)[0]["message"])
        for name, count in counts.items():
            self.assertEqual(self.env[name].search_count([]), count)
