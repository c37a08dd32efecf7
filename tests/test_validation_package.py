"""The validation package (scripts/validation.py): consistency check, report from a JUnit result, IQ."""

import importlib.util
import tempfile
import textwrap
from pathlib import Path

import yaml

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import TransactionCase, tagged

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("quality_validation", ROOT / "scripts" / "validation.py")
validation = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(validation)

REQUIREMENTS = textwrap.dedent(
    """
    clauses:
      "21 CFR 11.70": Signature/record linking
      "21 CFR 11.10(i)": Training of developers
    procedural:
      "21 CFR 11.10(i)": The user's procedure.
    requirements:
      - {id: QX-001, addon: quality_documents, risk: high, clauses: ["21 CFR 11.70"], text: Signed content is hashed.}
      - {id: QX-002, addon: quality_documents, risk: low, clauses: ["21 CFR 11.70"], text: A low one.}
    """
)
JUNIT = textwrap.dedent(
    """<?xml version="1.0" encoding="utf-8"?>
    <testsuites><testsuite name="pytest" tests="2">
      <testcase classname="quality_documents.tests.test_x.TestX" name="test_hash" time="0.25"/>
      <testcase classname="quality_documents.tests.test_x.TestX" name="test_low" time="0.10">
        <failure message="AssertionError: 1 != 2">Traceback: the low one failed</failure>
      </testcase>
    </testsuite></testsuites>
    """
)


def _test(name, *ids):
    return {
        "file": "quality_documents/tests/test_x.py",
        "module": "quality_documents.tests.test_x",
        "cls": "TestX",
        "name": name,
        "ids": list(ids),
    }


@tagged("post_install", "-at_install")
class TestValidationPackage(TransactionCase):
    def _data(self, text=REQUIREMENTS):
        return yaml.safe_load(text)

    @verifies("QD-021")
    def test_repository_requirements_are_consistent(self):
        data = validation.load_requirements()
        self.assertEqual(validation.check(data, validation.collect_tests()), [])
        clauses = set(data["clauses"])
        self.assertIn("21 CFR 11.300", clauses)
        self.assertIn("EU GMP Annex 11 §14", clauses)

    @verifies("QD-021")
    def test_unknown_id_named_by_a_test_fails(self):
        problems = validation.check(self._data(), [_test("test_hash", "QX-001"), _test("test_other", "QX-999")])
        self.assertEqual(
            problems,
            ["QX-999: unknown requirement id named by quality_documents/tests/test_x.py::TestX::test_other."],
        )

    @verifies("QD-021")
    def test_high_risk_requirement_without_test_fails(self):
        problems = validation.check(self._data(), [_test("test_low", "QX-002")])
        self.assertEqual(len(problems), 1)
        self.assertIn("QX-001: high-risk requirement without a test", problems[0])

    @verifies("QD-021")
    def test_duplicate_id_and_unserved_clause_fail(self):
        text = REQUIREMENTS + "  - {id: QX-001, addon: quality_documents, risk: low, clauses: [], text: Again.}\n"
        text = text.replace('"21 CFR 11.10(i)": The user', '"21 CFR 11.10(j)": The user')
        problems = validation.check(self._data(text), [_test("test_hash", "QX-001")])
        self.assertIn("QX-001: the requirement id is listed twice.", problems)
        self.assertIn("21 CFR 11.10(i): the clause has no requirement and is not declared procedural.", problems)

    @verifies("QD-021")
    def test_report_renders_known_junit_into_rows(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        junit = Path(folder.name) / "junit.xml"
        junit.write_text(JUNIT, encoding="utf-8")
        tests = [_test("test_hash", "QX-001"), _test("test_low", "QX-002")]
        rows = validation.traceability(self._data(), tests, validation.junit_results(junit))
        self.assertEqual([(r["id"], r["verdict"]) for r in rows], [("QX-001", "verified"), ("QX-002", "failed")])
        self.assertEqual(rows[0]["tests"][0]["time"], 0.25)
        self.assertEqual(
            validation.summary(rows), {"requirements": 2, "verified": 1, "failed": 1, "high_not_verified": []}
        )
        page = validation.render_html(self._data(), rows)
        self.assertIn("2 requirements, 1 verified, 1 failed", page)
        self.assertIn("Traceback: the low one failed", page)
        self.assertIn("<i>User's procedure: The user&#x27;s procedure.</i>", page)

    @verifies("QD-021", "QD-019")
    def test_iq_fails_clearly_when_an_addon_is_missing(self):
        result = validation.iq(self.env.cr.dbname, addons=[*validation.ADDONS, "quality_not_installed"])
        by_name = {c["name"]: c for c in result["checks"]}
        missing = by_name["addon quality_not_installed installed"]
        self.assertFalse(missing["ok"])
        self.assertIn("quality_not_installed is not in the database: install it", missing["detail"])
        for addon in validation.ADDONS:
            self.assertTrue(by_name[f"addon {addon} installed at its manifest version"]["ok"], addon)
        self.assertTrue(by_name["group quality_documents.group_quality_manager present"]["ok"])
        self.assertEqual(result["environment"]["database"], self.env.cr.dbname)

    @verifies("QD-020")
    def test_every_quality_record_with_a_status_keeps_a_tracked_audit_trail(self):
        # The lines of a signature integrity check are the check's result (written once by the check, which
        # is the record with the audit trail), not records of their own.
        lines = {"quality.signature.integrity.line"}
        untracked = []
        for name, model in sorted(self.env.registry.items()):
            if name in lines:
                continue
            field = model._fields.get("state")
            if not name.startswith("quality.") or model._abstract or model._transient or not model._auto:
                continue
            if field is None or not field.store:
                continue
            if "message_ids" not in model._fields or not getattr(field, "tracking", False):
                untracked.append(name)
        self.assertEqual(untracked, [], "quality models whose status is not tracked in the chatter")
