"""Compare Odoo's own test results with our addons against stock Odoo (scripts/compat.sh; issue 15).

    python3 scripts/compat.py nodeids KNOWN --addons-dir D...         pytest node ids of the listed tests
    python3 scripts/compat.py nodeids-of KNOWN --junit J... --addons-dir D...
                                                  node ids of the tests that did not pass in the JUnit files
                                                  and are not listed in KNOWN
    python3 scripts/compat.py check KNOWN --ours J... --stock J [--stock-unlisted J]
    (--modules purchase,mrp: only the listed tests of these modules)

KNOWN (tests/compat/known_stock_failures.txt) lists the Odoo tests that do not pass under pytest-odoo
on stock Odoo either, one a line: ``<addon>/tests/<file>.py::<Class>::<test> | failed|skipped | reason``.
``check`` fails (exit 1) when
- a test that did not pass with our addons is not listed (it is then re-run on the stock database:
  passing there makes it a regression of ours, failing there a stock failure to list with its reason);
- a listed test did not end with our addons as listed, other than passing (e.g. listed skipped, failed);
- a listed test did not end on the stock database as listed (the list is checked, not trusted);
- a listed test was not collected with our addons (the list names a test that does not exist).
"""

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

OUTCOMES = ("failed", "skipped")


def test_id(classname, name):
    """'addons.purchase.tests.test_x.TestX' + 'test_y' -> 'purchase/tests/test_x.py::TestX::test_y'."""
    parts = classname.split(".")
    if "tests" not in parts[:-1]:
        return f"{classname}::{name}"
    i = len(parts) - 1 - parts[::-1].index("tests")
    if i < 1 or i + 2 > len(parts):
        return f"{classname}::{name}"
    addon, module, cls = parts[i - 1], parts[i + 1], "::".join(parts[i + 2 :])
    return f"{addon}/tests/{module}.py::{cls}::{name}" if cls else f"{addon}/tests/{module}.py::{name}"


def case_id(case):
    """The test id of a JUnit testcase; its ``file`` attribute (junit_family=xunit1) names the addon."""
    classname, name, file = case.get("classname", ""), case.get("name", ""), case.get("file")
    parts = Path(file).parts if file else ()
    if len(parts) >= 3 and parts[-2] == "tests":
        module = Path(parts[-1]).stem
        cls = classname.split(f"{module}.", 1)[1] if f"{module}." in classname else classname.rsplit(".", 1)[-1]
        return f"{parts[-3]}/tests/{parts[-1]}::{cls.replace('.', '::')}::{name}"
    return test_id(classname, name)


def results(path):
    """{test id: (outcome, message)} from pytest's JUnit XML; a failure anywhere in a test wins."""
    out = {}
    rank = {"passed": 0, "skipped": 1, "failed": 2}
    for case in ET.parse(path).getroot().iter("testcase"):
        tid = case_id(case)
        outcome, message = "passed", ""
        for tag, what in (("failure", "failed"), ("error", "failed"), ("skipped", "skipped")):
            node = case.find(tag)
            if node is not None:
                outcome = what
                message = (node.get("message") or node.text or "").strip().splitlines()[0:1]
                message = message[0][:300] if message else ""
                break
        if tid not in out or rank[outcome] > rank[out[tid][0]]:
            out[tid] = (outcome, message)
    return out


def load_known(path, modules=()):
    """{test id: (outcome, reason)} (only of ``modules`` when given); malformed lines are problems."""
    known, problems = {}, []
    for lineno, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split("|", 2)]
        if len(fields) != 3 or fields[1] not in OUTCOMES or not fields[2] or "::" not in fields[0]:
            problems.append(
                f"{path}:{lineno}: expected '<addon>/tests/<file>.py::<Class>::<test> | failed|skipped | reason'"
            )
            continue
        if fields[0] in known:
            problems.append(f"{path}:{lineno}: {fields[0]} is listed twice")
        if not modules or fields[0].split("/", 1)[0] in modules:
            known[fields[0]] = (fields[1], fields[2])
    return known, problems


