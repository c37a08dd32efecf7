"""make bench: the quality gates' cost as ratios against the same operation without them.

Run by scripts/bench.sh on a scratch database with the five addons installed. For each
operation it prints the SQL query count and the median wall time with the gate and without it
(stock Odoo: the same method called past our override in the class hierarchy), and how the
cost grows with size. Exits 1 when a budget is missed.
"""

import argparse
import statistics
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import config

ADMIN_PASSWORD = "bench-admin-pw"
REPEAT = 5
FAILURES = []
ROWS = []


def stock_method(record, module, method):
    """Bound method of ``record`` that runs ``method`` past the override defined in ``module``."""
    for klass in type(record).__mro__:
        if klass.__module__ == module and method in vars(klass):
            return getattr(super(klass, record), method)
    raise RuntimeError(f"no override of {method} in {module}")


def measure(env, operation, records):
    """Run ``operation(record)`` once per record, the first one to warm caches up unmeasured.

    Return (median queries, median seconds) of the others.
    """
    queries, seconds = [], []
    operation(records[0])
    for record in records[1:]:
        env.flush_all()
        env.invalidate_all()
        start_q = env.cr.sql_log_count
        start = time.perf_counter()
        operation(record)
        env.flush_all()
        seconds.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - start_q)
    return statistics.median(queries), statistics.median(seconds)


def row(name, size, gate, stock):
    q_gate, t_gate = gate
    q_stock, t_stock = stock
    ratio = t_gate / t_stock if t_stock else float("inf")
    ROWS.append((name, size, q_gate, q_stock, q_gate - q_stock, t_gate * 1000, t_stock * 1000, ratio))
    return q_gate - q_stock, ratio


def budget(ok, text):
    print(("  ok    " if ok else "  MISSED ") + text)
    if not ok:
        FAILURES.append(text)


# ----------------------------------------------------------------------------------------------
# Purchase order confirmation (quality_supplier gate)
# ----------------------------------------------------------------------------------------------
def bench_purchase(env):
    company = env.company
    company.quality_supplier_scope = "all"
    admin = env.ref("base.user_admin")
    categ = env["product.category"].create({"name": "Bench components", "quality_controlled": True})
    vendor = env["res.partner"].create({"name": "Bench Vendor", "is_company": True})
    qualification = env["quality.supplier.qualification"].create({"partner_id": vendor.id})
    qualification.with_user(admin)._quality_sign_status("approved", ADMIN_PASSWORD, "Bench")
    assert qualification.state == "approved", qualification.state
    products = env["product.product"].create(
        [{"name": f"Bench part {i}", "categ_id": categ.id, "type": "consu"} for i in range(500)]
    )
    deltas = {}
    for size in (10, 100, 500):
        orders = env["purchase.order"].create(
            [
                {
                    "partner_id": vendor.id,
                    "order_line": [
                        (0, 0, {"product_id": p.id, "product_qty": 1, "price_unit": 1.0}) for p in products[:size]
                    ],
                }
                for _ in range(2 * REPEAT + 2)
            ]
        )
        gated, plain = orders[: REPEAT + 1], orders[REPEAT + 1 :]
        gate = measure(env, lambda o: o.button_confirm(), gated)
        stock = measure(
            env,
            lambda o: stock_method(o, "odoo.addons.quality_supplier.models.purchase_order", "button_confirm")(),
            plain,
        )
        assert set(orders.mapped("state")) == {"purchase"}, orders.mapped("state")
        deltas[size], ratio = row("confirm purchase order (lines)", size, gate, stock)
        if size == 100:
            budget(ratio <= 1.10, f"purchase confirm, 100 lines: time ratio {ratio:.2f} <= 1.10")
    budget(
        len(set(deltas.values())) == 1,
        f"purchase confirm: extra queries independent of lines {deltas}",
    )


