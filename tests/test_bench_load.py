"""The load section of ``make bench`` (scripts/bench_load.py) runs on a tiny load, so that it cannot rot.

A copy of the committed no-demo database that ``make test`` names in QUALITY_SCRATCH_DB (see
tests/test_multiworker.py) gets the bench's data; a prefork server, 2 clients and the 2 refusal clients (one
per gate) run the mix for 3 s with the gates on, then off. The timings of so small a run are noise: they stay
in the bench (``make bench``); here the harness must print its table and meet the budgets that do not depend
on the machine (no error reaching a client besides the deliberate refusals, each gate refusing at least once
with none missed, every record it was told of exists once, every refused one left as it was, nothing
duplicated, the signature chain intact).
Without QUALITY_SCRATCH_DB the test fails (it never skips).
"""

import os
import re
import subprocess
import sys
import unittest

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tools import config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPERATIONS = ("po_confirm", "wo_start_finish", "nc_report", "ack_sign", "po_refused", "wo_refused")
REFUSALS = ("po_refused", "wo_refused")


class TestBenchLoad(unittest.TestCase):
    @verifies("QD-022")
    def test_tiny_load_run_prints_its_table_and_meets_the_budgets(self):
        template = os.environ.get("QUALITY_SCRATCH_DB")
        self.assertTrue(template, "QUALITY_SCRATCH_DB is not set: run the suite with `make test`.")
        database = f"{template}_load_{os.getpid()}"
        done = subprocess.run(
            [
                sys.executable,
                os.path.join(ROOT, "scripts", "bench_load.py"),
                "--template",
                template,
                "--database",
                database,
                f"--addons-path={config['addons_path']}",
                "--clients=2",
                "--seconds=3",
                "--rounds=1",
                "--workers=2",
                "--max-ops=4",
                "--cron-every=2",
                "--no-warmup",
                "--no-timing-budgets",
            ],
            capture_output=True,
            text=True,
            timeout=240,
            cwd="/",
            check=False,
        )
        output = done.stdout + done.stderr
        self.assertEqual(done.returncode, 0, output[-4000:])
        self.assertIn("Load: 2 clients, 3 s per mode in 1 round(s)", output)
        self.assertIn("2 refusal clients, at most one attempt every 2 s", output)
        self.assertRegex(output, r"operation\s+mode\s+ops\s+ops/s\s+p50 ms\s+p95 ms\s+p99 ms\s+tput ratio\s+p95 ratio")
        for operation in OPERATIONS:
            for mode in ("gated", "stock"):
                match = re.search(rf"^{operation}\s+{mode}\s+(\d+)\s+[\d.]+\s+\d+\s+\d+\s+\d+", output, re.M)
                self.assertTrue(match, f"no row for {operation} ({mode}):\n{output[-3000:]}")
                self.assertGreaterEqual(int(match.group(1)), 1, f"{operation} ({mode}) was never measured")
        # No error besides the refusals; each gate refused at least once, as expected, and missed none.
        self.assertRegex(output, r"Errors reaching a client: 0 \(besides [1-9]\d* refused as expected\)")
        for operation in REFUSALS:
            match = re.search(rf"^  refused as expected  {operation}\s+gated (\d+)", output, re.M)
            self.assertTrue(match, f"no refusal line for {operation}:\n{output[-3000:]}")
            self.assertGreaterEqual(int(match.group(1)), 1, f"the gate never refused {operation}")
        self.assertIn("Refusals missed (the gate let the operation through): 0", output)
        self.assertIn("Serialization retries absorbed by Odoo (server log):", output)
        self.assertRegex(output, r"Job runs during the load: .+ x[1-9]")
        self.assertIn("each exists exactly once", output)
        self.assertRegex(
            output,
            r"Records the gates refused: po_refused [1-9]\d*, wo_refused [1-9]\d* - each left as it was",
        )
        self.assertRegex(output, r"Signature chain: intact \(\d+ signatures checked, 0 problems\)")
        self.assertIn("All load budgets met.", output)
        # The scratch copy is dropped at the end.
        listed = subprocess.run(["psql", "-Atc", "SELECT datname FROM pg_database"], capture_output=True, text=True)
        self.assertNotIn(database, listed.stdout.split())
