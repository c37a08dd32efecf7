"""Inspection benches (issue "Inspections"): the cost of the checks and of their gate, and of SPC.

- creating the checks of a receipt: queries independent of its lines (50 against 500 lines);
- validating a receipt whose checks are done: time ratio <= 1.10 against stock (past our overrides);
- SPC figures (limits, rules, capability, the chart's data) of 10,000 recorded measurements in under 1 s.

``bench_inspection(env, row, budget, measure_gate_pair, rows)`` takes scripts/bench.py's helpers and
its ROWS list so that ``make bench`` can run it beside the others; run alone it imports them from bench.py:

    python3 scripts/bench_inspection.py --database <db with the five addons>

Everything it builds is rolled back.
"""

import argparse
import random
import statistics
import sys
import time
from contextlib import closing, contextmanager
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import config

ADMIN_PASSWORD = "bench-admin-pw"  # the same as scripts/bench.py sets
REPEAT = 5
PICKING_MODULE = "odoo.addons.quality_documents.models.stock_picking_inspection"


def _effective_plan(env, title, characteristics):
    """An inspection plan made effective through the document workflow (author submits, admin approves)."""
    admin = env.ref("base.user_admin")
    author = env["res.users"].search([("login", "=", "bench_inspection_author")]) or env["res.users"].create(
        {
            "name": "Bench Inspection Author",
            "login": "bench_inspection_author",
            "email": "bench.inspection@example.com",
            "groups_id": [Command.set(env.ref("quality_documents.group_quality_user").ids)],
        }
    )
    document = env["quality.document"].create(
        {"title": title, "doc_type": "inspection_plan", "owner_id": author.id, "approver_ids": [Command.set(admin.ids)]}
    )
    revision = (
        env["quality.document.revision"]
        .with_user(author)
        .create(
            {
                "document_id": document.id,
                "body": "<p>Bench inspection plan</p>",
                "inspection_characteristic_ids": [Command.create(values) for values in characteristics],
            }
        )
    )
    revision.action_submit_review()
    revision.with_user(admin)._quality_sign("approved", ADMIN_PASSWORD)
    assert revision.state == "effective", revision.state
    return revision


def _receipts(env, vendor, products, count):
    """``count`` confirmed (ready) receipts of one unit of each of ``products``, created in one batch."""
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    source = env.ref("stock.stock_location_suppliers")
    pickings = env["stock.picking"].create(
        [
            {
                "picking_type_id": warehouse.in_type_id.id,
                "partner_id": vendor.id,
                "location_id": source.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        }
                    )
                    for product in products
                ],
            }
            for _i in range(count)
        ]
    )
    pickings.action_confirm()
    assert set(pickings.mapped("state")) == {"assigned"}, pickings.mapped("state")
    return pickings


def _cold(env, operation, record):
    """(queries, seconds) of ``operation(record)`` on a cold record cache, flushed."""
    env.flush_all()
    env.invalidate_all()
    start_q = env.cr.sql_log_count
    start = time.perf_counter()
    result = operation(record)
    env.flush_all()
    return env.cr.sql_log_count - start_q, time.perf_counter() - start, result


@contextmanager
def _statements(cr):
    """The SQL text of every statement ``cr`` executes inside the block."""
    seen = []
    execute = cr.execute

    def logged(query, params=None, log_exceptions=True):
        seen.append(getattr(query, "code", query))  # odoo.tools.SQL or a string
        return execute(query, params, log_exceptions)

    cr.execute = logged
    try:
        yield seen
    finally:
        del cr.execute


