"""The gates behave the same under a multi-process server (--workers=2, crons on) as under the threaded one, over JSON-RPC.

Needs a committed database with the addons installed that no other test uses: ``make test`` keeps
its no-demo install database for this and names it in QUALITY_SCRATCH_DB. Without it the test fails
(it never skips).
"""

import json
import os
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tools import config


class TestMultiWorker(unittest.TestCase):
    WORKERS = 2  # prefork: HTTP workers and a cron worker, separate processes

    def setUp(self):
        self.db = os.environ.get("QUALITY_SCRATCH_DB")
        self.assertTrue(self.db, "QUALITY_SCRATCH_DB is not set: run the suite with `make test`.")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; sys.argv[0] = 'odoo'; import odoo.cli; odoo.cli.main()",
                "-d",
                self.db,
                f"--db-filter=^{self.db}$",
                f"--addons-path={config['addons_path']}",
                f"--workers={self.WORKERS}",
                "--max-cron-threads=1",
                "--http-interface=127.0.0.1",
                f"--http-port={self.port}",
                "--log-level=warn",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Odoo's own switch: a write of a cron's nextcall wakes the cron worker at once (else it polls
            # every minute).
            env={**os.environ, "ODOO_NOTIFY_CRON_CHANGES": "1"},
        )
        self.addCleanup(self._stop)
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/web/login", timeout=5)  # noqa: S310
                break
            except OSError:
                self.assertIsNone(self.server.poll(), "the multi-worker server exited")
                self.assertLess(time.time(), deadline, "the multi-worker server did not answer in 90 s")
                time.sleep(1)
        self.uid = self._rpc("common", "login", self.db, "admin", "admin")
        self.assertTrue(self.uid, "admin/admin cannot log in on the scratch database")

    def _stop(self):
        self.server.terminate()
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()

    def _rpc(self, service, method, *args):
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"service": service, "method": method, "args": args},
        }
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/jsonrpc",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            answer = json.loads(response.read())
        if "error" in answer:
            raise RpcError(answer["error"]["data"]["name"], answer["error"]["data"]["message"])
        return answer["result"]

    def _call(self, model, method, *args, **kwargs):
        return self._rpc("object", "execute_kw", self.db, self.uid, "admin", model, method, list(args), kwargs)

    @verifies("QS-001")
    def test_purchase_gate_over_json_rpc(self):
        # The gate is opt-in: quality marks a category and a quality manager signs the switch to Enforce.
        categ = self._call("product.category", "create", {"name": "MW gated components", "quality_controlled": True})
        company = self._call("res.users", "read", [self.uid], ["company_id"])[0]["company_id"][0]
        mode = self._call("res.company", "read", [company], ["quality_supplier_gate_mode"])[0]
        if mode["quality_supplier_gate_mode"] != "enforce":
            settings = self._call("res.config.settings", "create", {})
            action = self._call("res.config.settings", "action_quality_supplier_gate_enforce", [settings])
            credentials = {"login": "admin", "password": "admin", "comment": "MW"}
            wizard = self._call("quality.sign.wizard", "create", credentials, context=action["context"])
            self._call("quality.sign.wizard", "action_sign", [wizard])
        vendor = self._call("res.partner", "create", {"name": "MW unqualified vendor", "is_company": True})
        product = self._call("product.product", "create", {"name": "MW part", "type": "consu", "categ_id": categ})
        order = self._call(
            "purchase.order",
            "create",
            {"partner_id": vendor, "order_line": [(0, 0, {"product_id": product, "product_qty": 1, "price_unit": 1})]},
        )
        with self.assertRaises(RpcError) as caught:
            self._call("purchase.order", "button_confirm", [order])
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        self.assertIn("MW unqualified vendor", caught.exception.message)
        self.assertEqual(self._call("purchase.order", "read", [order], ["state"])[0]["state"], "draft")
        # Qualified through the signing dialog, as a person would: the order confirms.
        qualification = self._call("quality.supplier.qualification", "create", {"partner_id": vendor})
        action = self._call("quality.supplier.qualification", "action_request_approved", [qualification])
        wizard = self._call(
            "quality.sign.wizard", "create", {"login": "admin", "password": "admin"}, context=action["context"]
        )
        self._call("quality.sign.wizard", "action_sign", [wizard])
        state = self._call("quality.supplier.qualification", "read", [qualification], ["state"])[0]["state"]
        self.assertEqual(state, "approved")
        self._call("purchase.order", "button_confirm", [order])
        self.assertEqual(self._call("purchase.order", "read", [order], ["state"])[0]["state"], "purchase")

    @verifies("QT-001")
    def test_workorder_gate_over_json_rpc(self):
        employee = self._call("hr.employee", "search", [("user_id", "=", self.uid)], limit=1)
        self.assertTrue(employee, "admin has an employee")
        workcenter = self._call("mrp.workcenter", "create", {"name": "MW cell"})
        product = self._call("product.product", "create", {"name": "MW pump", "is_storable": True})
        component = self._call("product.product", "create", {"name": "MW tube", "type": "consu"})
        template = self._call("product.product", "read", [product], ["product_tmpl_id"])[0]["product_tmpl_id"][0]
        bom = self._call(
            "mrp.bom",
            "create",
            {
                "product_tmpl_id": template,
                "bom_line_ids": [(0, 0, {"product_id": component, "product_qty": 1})],
                "operation_ids": [(0, 0, {"name": "MW bonding", "workcenter_id": workcenter})],
            },
        )
        operation = self._call("mrp.bom", "read", [bom], ["operation_ids"])[0]["operation_ids"]
        course = self._call("quality.training.course", "create", {"name": "MW bonding course"})
        self._call(
            "quality.training.requirement",
            "create",
            {
                "name": "MW bonding course",
                "requirement_type": "course",
                "course_id": course,
                "operation_ids": [(6, 0, operation)],
                "employee_ids": [(6, 0, employee)],
            },
        )
        production = self._call("mrp.production", "create", {"product_id": product, "bom_id": bom, "product_qty": 1})
        self._call("mrp.production", "action_confirm", [production])
        workorder = self._call("mrp.production", "read", [production], ["workorder_ids"])[0]["workorder_ids"]
        state = self._call("mrp.workorder", "read", workorder, ["state"])[0]["state"]
        with self.assertRaises(RpcError) as caught:
            self._call("mrp.workorder", "button_start", workorder)
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        self.assertIn("MW bonding course", caught.exception.message)
        self.assertEqual(self._call("mrp.workorder", "read", workorder, ["state"])[0]["state"], state)
        # Nor through a plain write of the state (another worker process, same gate).
        with self.assertRaises(RpcError):
            self._call("mrp.workorder", "write", workorder, {"state": "progress"})
        self.assertEqual(self._call("mrp.workorder", "read", workorder, ["state"])[0]["state"], state)

    @verifies("QD-019")
    def test_cron_runs_in_the_cron_worker(self):
        cron = self._call("ir.cron", "search_read", [("cron_name", "ilike", "scorecard")], fields=["lastcall"], limit=1)
        self.assertTrue(cron, "the scorecard cron exists")
        before = cron[0]["lastcall"]
        self._call("ir.cron", "write", [cron[0]["id"]], {"nextcall": "2000-01-01 00:00:00", "active": True})
        deadline = time.time() + 150
        while time.time() < deadline:
            lastcall = self._call("ir.cron", "read", [cron[0]["id"]], ["lastcall"])[0]["lastcall"]
            if lastcall and lastcall != before:
                break
            time.sleep(3)
        self.assertNotEqual(lastcall, before, "the cron worker did not run the due scorecard cron")


class TestThreadedServer(TestMultiWorker):
    """The same scenarios against the threaded server (--workers=0): the behaviour must not differ."""

    WORKERS = 0


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