def nodeids(ids, addons_dirs):
    """pytest node ids (absolute paths) for test ids, looking each addon up in the Odoo addons dirs."""
    out = []
    for tid in sorted(ids):
        rel = tid.split("::", 1)[0]
        for base in addons_dirs:
            if (Path(base) / rel).is_file():
                out.append(f"{Path(base) / rel}::{tid.split('::', 1)[1]}")
                break
        else:
            out.append(tid)  # pytest then says the file is not found: a stale entry of the list
    return out


def check(known_path, known, problems, ours_paths, stock_path, unlisted_path=None):
    ours = {}
    for path in ours_paths:
        if Path(path).is_file():
            ours.update(results(path))
    stock = results(stock_path) if stock_path and Path(stock_path).is_file() else {}
    rerun = results(unlisted_path) if unlisted_path and Path(unlisted_path).is_file() else {}
    if not ours:
        problems.append("no Odoo test ran with our addons")
    counts = {outcome: sum(1 for o, _ in ours.values() if o == outcome) for outcome in ("passed", "failed", "skipped")}
    print(
        f"Odoo's own tests with our addons: {len(ours)} tests, {counts['passed']} passed, "
        f"{counts['failed']} failed, {counts['skipped']} skipped; {len(known)} listed as failing on stock Odoo too."
    )
    for tid, (outcome, message) in sorted(ours.items()):
        if outcome == "passed":
            continue
        if tid not in known:
            on_stock = rerun.get(tid, ("not run", ""))[0]
            if on_stock == "passed":
                problems.append(f"REGRESSION: {tid} {outcome} with our addons and passes on stock Odoo: {message}")
            elif on_stock == "not run":
                problems.append(f"NOT LISTED: {tid} {outcome} with our addons (not re-run on stock Odoo): {message}")
            else:
                problems.append(
                    f"NOT LISTED: {tid} {outcome} with our addons and {on_stock} on stock Odoo too: "
                    f"list it in {known_path} with the reason ({message})"
                )
        elif known[tid][0] != outcome:
            problems.append(
                f"CHANGED: {tid} is listed as {known[tid][0]} on stock Odoo but {outcome} with ours: {message}"
            )
    for tid, (outcome, reason) in sorted(known.items()):
        if tid not in ours:
            problems.append(f"STALE: {tid} is listed but did not run with our addons (renamed or removed?)")
        got = stock.get(tid, ("not run", ""))[0]
        if got != outcome:
            problems.append(
                f"LIST WRONG: {tid} is listed as {outcome} on stock Odoo ({reason}) but is {got} there: "
                "fix or remove the line"
            )
    for problem in problems:
        print(problem)
    if problems:
        print(f"Compatibility with Odoo's own tests: FAILED ({len(problems)} problems)")
        return 1
    print("Compatibility with Odoo's own tests: OK (every test that passes on stock Odoo passes with our addons)")
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("command", choices=("nodeids", "nodeids-of", "check"))
    parser.add_argument("known", help="tests/compat/known_stock_failures.txt")
    parser.add_argument("--modules", default="", help="only the listed tests of these Odoo modules (comma or space)")
    parser.add_argument("--addons-dir", action="append", default=[], help="an Odoo addons directory (repeat)")
    parser.add_argument("--junit", action="append", default=[], help="nodeids-of: a JUnit file of the run with ours")
    parser.add_argument("--ours", action="append", default=[], help="check: a JUnit file of the run with ours")
    parser.add_argument("--stock", help="check: JUnit file of the listed tests on stock Odoo")
    parser.add_argument("--stock-unlisted", help="check: JUnit file of the unlisted failures re-run on stock Odoo")
    args = parser.parse_args(argv)
    modules = set(args.modules.replace(",", " ").split())
    known, problems = load_known(args.known, modules)
    if args.command == "nodeids":
        for nodeid in nodeids(known, args.addons_dir):
            print(nodeid)
        return 1 if problems else 0
    if args.command == "nodeids-of":
        failing = set()
        for path in args.junit:
            if Path(path).is_file():
                failing |= {tid for tid, (outcome, _m) in results(path).items() if outcome != "passed"}
        for nodeid in nodeids(failing - set(known), args.addons_dir):
            print(nodeid)
        return 0
    return check(args.known, known, problems, args.ours, args.stock, args.stock_unlisted)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
