"""Install, upgrade twice and partly uninstall the five addons on a database that already has history (issue 15).

A database gets Odoo's purchase_stock, mrp and hr WITH their demo data (vendors, confirmed purchase
orders and their receipts, a done manufacturing order, employees), as a company running Odoo has.
Then, each step a real ``odoo`` command line (subprocess), as an administrator would run it:

1. ``-i`` the five addons; 2. and 3. ``-u`` them, twice; 4. uninstall quality_audit and
quality_supplier (``button_immediate_uninstall`` in ``odoo shell``, what Apps > Uninstall does);
5. start Odoo on what is left.

Each step must exit 0 and log no WARNING, ERROR or CRITICAL line; the upgrades must create, drop
or re-create no record (row count of every table, and the record behind every XML id of our
addons, identical before and after); the uninstall must leave no model, field, view, menu, group,
XML id or table of the two addons behind; the confirmed orders, their lines and receipts, the done
manufacturing orders, their stock moves and the employees that were there before are identical
(row by row, ``write_date`` included) after every step.

The file name does not match ``test_*.py`` on purpose: ``make test`` runs it from scripts/compat.sh,
beside Odoo's own tests (two jobs on two cores) instead of inside the main pytest run. Run it alone:

    python3 -m pytest -p no:odoo tests/compat/install_history_check.py   (no Odoo registry in pytest itself)

Environment: ``QUALITY_HISTORY_DB`` (default ``quality_history_<pid>``; created, dropped at the
end), ``QUALITY_ADDONS_PATH`` (default: this repository then Odoo's addons path), ``ODOO_OPTS``
(extra Odoo options, e.g. ``--db_host``), and PG* for the checks' own connection.
``QUALITY_HISTORY_TEMPLATE`` (developers only): copy this database (purchase_stock, mrp, hr with
demo data, nothing else) instead of installing Odoo's modules, to save three minutes.
"""

import os
import re
import shlex
import subprocess
import sys
import unittest
from contextlib import closing
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
ADDONS = ["quality_documents", "quality_training", "quality_capa", "quality_supplier", "quality_audit"]
REMOVED = ["quality_audit", "quality_supplier"]
KEPT = ["quality_documents", "quality_training", "quality_capa"]
ODOO_BASE = ["purchase_stock", "mrp", "hr"]
ODOO = [sys.executable, "-c", "import sys; sys.argv[0] = 'odoo'; import odoo.cli; odoo.cli.main()"]
# The same rule as scripts/test.sh for the install log of a fresh database.
BAD_LOG_LINE = re.compile(r" (WARNING|ERROR|CRITICAL) ")
HARMLESS_LOG_LINE = re.compile(r"Running as user 'root'")

UNINSTALL = """
mods = env["ir.module.module"].search([("name", "in", %r)])
assert len(mods) == %d, mods.mapped("name")
mods.button_immediate_uninstall()
env.cr.commit()
"""

# What a company already has and our addons must never change: (label, query returning ordered rows).
HISTORY = {
    "confirmed purchase orders": """
        SELECT id, name, state, partner_id, amount_untaxed, amount_total, date_approve, date_planned,
               invoice_status, receipt_status, write_date
          FROM purchase_order WHERE state IN ('purchase', 'done') ORDER BY id""",
    "their order lines": """
        SELECT l.id, l.order_id, l.product_id, l.product_qty, l.qty_received, l.qty_invoiced, l.price_unit,
               l.price_subtotal, l.write_date
          FROM purchase_order_line l JOIN purchase_order o ON o.id = l.order_id
         WHERE o.state IN ('purchase', 'done') ORDER BY l.id""",
    "their receipts": """
        SELECT p.id, p.name, p.state, p.partner_id, p.scheduled_date, p.date_done, p.write_date
          FROM stock_picking p
         WHERE p.id IN (SELECT m.picking_id FROM stock_move m JOIN purchase_order_line l ON l.id = m.purchase_line_id
                          JOIN purchase_order o ON o.id = l.order_id WHERE o.state IN ('purchase', 'done'))
         ORDER BY p.id""",
    "done manufacturing orders": """
        SELECT id, name, state, product_id, product_qty, qty_producing, date_start, date_finished, write_date
          FROM mrp_production WHERE state = 'done' ORDER BY id""",
    "their stock moves": """
        SELECT m.id, m.state, m.product_id, m.product_uom_qty, m.quantity, m.picked, m.date, m.write_date
          FROM stock_move m
         WHERE m.raw_material_production_id IN (SELECT id FROM mrp_production WHERE state = 'done')
            OR m.production_id IN (SELECT id FROM mrp_production WHERE state = 'done')
         ORDER BY m.id""",
    "employees": """
        SELECT id, name, active, job_id, department_id, parent_id, user_id, company_id, write_date
          FROM hr_employee ORDER BY id""",
}


def _odoo_opts():
    return shlex.split(os.environ.get("ODOO_OPTS", ""))


