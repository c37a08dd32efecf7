"""The validation package: requirements, traceability, IQ and OQ, from the tests that really ran.

    python3 scripts/validation.py check                      requirement/test consistency (run by make test)
    python3 scripts/validation.py iq --db DB --out iq.json   installation qualification of a database
    python3 scripts/validation.py report --junit J --iq iq.json --out DIR [--base REF]
                                                             HTML (and PDF) report; exit 1 when a high-risk
                                                             requirement is not verified

Requirements live in tests/validation/requirements.yaml; a test names what it proves with
``@verifies("QD-010")`` (quality_documents/tests/verifies.py), read here from the source, without Odoo.
"""

import argparse
import ast
import datetime
import html
import json
import platform
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "tests" / "validation" / "requirements.yaml"
ADDONS = ["quality_documents", "quality_training", "quality_capa", "quality_supplier", "quality_audit"]
RISKS = ("high", "medium", "low")


# ----------------------------------------------------------------------------------------------------------
# Requirements and the tests that name them
# ----------------------------------------------------------------------------------------------------------
def load_requirements(path=REQUIREMENTS):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def test_files(root=ROOT):
    for addon in ADDONS:
        yield from sorted((root / addon / "tests").glob("test_*.py"))
    yield from sorted((root / "tests").glob("test_*.py"))