def bench_check_creation(env, budget, rows):
    """Checks of 50- and 500-line receipts: the receipts are ready before the plan becomes effective, so the
    measured call creates every check (one per line)."""
    categ = env["product.category"].create({"name": "Bench inspected parts"})
    vendor = env["res.partner"].create({"name": "Bench Inspection Vendor", "is_company": True})
    products = env["product.product"].create(
        [{"name": f"Bench inspected part {i}", "categ_id": categ.id, "is_storable": True} for i in range(500)]
    )
    receipts = {size: _receipts(env, vendor, products[:size], 2) for size in (50, 500)}
    _effective_plan(
        env,
        "Bench incoming inspection (creation)",
        [
            {
                "name": "Bench visual",
                "kind": "pass_fail",
                "applies_to": "receipt",
                "product_categ_ids": [Command.set(categ.ids)],
                "frequency": "every_lot",
            }
        ],
    )
    reads, writes = {}, {}
    for warm, _measured in receipts.values():
        warm._quality_inspection_generate()  # caches that do not depend on the data: access rights, rules
    for size, (_warm, measured) in receipts.items():
        env.flush_all()  # what the warm-up left to write is not the measured call's
        with _statements(env.cr) as statements:
            q, seconds, checks = _cold(env, lambda p: p._quality_inspection_generate(), measured)
        budget(len(checks) == size, f"checks of a {size}-line receipt: {len(checks)} created")
        # The ORM writes created rows 100 per INSERT / UPDATE statement (odoo.models.INSERT_BATCH_SIZE): those
        # grow with the rows whatever the code; every other statement (searches, reads) must not.
        writes[size] = sum(1 for sql in statements if sql.lstrip().upper().startswith(("INSERT", "UPDATE")))
        reads[size] = len(statements) - writes[size]
        rows.append(("create the checks of a receipt (lines)", size, q, "-", "-", seconds * 1000, "-", "-"))
    budget(
        len(set(reads.values())) == 1,
        f"check creation: queries other than the ORM's 100-row INSERT/UPDATE batches independent of the "
        f"receipt's lines {reads} (row batches {writes})",
    )


def bench_validate(env, budget, measure_gate_pair, row):
    """Validate receipts whose checks are all passed, against the same validation past our overrides (the
    in-process marker that the gate already ran keeps the move-level gate out of the stock run too)."""
    from odoo.addons.quality_documents.models.stock_picking_inspection import (  # noqa: PLC0415 - addons path
        INSPECTION_GATE_CHECKED,
        INSPECTION_GATE_KEY,
    )

    categ = env["product.category"].create({"name": "Bench validated parts"})
    vendor = env["res.partner"].create({"name": "Bench Validation Vendor", "is_company": True})
    products = env["product.product"].create(
        [{"name": f"Bench validated part {i}", "categ_id": categ.id, "is_storable": True} for i in range(50)]
    )
    _effective_plan(
        env,
        "Bench incoming inspection (validation)",
        [
            {
                "name": "Bench label",
                "kind": "pass_fail",
                "applies_to": "receipt",
                "product_categ_ids": [Command.set(categ.ids)],
                "frequency": "every_lot",
            }
        ],
    )
    for size in (10, 50):
        pickings = _receipts(env, vendor, products[:size], 2 * REPEAT + 2)
        checks = pickings.quality_check_ids
        budget(len(checks) == size * len(pickings), f"validate {size} lines: {len(checks)} checks to record")
        checks.action_pass()
        pickings.move_ids.picked = True
        gated, plain = pickings[: REPEAT + 1], pickings[REPEAT + 1 :]
        gate, stock = measure_gate_pair(
            env,
            "button_validate",
            PICKING_MODULE,
            gated,
            plain,
            lambda _p: {INSPECTION_GATE_KEY: INSPECTION_GATE_CHECKED},
        )
        assert set(pickings.mapped("state")) == {"done"}, pickings.mapped("state")
        _extra, ratio = row("validate receipt, checks done (lines)", size, gate, stock)
        if size == 50:
            budget(ratio <= 1.10, f"receipt validation, 50 lines, checks done: time ratio {ratio:.2f} <= 1.10")


def _spc_characteristic(env):
    """A measured characteristic of an effective control plan, for the receipts of a category of its own."""
    categ = env["product.category"].create({"name": "Bench SPC parts"})
    revision = _effective_plan(
        env,
        "Bench SPC plan",
        [
            {
                "name": "Bench wall thickness",
                "kind": "measure",
                "nominal": 1.20,
                "lsl": 1.15,
                "usl": 1.25,
                "applies_to": "receipt",
                "product_categ_ids": [Command.set(categ.ids)],
                "frequency": "every_lot",
            }
        ],
    )
    return revision.inspection_characteristic_ids