# ----------------------------------------------------------------------------------------------
# Work order start (quality_training gate)
# ----------------------------------------------------------------------------------------------
def bench_workorder(env):
    admin = env.ref("base.user_admin")
    employee = admin.employee_id or env["hr.employee"].create({"name": "Bench Operator", "user_id": admin.id})
    workcenter = env["mrp.workcenter"].create({"name": "Bench cell"})
    product = env["product.product"].create({"name": "Bench device", "is_storable": True})
    component = env["product.product"].create({"name": "Bench component", "type": "consu"})
    deltas = {}
    for size in (1, 10, 50):
        bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "bom_line_ids": [(0, 0, {"product_id": component.id, "product_qty": 1})],
                "operation_ids": [(0, 0, {"name": f"Bench op {size}", "workcenter_id": workcenter.id})],
            }
        )
        operation = bom.operation_ids
        courses = env["quality.training.course"].create([{"name": f"Bench course {size}-{i}"} for i in range(size)])
        requirements = env["quality.training.requirement"].create(
            [
                {
                    "name": course.name,
                    "requirement_type": "course",
                    "course_id": course.id,
                    "operation_ids": [(6, 0, operation.ids)],
                    "employee_ids": [(6, 0, employee.ids)],
                }
                for course in courses
            ]
        )
        assignments = env["quality.training.assignment"].search(
            [("requirement_id", "in", requirements.ids), ("employee_id", "=", employee.id)]
        )
        assert len(assignments) == size, (len(assignments), size)
        assignments._mark_done()
        productions = env["mrp.production"].create(
            [{"product_id": product.id, "bom_id": bom.id, "product_qty": 1} for _ in range(2 * REPEAT + 2)]
        )
        productions.action_confirm()
        workorders = productions.workorder_ids
        gated, plain = workorders[: REPEAT + 1], workorders[REPEAT + 1 :]
        gate = measure(env, lambda w: w.with_user(admin).button_start(), gated)
        # Stock: past the override, with the in-process marker that the gate already ran (its write hook
        # would otherwise gate the state change).
        from odoo.addons.quality_training.models.mrp_workorder import GATE_CHECKED, GATE_DONE

        stock = measure(
            env,
            lambda w: stock_method(
                w.with_user(admin).with_context(**{GATE_DONE: GATE_CHECKED}),
                "odoo.addons.quality_training.models.mrp_workorder",
                "button_start",
            )(),
            plain,
        )
        assert set(workorders.mapped("state")) == {"progress"}, workorders.mapped("state")
        deltas[size], ratio = row("start work order (trainings)", size, gate, stock)
        budget(
            ratio <= 1.10 or (gate[1] - stock[1]) < 0.005,
            f"work order start, {size} trainings: time ratio {ratio:.2f} <= 1.10",
        )
    budget(len(set(deltas.values())) == 1, f"work order start: extra queries independent of trainings {deltas}")


# ----------------------------------------------------------------------------------------------
# A revision becomes effective: fan-out of training assignments
# ----------------------------------------------------------------------------------------------
def bench_fanout(env):
    admin = env.ref("base.user_admin")
    author = env["res.users"].create(
        {
            "name": "Bench Author",
            "login": "bench_author",
            "email": "bench.author@example.com",
            "groups_id": [(6, 0, env.ref("quality_documents.group_quality_user").ids)],
        }
    )
    for size in (100, 2000):
        job = env["hr.job"].create({"name": f"Bench job {size}"})
        env["hr.employee"].create([{"name": f"Bench employee {size}-{i}", "job_id": job.id} for i in range(size)])
        document = env["quality.document"].create(
            {"title": f"Bench SOP {size}", "owner_id": author.id, "approver_ids": [(6, 0, admin.ids)]}
        )
        env["quality.training.requirement"].create(
            {
                "name": f"Read SOP {size}",
                "requirement_type": "document",
                "document_id": document.id,
                "job_ids": [(6, 0, job.ids)],
            }
        )
        revision = (
            env["quality.document.revision"]
            .with_user(author)
            .create({"document_id": document.id, "body": "<p>Bench</p>"})
        )
        revision.action_submit_review()
        env.flush_all()
        start_q = env.cr.sql_log_count
        start = time.perf_counter()
        revision.with_user(admin)._quality_sign("approved", ADMIN_PASSWORD)
        env.flush_all()
        elapsed = time.perf_counter() - start
        queries = env.cr.sql_log_count - start_q
        count = env["quality.training.assignment"].search_count([("revision_id", "=", revision.id)])
        ROWS.append(("revision effective: assignments", size, queries, "-", "-", elapsed * 1000, "-", "-"))
        budget(count == size, f"fan-out {size}: {count} assignments created")
        if size == 2000:
            budget(elapsed < 3.0, f"fan-out 2,000 employees in {elapsed:.2f} s < 3 s")
            budget(queries < 400, f"fan-out 2,000 employees in {queries} queries (bounded, batched)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("odoo_args", nargs="*")
    args = parser.parse_args()
    config.parse_config(["-d", args.database, f"--addons-path={args.addons_path}", "--log-level=warn", *args.odoo_args])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.ref("base.user_admin").password = ADMIN_PASSWORD
        for name, bench in (("purchase", bench_purchase), ("workorder", bench_workorder), ("fanout", bench_fanout)):
            print(f"== {name}")
            try:
                bench(env)
            except Exception as exc:  # a broken bench is a missed budget, reported, not hidden
                FAILURES.append(f"{name}: {exc!r}")
                print(f"  MISSED {name}: {exc!r}")
        cr.rollback()
    header = ("operation", "size", "queries", "stock q", "extra q", "ms", "stock ms", "time ratio")
    print()
    print("{:<34} {:>6} {:>8} {:>8} {:>8} {:>9} {:>9} {:>10}".format(*header))
    for r in ROWS:
        cells = [f"{c:.1f}" if isinstance(c, float) else str(c) for c in r]
        print("{:<34} {:>6} {:>8} {:>8} {:>8} {:>9} {:>9} {:>10}".format(*cells))
    print()
    if FAILURES:
        print(f"{len(FAILURES)} budget(s) missed:")
        for failure in FAILURES:
            print(f"  - {failure}")
        return 1
    print("All budgets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