def _pg_kwargs(dbname):
    """libpq connection of the checks: PG* variables, or the --db_* options of ODOO_OPTS."""
    kwargs = {"dbname": dbname}
    opts = _odoo_opts()
    for key in ("host", "port", "user", "password"):
        for i, opt in enumerate(opts):
            if opt.startswith(f"--db_{key}="):
                kwargs[key] = opt.split("=", 1)[1]
            elif opt == f"--db_{key}" and i + 1 < len(opts):
                kwargs[key] = opts[i + 1]
    return kwargs


def _addons_path():
    if os.environ.get("QUALITY_ADDONS_PATH"):
        return os.environ["QUALITY_ADDONS_PATH"]
    base = subprocess.run(
        [sys.executable, "-c", "from odoo.tools import config; config.parse_config([]); print(config['addons_path'])"],
        check=True,
        capture_output=True,
        text=True,
        cwd="/",
    ).stdout.strip()
    return f"{ROOT},{base}"


class TestInstallOnDatabaseWithHistory(unittest.TestCase):
    """One database, five steps run once in setUpClass; each test checks one outcome of them."""

    maxDiff = None  # a failure shows every offending log line, table and XML id

    @classmethod
    def setUpClass(cls):
        cls.db = os.environ.get("QUALITY_HISTORY_DB") or f"quality_history_{os.getpid()}"
        cls.addons_path = _addons_path()
        cls.logs = {}
        cls.history = {}
        cls.counts = {}
        cls.xmlids = {}
        cls._dropdb()
        try:
            cls._build()
        except BaseException:
            cls._dropdb()
            raise

    @classmethod
    def tearDownClass(cls):
        cls._dropdb()

    # -- the steps ---------------------------------------------------------------------------------------
    @classmethod
    def _build(cls):
        template = os.environ.get("QUALITY_HISTORY_TEMPLATE")
        if template:  # developer shortcut: a database that has only purchase_stock, mrp, hr and their demo
            with closing(cls._connect("postgres")) as cn, cn.cursor() as cr:
                cr.execute(f'CREATE DATABASE "{cls.db}" TEMPLATE "{template}"')
        else:
            cls._odoo("odoo_with_demo", "-i", ",".join(ODOO_BASE))
        cls.history["before"] = cls._history()
        for label in ("confirmed purchase orders", "done manufacturing orders", "employees"):
            if not cls.history["before"][label]:
                raise AssertionError(f"Odoo's demo data gave no {label}: the test would prove nothing.")
        cls._odoo("install", "-i", ",".join(ADDONS))
        cls._snapshot("install")
        cls._odoo("upgrade 1", "-u", ",".join(ADDONS))
        cls._snapshot("upgrade 1")
        cls._odoo("upgrade 2", "-u", ",".join(ADDONS))
        cls._snapshot("upgrade 2")
        cls._odoo("uninstall", "shell", stdin=UNINSTALL % (REMOVED, len(REMOVED)))
        cls.history["uninstall"] = cls._history()
        cls._odoo("restart")
        cls.history["restart"] = cls._history()

    @classmethod
    def _odoo(cls, step, *args, stdin=None):
        command = list(ODOO)
        if args and args[0] == "shell":
            command.append("shell")
            args = args[1:]
        command += [
            "-d",
            cls.db,
            f"--addons-path={cls.addons_path}",
            "--log-level=warn",
            "--max-cron-threads=0",
            *args,
            *_odoo_opts(),
        ]
        if not stdin:
            command.append("--stop-after-init")
        done = subprocess.run(command, input=stdin or "", capture_output=True, text=True, cwd="/", timeout=1800)
        log = done.stdout + done.stderr
        cls.logs[step] = log
        if done.returncode:
            raise AssertionError(f"Step '{step}' ({' '.join(args)}) exited {done.returncode}:\n{log[-6000:]}")
        if stdin and "Traceback" in log:
            raise AssertionError(f"Step '{step}' raised in odoo shell:\n{log[-6000:]}")

    @classmethod
    def _connect(cls, dbname=None):
        cn = psycopg2.connect(**_pg_kwargs(dbname or cls.db))
        cn.autocommit = True
        return cn

    @classmethod
    def _query(cls, sql, params=None):
        with closing(cls._connect()) as cn, cn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()

    @classmethod
    def _history(cls):
        return {label: cls._query(sql) for label, sql in HISTORY.items()}

    @classmethod
    def _snapshot(cls, step):
        cls.history[step] = cls._history()
        tables = [
            name
            for (name,) in cls._query(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
            )
        ]
        counts = {}
        with closing(cls._connect()) as cn, cn.cursor() as cr:
            for table in tables:
                cr.execute(f'SELECT count(*) FROM "{table}"')
                counts[table] = cr.fetchone()[0]
        cls.counts[step] = counts
        cls.xmlids[step] = {
            (module, name): (model, res_id)
            for module, name, model, res_id in cls._query(
                "SELECT module, name, model, res_id FROM ir_model_data WHERE module = ANY(%s)", [ADDONS]
            )
        }

    @classmethod
    def _dropdb(cls):
        with closing(cls._connect("postgres")) as cn, cn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{cls.db}" WITH (FORCE)')

    def _bad_lines(self, step):
        return [
            line
            for line in self.logs[step].splitlines()
            if BAD_LOG_LINE.search(line) and not HARMLESS_LOG_LINE.search(line)
        ]

    # -- the outcomes ------------------------------------------------------------------------------------
    def test_install_on_history_logs_no_warning(self):
        self.assertEqual(self._bad_lines("install"), [], "installing the five addons on a database with history")

    def test_upgrade_twice_logs_no_warning(self):
        for step in ("upgrade 1", "upgrade 2"):
            with self.subTest(step=step):
                self.assertEqual(self._bad_lines(step), [], f"-u of the five addons ({step})")

    def test_upgrade_twice_creates_no_record(self):
        for before, after in (("install", "upgrade 1"), ("upgrade 1", "upgrade 2")):
            changed = {
                table: (self.counts[before].get(table), self.counts[after].get(table))
                for table in self.counts[before].keys() | self.counts[after].keys()
                if self.counts[before].get(table) != self.counts[after].get(table)
            }
            self.assertEqual(changed, {}, f"rows per table changed from '{before}' to '{after}' (before, after)")

    def test_upgrade_twice_keeps_every_record_of_our_xml_ids(self):
        self.assertGreater(len(self.xmlids["install"]), 100, "the five addons declare their records by XML id")
        for before, after in (("install", "upgrade 1"), ("upgrade 1", "upgrade 2")):
            old, new = self.xmlids[before], self.xmlids[after]
            moved = {
                key: (old.get(key), new.get(key)) for key in old.keys() | new.keys() if old.get(key) != new.get(key)
            }
            self.assertEqual(moved, {}, f"XML ids re-created or lost from '{before}' to '{after}'")

    def test_history_untouched_by_install_upgrade_uninstall(self):
        # Our own demo data may add orders, manufacturing orders and employees: only those that were
        # there before are compared, and every one of them must still be there, unchanged.
        before = self.history["before"]
        for step in ("install", "upgrade 1", "upgrade 2", "uninstall", "restart"):
            for label, rows in before.items():
                ids = {row[0] for row in rows}
                now = [row for row in self.history[step][label] if row[0] in ids]
                with self.subTest(step=step, what=label):
                    self.assertEqual(now, rows, f"{label} changed by the step '{step}'")

    def test_uninstall_audit_and_supplier_logs_no_warning(self):
        self.assertEqual(self._bad_lines("uninstall"), [], "uninstalling quality_audit and quality_supplier")
        self.assertEqual(self._bad_lines("restart"), [], "starting Odoo after the uninstall")

    def test_uninstall_leaves_the_other_addons_installed(self):
        states = dict(self._query("SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", [ADDONS]))
        self.assertEqual(
            states,
            {**dict.fromkeys(REMOVED, "uninstalled"), **dict.fromkeys(KEPT, "installed")},
        )

    def test_uninstall_leaves_nothing_of_audit_and_supplier(self):
        by_xmlid = (
            "SELECT %s FROM %s WHERE id IN (SELECT res_id FROM ir_model_data WHERE model = %%s AND module = ANY(%%s))"
        )
        leftovers = {
            "XML ids": ("SELECT module || '.' || name FROM ir_model_data WHERE module = ANY(%s)", [REMOVED]),
            "models": (
                "SELECT model FROM ir_model WHERE model LIKE ANY(%s) OR "
                "id IN (SELECT res_id FROM ir_model_data WHERE model = 'ir.model' AND module = ANY(%s))",
                [["quality.supplier%", "quality.audit%", "quality.management.review%"], REMOVED],
            ),
            "fields": (
                "SELECT model || '.' || name FROM ir_model_fields WHERE name LIKE ANY(%s) OR "
                "id IN (SELECT res_id FROM ir_model_data WHERE model = 'ir.model.fields' AND module = ANY(%s))",
                [["quality\\_supplier\\_%", "quality\\_audit\\_%"], REMOVED],
            ),
            "views": (by_xmlid % ("coalesce(key, name)", "ir_ui_view"), ["ir.ui.view", REMOVED]),
            "menus": (by_xmlid % ("id::text", "ir_ui_menu"), ["ir.ui.menu", REMOVED]),
            "groups": (by_xmlid % ("id::text", "res_groups"), ["res.groups", REMOVED]),
            "crons": (by_xmlid % ("id::text", "ir_cron"), ["ir.cron", REMOVED]),
            "record rules": (by_xmlid % ("id::text", "ir_rule"), ["ir.rule", REMOVED]),
            "tables": (
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE ANY(%s)",
                [["quality\\_supplier\\_%", "quality\\_audit%", "quality\\_management\\_review%"]],
            ),
            "columns": (
                "SELECT table_name || '.' || column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND column_name LIKE ANY(%s)",
                [["quality\\_supplier\\_%", "quality\\_audit\\_%"]],
            ),
        }
        found = {what: [row[0] for row in self._query(sql, params)] for what, (sql, params) in leftovers.items()}
        self.assertEqual({what: rows for what, rows in found.items() if rows}, {}, "left behind by the uninstall")


if __name__ == "__main__":
    unittest.main()