def _spc_measurements(env, characteristic, values):
    """One passed check per value, measured a minute apart up to now, written in bulk; return the rows written."""
    revision = characteristic.revision_id
    measurements = len(values)
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO quality_inspection_check (characteristic_id, revision_id, company_id, applies_to, name, state,
                                              sample_size, accept_number, reject_number, defect_count,
                                              measured_value, measured_values, done_date, create_date, write_date)
        SELECT %(characteristic)s, %(revision)s, %(company)s, 'receipt', 'Bench SPC ' || v.n, 'pass', 1, 0, 1, 0,
               v.value, v.value::text, now() - (%(count)s - v.n) * interval '1 minute', now(), now()
          FROM unnest(%(values)s::numeric[]) WITH ORDINALITY AS v(value, n)
        """,
        {
            "characteristic": characteristic.id,
            "revision": revision.id,
            "company": characteristic.company_id.id,
            "count": measurements,
            "values": values,
        },
    )
    return env.cr.rowcount


def bench_spc(env, budget, rows, measurements=10_000):
    """SPC of a characteristic with 10,000 recorded measurements, read as the form reads it (limits, rules,
    capability and the chart's JSON), on a cold cache. The checks are written in bulk: recording 10,000 receipts
    through the workflow would measure stock, not SPC."""
    from odoo.addons.quality_documents.models import quality_inspection_spc as spc  # noqa: PLC0415

    characteristic = _spc_characteristic(env)
    rng = random.Random(17)
    # in control, then a drift of the mean in the last tenth (rules 2-4 fire)
    values = [rng.gauss(1.20 + (0.01 if i > measurements * 0.9 else 0.0), 0.008) for i in range(measurements)]
    written = _spc_measurements(env, characteristic, values)
    budget(written == measurements, f"SPC: {written} measurements written")
    timings = []
    for _run in range(3):
        q, seconds, payload = _cold(env, lambda c: c.spc_chart_data, characteristic)
        timings.append(seconds)
    elapsed = statistics.median(timings)
    budget(bool(payload) and characteristic.spc_count == measurements, f"SPC: {characteristic.spc_count} points")
    rows.append(("SPC of a characteristic, form read (points)", measurements, q, "-", "-", elapsed * 1000, "-", "-"))
    start = time.perf_counter()
    figures = spc.individuals(values, 1.15, 1.25)
    pure = time.perf_counter() - start
    rows.append(("SPC figures alone, I-MR + rules (points)", measurements, 0, "-", "-", pure * 1000, "-", "-"))
    budget(
        elapsed < 1.0,
        f"SPC of {measurements:,} measurements read in {elapsed:.3f} s < 1 s "
        f"(figures alone {pure:.3f} s, {len(figures['violations'])} points flagged)",
    )


def bench_inspection(env, row, budget, measure_gate_pair, rows):
    """The three inspection benches; ``row``, ``budget``, ``measure_gate_pair`` and ``rows`` (the ROWS list) are
    scripts/bench.py's."""
    env.ref("base.user_admin").password = ADMIN_PASSWORD
    for bench in (
        lambda: bench_check_creation(env, budget, rows),
        lambda: bench_validate(env, budget, measure_gate_pair, row),
        lambda: bench_spc(env, budget, rows),
    ):
        with closing(env.cr.savepoint()):
            bench()
            env.flush_all()
        env.invalidate_all()


def _default_addons_path():
    odoo_dir = Path(odoo.__file__).resolve().parent
    root = Path(__file__).resolve().parents[1]
    return ",".join(str(p) for p in (root, odoo_dir / "addons", odoo_dir.parent / "addons") if p.is_dir())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", default=_default_addons_path())
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench  # noqa: PLC0415 - scripts/bench.py, beside this file

    config.parse_config(["-d", args.database, f"--addons-path={args.addons_path}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            bench_inspection(env, bench.row, bench.budget, bench.measure_gate_pair, bench.ROWS)
        except Exception as exc:  # a broken bench is a missed budget, reported
            bench.FAILURES.append(repr(exc))
            print(f"  MISSED {exc!r}")
        cr.rollback()
    widths = (46, 7, 8, 8, 8, 9, 9, 10)
    titles = ("operation", "size", "queries", "stock q", "extra q", "ms", "stock ms", "time ratio")
    for line in [titles, *bench.ROWS]:
        cells = [f"{c:.1f}" if isinstance(c, float) else str(c) for c in line]
        print(
            " ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
            )
        )
    for failure in bench.FAILURES:
        print(f"MISSED: {failure}")
    print("All inspection budgets met." if not bench.FAILURES else f"{len(bench.FAILURES)} budget(s) missed.")
    return 1 if bench.FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
