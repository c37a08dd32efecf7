"""Bad input over JSON-RPC: a clean Odoo error naming the problem, and nothing written."""

import json

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestRpcBadInput(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "RPC Company B"})
        cls.vendor_b = cls.env["res.partner"].create(
            {"name": "RPC company-B vendor", "is_company": True, "company_id": cls.company_b.id}
        )
        cls.vendor = cls.env["res.partner"].create({"name": "RPC vendor", "is_company": True})
        cls.cert_type = cls.env["quality.supplier.certificate.type"].search([], limit=1)

    def _call(self, model, method, args, kwargs=None):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _assert_refused(self, model, args, exception, *needles):
        before = self.env[model].search_count([])
        answer = self._call(model, "create", args)
        self.assertNotIn("result", answer, f"{model} accepted {args}")
        error = answer["error"]["data"]
        self.assertEqual(error["name"], exception, error.get("message"))
        for needle in needles:
            self.assertIn(needle, error["message"])
        self.env.invalidate_all()
        self.assertEqual(self.env[model].search_count([]), before, "nothing written")

    @verifies("QD-014")
    def test_bad_input_is_refused_cleanly_and_writes_nothing(self):
        self.authenticate("admin", "admin")
        self.assertTrue(self.cert_type, "the supplier addon ships certificate types")
        # Missing required fields: the message names the model and the field.
        self._assert_refused(
            "quality.capa", [{"partner_id": self.vendor.id}], "odoo.exceptions.ValidationError", "Title"
        )
        self._assert_refused(
            "quality.supplier.certificate",
            [{"name": "RPC-1", "type_id": self.cert_type.id}],
            "odoo.exceptions.ValidationError",
            "Vendor",
        )
        # Impossible date range.
        self._assert_refused(
            "quality.supplier.certificate",
            [
                {
                    "name": "RPC-2",
                    "partner_id": self.vendor.id,
                    "type_id": self.cert_type.id,
                    "valid_from": "2026-06-01",
                    "valid_until": "2026-01-01",
                }
            ],
            "odoo.exceptions.ValidationError",
            "'Valid until' is before 'Valid from'",
        )
        # Another company's record on a company-A quality record.
        for model, vals in (
            ("quality.capa", {"title": "RPC SCAR", "origin": "supplier", "partner_id": self.vendor_b.id}),
            ("quality.nonconformance", {"title": "RPC NC", "partner_id": self.vendor_b.id}),
            (
                "quality.supplier.certificate",
                {
                    "name": "RPC-3",
                    "partner_id": self.vendor_b.id,
                    "type_id": self.cert_type.id,
                    "valid_until": "2027-01-01",
                },
            ),
        ):
            with self.subTest(model=model):
                self._assert_refused(model, [vals], "odoo.exceptions.UserError", "RPC company-B vendor")
        # A record id that does not exist.
        self._assert_refused(
            "quality.capa", [{"title": "RPC ghost", "partner_id": 99999999}], "odoo.exceptions.ValidationError"
        )

    @verifies("QD-014")
    def test_wrong_types_are_refused_naming_the_field(self):
        self.authenticate("admin", "admin")
        for vals, needles in (
            ({"title": "RPC T1", "owner_id": "abc"}, ["Owner", "owner_id", "'abc'", "the id of a User record"]),
            ({"title": "RPC T2", "owner_id": 1.5}, ["owner_id", "the id of a User record"]),
            ({"title": "RPC T3", "investigation_due": "2026-02-30"}, ["investigation_due", "'2026-02-30'", "a date"]),
            ({"title": ["RPC T4"]}, ["Title", "title", "text"]),
            ({"title": "RPC T5", "severity": "9"}, ["severity", "one of"]),
            ({"title": "RPC T6", "effectiveness_days": "ten"}, ["effectiveness_days", "a whole number"]),
            ({"title": "RPC T7", "action_ids": "nope"}, ["action_ids", "a list of commands"]),
            ({"title": "RPC T8", "no_such_field": 1}, ["no_such_field"]),
        ):
            with self.subTest(vals=vals):
                self._assert_refused("quality.capa", [vals], "odoo.exceptions.ValidationError", *needles)

    @verifies("QD-014")
    def test_batch_with_one_bad_row_writes_nothing(self):
        self.authenticate("admin", "admin")
        self._assert_refused(
            "quality.nonconformance",
            [[{"title": "RPC good row"}, {"title": "RPC bad row", "date": "yesterday"}]],
            "odoo.exceptions.ValidationError",
            "date",
        )

    @verifies("QD-014")
    def test_bad_write_leaves_the_record_unchanged(self):
        self.authenticate("admin", "admin")
        capa = self.env["quality.capa"].create({"title": "RPC unchanged"})
        for vals in (
            {"title": "RPC changed", "investigation_due": "not a date"},
            {"title": "RPC changed", "partner_id": self.vendor_b.id},
            {"title": "RPC changed", "owner_id": "abc"},
        ):
            with self.subTest(vals=vals):
                answer = self._call("quality.capa", "write", [[capa.id], vals])
                self.assertNotIn("result", answer, f"write accepted {vals}")
                self.assertIn(
                    answer["error"]["data"]["name"], ("odoo.exceptions.ValidationError", "odoo.exceptions.UserError")
                )
                self.env.invalidate_all()
                self.assertEqual(capa.title, "RPC unchanged")
                self.assertFalse(capa.investigation_due)