def _verified_ids(node):
    ids = []
    for deco in node.decorator_list:
        if isinstance(deco, ast.Call) and getattr(deco.func, "id", getattr(deco.func, "attr", None)) == "verifies":
            ids.extend(arg.value for arg in deco.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    return ids


def collect_tests(root=ROOT):
    """[{file, module, cls, name, ids}] for every test function of the project, read from its source."""
    tests = []
    for path in test_files(root):
        rel = path.relative_to(root)
        module = ".".join(rel.with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
            class_ids = _verified_ids(cls)
            for node in cls.body:
                if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                    ids = class_ids + _verified_ids(node)
                    tests.append({"file": str(rel), "module": module, "cls": cls.name, "name": node.name, "ids": ids})
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                tests.append(
                    {"file": str(rel), "module": module, "cls": "", "name": node.name, "ids": _verified_ids(node)}
                )
    return tests


def check(data, tests):
    """The list of problems (empty when consistent), each naming the id."""
    problems = []
    clauses = data.get("clauses") or {}
    procedural = data.get("procedural") or {}
    seen = {}
    for req in data.get("requirements") or []:
        rid = req.get("id")
        if rid in seen:
            problems.append(f"{rid}: the requirement id is listed twice.")
        seen[rid] = req
        if req.get("risk") not in RISKS:
            problems.append(f"{rid}: risk must be one of {', '.join(RISKS)}, not {req.get('risk')!r}.")
        for clause in req.get("clauses") or []:
            if clause not in clauses:
                problems.append(f"{rid}: unknown clause {clause!r} (add it to 'clauses').")
        if not (req.get("text") or "").strip():
            problems.append(f"{rid}: the requirement has no text.")
    covered = {}
    for test in tests:
        for rid in test["ids"]:
            if rid not in seen:
                problems.append(
                    f"{rid}: unknown requirement id named by {test['file']}::{test['cls']}::{test['name']}."
                )
            covered.setdefault(rid, []).append(test)
    for rid, req in seen.items():
        if req.get("risk") == "high" and rid not in covered:
            problems.append(f"{rid}: high-risk requirement without a test (decorate the test with @verifies({rid!r})).")
    served = {clause for req in seen.values() for clause in req.get("clauses") or []}
    for clause in clauses:
        if clause not in served and clause not in procedural:
            problems.append(f"{clause}: the clause has no requirement and is not declared procedural.")
    return problems


# ----------------------------------------------------------------------------------------------------------
# JUnit results of the real run
# ----------------------------------------------------------------------------------------------------------
def junit_results(path):
    """{(module suffix, test name): {outcome, time, message}} from pytest's JUnit XML."""
    results = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        outcome, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            node = case.find(tag)
            if node is not None:
                outcome = "failed" if tag != "skipped" else "skipped"
                message = (node.get("message") or "") + "\n" + (node.text or "")
                break
        key = (case.get("classname") or "", case.get("name") or "")
        results[key] = {"outcome": outcome, "time": float(case.get("time") or 0), "message": message.strip()}
    return results


def result_of(test, results):
    for (classname, name), result in results.items():
        if name == test["name"] and (
            classname.endswith(f"{test['module']}.{test['cls']}") or classname.endswith(test["module"])
        ):
            return result
    return {"outcome": "not run", "time": 0.0, "message": "The test is not in the JUnit result."}


def traceability(data, tests, results):
    """One row per requirement: its tests with their results and its verdict."""
    rows = []
    for req in data.get("requirements") or []:
        cases = []
        for test in tests:
            if req["id"] in test["ids"]:
                cases.append(dict(test, **result_of(test, results)))
        if not cases:
            verdict = "no test"
        elif all(case["outcome"] == "passed" for case in cases):
            verdict = "verified"
        else:
            verdict = "failed"
        rows.append(dict(req, tests=cases, verdict=verdict))
    return rows


def summary(rows):
    verified = sum(1 for row in rows if row["verdict"] == "verified")
    failed = sum(1 for row in rows if row["verdict"] == "failed")
    high_open = [row["id"] for row in rows if row["risk"] == "high" and row["verdict"] != "verified"]
    return {"requirements": len(rows), "verified": verified, "failed": failed, "high_not_verified": high_open}


# ----------------------------------------------------------------------------------------------------------
# Change impact
# ----------------------------------------------------------------------------------------------------------
def changed_files(base):
    out = subprocess.run(
        ["git", "diff", "--name-only", f"{base}...HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [line for line in out.stdout.splitlines() if line]


def impact(data, tests, files):
    """Requirements whose code or tests changed: a changed test names its ids; a changed file of an addon touches
    the requirements of that addon and those proved by tests of addons that depend on it (tests/ included)."""
    files = set(files)
    touched = {}
    for test in tests:
        if test["file"] in files:
            for rid in test["ids"]:
                touched.setdefault(rid, set()).add(test["file"])
    order = {addon: i for i, addon in enumerate(ADDONS)}
    for path in files:
        addon = path.split("/", 1)[0]
        if addon not in order or "/tests/" in path:
            continue
        for req in data.get("requirements") or []:
            if order.get(req.get("addon"), -1) >= order[addon]:
                touched.setdefault(req["id"], set()).add(path)
    return {rid: sorted(paths) for rid, paths in sorted(touched.items())}


# ----------------------------------------------------------------------------------------------------------
# IQ: installation qualification of a database
# ----------------------------------------------------------------------------------------------------------
def manifest_version(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text(encoding="utf-8"))["version"]


def _iq_addons(env, dbname, addons, add):
    """Each addon installed, at the version of its manifest."""
    modules = {m.name: m for m in env["ir.module.module"].search([("name", "in", addons)])}
    for addon in addons:
        module = modules.get(addon)
        if not module or module.state != "installed":
            add(
                f"addon {addon} installed",
                False,
                f"{addon} is {module.state if module else 'not in the database'}: install it "
                f"(odoo -d {dbname} -i {addon}).",
            )
            continue
        expected = manifest_version(addon) if (ROOT / addon).exists() else module.latest_version
        add(
            f"addon {addon} installed at its manifest version",
            module.latest_version == expected,
            f"database {module.latest_version}, manifest {expected}",
        )


def _iq_security(env, add):
    """The quality groups, and a record rule on every quality model with a company."""
    for xmlid in ("quality_documents.group_quality_user", "quality_documents.group_quality_manager"):
        add(f"group {xmlid} present", env.ref(xmlid, raise_if_not_found=False), xmlid)
    models = [name for name in env.registry if name.startswith("quality.")]
    missing_rules = []
    for name in models:
        model = env[name]
        if model._abstract or model._transient or not model._auto or "company_id" not in model._fields:
            continue
        if not env["ir.rule"].search_count([("model_id.model", "=", name), ("active", "=", True)]):
            missing_rules.append(name)
    add("every quality model with a company has an active record rule", not missing_rules, ", ".join(missing_rules))


def _iq_jobs_and_sequences(env, addons, add):
    """The scheduled jobs and sequences the addons declare are present and active."""
    data = env["ir.model.data"].search([("module", "in", addons), ("model", "in", ("ir.cron", "ir.sequence"))])
    inactive = []
    for record in data:
        target = env[record.model].with_context(active_test=False).browse(record.res_id).exists()
        if not target or not target.active:
            inactive.append(f"{record.module}.{record.name}")
    crons = len(data.filtered(lambda d: d.model == "ir.cron"))
    sequences = len(data.filtered(lambda d: d.model == "ir.sequence"))
    add(
        "scheduled jobs and sequences present and active",
        crons and sequences and not inactive,
        f"{crons} scheduled jobs, {sequences} sequences" + (f"; inactive: {', '.join(inactive)}" if inactive else ""),
    )


def _iq_signatures(env, add):
    """Every electronic signature verifies intact."""
    signatures = env["quality.signature"].search([]) if "quality.signature" in env else env["res.users"]
    if "verification_state" in getattr(signatures, "_fields", {}):
        bad = signatures.filtered(lambda s: s.verification_state != "unchanged")
        add(
            "every electronic signature verifies intact",
            not bad,
            f"{len(signatures)} signatures" + (f"; not intact: {', '.join(map(str, bad.ids))}" if bad else ""),
        )


def _iq_install_log(install_log, add):
    """The install/upgrade log holds no warning or error."""
    text = Path(install_log).read_text(encoding="utf-8", errors="replace")
    warnings = [
        line
        for line in text.splitlines()
        if any(f" {level} " in line for level in ("WARNING", "ERROR", "CRITICAL")) and "Running as user" not in line
    ]
    add("install/upgrade log has no warning", not warnings, "\n".join(warnings[:20]))


def iq(dbname, addons=None, install_log=None):
    """Checks of a database; returns {"checks": [{name, ok, detail}], "environment": {...}}.

    Odoo's configuration must be loaded (the command line does it; a test runs inside Odoo)."""
    import odoo  # noqa: PLC0415 - IQ needs Odoo, the consistency check does not
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    addons = list(addons or ADDONS)
    checks = []

    def add(name, ok, detail=""):
        checks.append({"name": name, "ok": bool(ok), "detail": detail})

    env_info = {
        "odoo": f"{odoo.release.series} ({odoo.release.version})",
        "python": platform.python_version(),
        "database": dbname,
    }
    add("Odoo series is 18.0", odoo.release.series == "18.0", env_info["odoo"])
    registry = Registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute("SHOW server_version")
        env_info["postgresql"] = cr.fetchone()[0]
        _iq_addons(env, dbname, addons, add)
        _iq_security(env, add)
        _iq_jobs_and_sequences(env, addons, add)
        _iq_signatures(env, add)
        cr.rollback()
    if install_log:
        _iq_install_log(install_log, add)
    return {"checks": checks, "environment": env_info}


# ----------------------------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------------------------
def _git(*args):
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _html_head(total, env):
    """The page's head, the system description, the environment and the summary."""
    esc = html.escape
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Validation report</title><style>",
        "body{font-family:sans-serif;font-size:11px} table{border-collapse:collapse;width:100%}",
        "td,th{border:1px solid #999;padding:3px;vertical-align:top} .verified,.ok{color:#176117}",
        ".failed,.bad,.no{color:#a00;font-weight:bold} pre{white-space:pre-wrap;font-size:9px}</style></head><body>",
        "<h1>Validation report: quality addons for Odoo</h1>",
        "<h2>System description</h2><p>Five Odoo 18.0 Community addons (quality_documents, quality_training, "
        "quality_capa, quality_supplier, quality_audit) that hold controlled documents, training, "
        "nonconformances and CAPAs, supplier qualification and audits, with 21 CFR Part 11 electronic "
        "signatures, inside Odoo's manufacturing, purchase and HR records.</p>",
        "<h2>Environment</h2><table>",
    ]
    facts = {
        "date (UTC)": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "git commit": _git("rev-parse", "HEAD"),
        "Odoo": env.get("odoo", ""),
        "Python": env.get("python", platform.python_version()),
        "PostgreSQL": env.get("postgresql", ""),
        "IQ database": env.get("database", ""),
    }
    out += [f"<tr><th>{esc(k)}</th><td>{esc(str(v))}</td></tr>" for k, v in facts.items()]
    out.append("</table>")
    out.append(
        f"<h2>Summary</h2><p><b>{total['requirements']} requirements, {total['verified']} verified, "
        f"{total['failed']} failed</b>"
        + (
            f"; high-risk not verified: {esc(', '.join(total['high_not_verified']))}"
            if total["high_not_verified"]
            else ""
        )
        + "</p>"
    )
    return out


def _html_iq(iq_result):
    esc = html.escape
    out = ["<h2>Installation qualification (IQ)</h2><table><tr><th>check</th><th>result</th><th>detail</th></tr>"]
    for chk in iq_result["checks"]:
        cls, word = ("ok", "pass") if chk["ok"] else ("bad", "FAIL")
        out.append(
            f"<tr><td>{esc(chk['name'])}</td><td class='{cls}'>{word}</td><td><pre>{esc(chk['detail'])}</pre></td></tr>"
        )
    out.append("</table>")
    return out


def _html_oq(rows):
    """Each requirement with its tests, their results and its verdict."""
    esc = html.escape
    out = [
        "<h2>Operational qualification (OQ): requirements and their tests</h2><table><tr><th>id</th><th>requirement</th>"
        "<th>clauses</th><th>risk</th><th>tests (result, seconds)</th><th>verdict</th></tr>"
    ]
    for row in rows:
        tests = "<br/>".join(
            f"{esc(t['file'])}::{esc(t['name'])} <span class='{'ok' if t['outcome'] == 'passed' else 'bad'}'>"
            f"{esc(t['outcome'])}</span> ({t['time']:.2f})"
            for t in row["tests"]
        )
        out.append(
            f"<tr><td>{esc(row['id'])}</td><td>{esc(row['text'])}</td><td>{esc(', '.join(row['clauses']))}</td>"
            f"<td>{esc(row['risk'])}</td><td>{tests or '-'}</td><td class='{row['verdict'].replace(' ', '')}'>"
            f"{esc(row['verdict'])}</td></tr>"
        )
    out.append("</table>")
    return out


def _html_clauses(data, rows):
    """Each clause with the requirements that serve it, or the user's procedure."""
    esc = html.escape
    out = ["<h2>Clause → requirement</h2><table><tr><th>clause</th><th>requirements</th></tr>"]
    for clause, title in (data.get("clauses") or {}).items():
        ids = [row["id"] for row in rows if clause in row["clauses"]]
        procedural = (data.get("procedural") or {}).get(clause)
        cell = esc(", ".join(ids)) if ids else ""
        if procedural:
            cell += ("<br/>" if cell else "") + "<i>User's procedure: " + esc(procedural) + "</i>"
        out.append(f"<tr><td>{esc(clause)}: {esc(title)}</td><td>{cell}</td></tr>")
    out.append("</table>")
    return out


def _html_failures(rows):
    esc = html.escape
    out = []
    failures = [(row, t) for row in rows for t in row["tests"] if t["outcome"] != "passed"]
    if failures:
        out.append("<h2>Failures</h2>")
        for row, test in failures:
            out.append(
                f"<h3>{esc(row['id'])}: {esc(test['file'])}::{esc(test['name'])} ({esc(test['outcome'])})</h3>"
                f"<pre>{esc(test['message'])}</pre>"
            )
    return out


def _html_impact(impact_rows, base):
    esc = html.escape
    out = [f"<h2>Change impact since {esc(base or '')}</h2><table><tr><th>requirement</th><th>changed files</th></tr>"]
    for rid, paths in impact_rows.items():
        out.append(f"<tr><td>{esc(rid)}</td><td>{esc(', '.join(paths))}</td></tr>")
    out.append("</table>")
    return out


def render_html(data, rows, iq_result=None, impact_rows=None, base=None):
    env = (iq_result or {}).get("environment", {})
    out = _html_head(summary(rows), env)
    if iq_result:
        out += _html_iq(iq_result)
    out += _html_oq(rows)
    out += _html_clauses(data, rows)
    out += _html_failures(rows)
    if impact_rows is not None:
        out += _html_impact(impact_rows, base)
    out.append("</body></html>")
    return "\n".join(out)


def write_report(data, rows, out_dir, iq_result=None, impact_rows=None, base=None):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "validation_report.html"
    html_path.write_text(render_html(data, rows, iq_result, impact_rows, base), encoding="utf-8")
    written = [html_path]
    wkhtmltopdf = shutil.which("wkhtmltopdf")
    if wkhtmltopdf:
        pdf_path = out_dir / "validation_report.pdf"
        subprocess.run([wkhtmltopdf, "-q", str(html_path), str(pdf_path)], check=False, capture_output=True)
        if pdf_path.exists():
            written.append(pdf_path)
    return written


# ----------------------------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------------------------
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check")
    p_check.add_argument("--requirements", default=str(REQUIREMENTS))
    p_iq = sub.add_parser("iq")
    p_iq.add_argument("--db", required=True)
    p_iq.add_argument("--install-log")
    p_iq.add_argument("--out", required=True)
    p_iq.add_argument("--odoo-arg", action="append", default=[])
    p_report = sub.add_parser("report")
    p_report.add_argument("--junit", required=True)
    p_report.add_argument("--iq")
    p_report.add_argument("--out", required=True)
    p_report.add_argument("--base")
    args = parser.parse_args(argv)

    if args.command == "check":
        data = load_requirements(args.requirements)
        tests = collect_tests()
        problems = check(data, tests)
        for problem in problems:
            print(f"validation: {problem}", file=sys.stderr)
        named = sum(1 for t in tests if t["ids"])
        print(
            f"validation: {len(data.get('requirements') or [])} requirements, {named} of {len(tests)} tests name one."
        )
        return 1 if problems else 0
    if args.command == "iq":
        import odoo  # noqa: PLC0415

        odoo.tools.config.parse_config(list(args.odoo_arg))
        result = iq(args.db, install_log=args.install_log)
        Path(args.out).write_text(json.dumps(result, indent=2), encoding="utf-8")
        for chk in result["checks"]:
            print(f"IQ {'pass' if chk['ok'] else 'FAIL'}: {chk['name']}" + ("" if chk["ok"] else f": {chk['detail']}"))
        return 0 if all(chk["ok"] for chk in result["checks"]) else 1
    data = load_requirements()
    tests = collect_tests()
    rows = traceability(data, tests, junit_results(args.junit))
    iq_result = json.loads(Path(args.iq).read_text(encoding="utf-8")) if args.iq else None
    impact_rows = impact(data, tests, changed_files(args.base)) if args.base else None
    for path in write_report(data, rows, args.out, iq_result, impact_rows, args.base):
        print(f"validation report: {path}")
    total = summary(rows)
    print(f"{total['requirements']} requirements, {total['verified']} verified, {total['failed']} failed")
    if total["high_not_verified"]:
        print(f"High-risk requirements not verified: {', '.join(total['high_not_verified'])}", file=sys.stderr)
        return 1
    if iq_result and not all(chk["ok"] for chk in iq_result["checks"]):
        print("The installation qualification failed.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
