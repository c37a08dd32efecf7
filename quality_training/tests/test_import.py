"""Bringing existing training records in: Odoo's standard import into a batch a quality manager signs."""

import base64
import csv
import io

from odoo import Command
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TrainingCase

LINE_FIELDS = ("employee_id", "requirement_id", "completion_date", "evidence")
CSV_OPTIONS = {
    "quoting": '"',
    "separator": ",",
    "has_headers": True,
    "encoding": "utf-8",
    "date_format": "%Y-%m-%d",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
}


@tagged("post_install", "-at_install")
class TestTrainingImport(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls._make_document(operation_ids=[(6, 0, cls.operation.ids)])
        cls.requirement = cls._make_requirement(cls.document, job_ids=[(6, 0, cls.job.ids)], days_to_complete=7)
        cls.revision = cls._make_effective(cls.document)
        cls.buyer = new_test_user(
            cls.env, login="qt_buyer", groups="base.group_user,purchase.group_purchase_user", password="qt_buyer_pw"
        )
        cls.hr_officer = new_test_user(
            cls.env, login="qt_hr_import", groups="base.group_user,hr.group_hr_user", password="qt_hr_pw"
        )
        cls.colleague = cls.env["hr.employee"].create({"name": "QT Colleague", "job_id": cls.job.id})

    def _batch(self, user=None):
        return self.env["quality.training.import"].with_user(user or self.author).create({"name": "QT paper records"})

    def _rows(self, *extra):
        """A good spreadsheet: the operator (who has an open assignment) and a colleague, trained last year."""
        done = str(self.today - self._days(200))
        return [
            ["QT Operator", self.requirement.name, done, "Form TR-12 #0441"],
            ["QT Colleague", self.requirement.name, done, "Form TR-12 #0442"],
            *extra,
        ]

    def _load(self, batch, rows, user=None, fields=LINE_FIELDS):
        Line = self.env["quality.training.import.line"].with_user(user or self.author)
        return Line.with_context(default_import_id=batch.id).load(list(fields), rows)

    def _sign(self, batch):
        batch.with_user(self.manager)._quality_sign("approved", "qt_manager_pw")

    def _operator_assignments(self, states=("done",)):
        return self._assignments(self.requirement, states).filtered(lambda a: a.employee_id == self.operator)

    def _csv(self, rows, header=LINE_FIELDS):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue().encode()

    def _execute_import(self, batch, content, file_name, file_type, dryrun=False):
        wizard = (
            self.env["base_import.import"]
            .with_user(self.author)
            .create(
                {
                    "res_model": "quality.training.import.line",
                    "file": content,
                    "file_name": file_name,
                    "file_type": file_type,
                }
            )
        )
        wizard = wizard.with_context(default_import_id=batch.id)
        return wizard.execute_import(list(LINE_FIELDS), list(LINE_FIELDS), dict(CSV_OPTIONS), dryrun=dryrun)

    # ------------------------------------------------------------------
    # Good and bad spreadsheets
    # ------------------------------------------------------------------
    @verifies("QT-014")
    def test_imported_training_counts_for_the_gate_only_once_signed(self):
        batch = self._batch()
        result = self._load(batch, self._rows())
        self.assertEqual(result["messages"], [])
        self.assertEqual(len(result["ids"]), 2)
        self.assertEqual(batch.line_count, 2)
        self.assertEqual(batch.line_ids.revision_id, self.revision, "empty revision: the one in effect")
        # Imported, not signed: nobody's training is done, the gate still refuses.
        self.assertFalse(self._operator_assignments())
        workorder = self._make_workorder()
        with self.assertRaisesRegex(UserError, "QT Operator is not trained"):
            workorder.with_user(self.operator_user).button_start()
        self.assertNotEqual(workorder.state, "progress")

        self._sign(batch)
        self.assertEqual(batch.state, "signed")
        done = self._operator_assignments()
        self.assertEqual(len(done), 1)
        self.assertEqual(done.completion_method, "import")
        self.assertEqual(done.import_id, batch)
        self.assertEqual(done.completion_date, self.today - self._days(200))
        self.assertFalse(self._operator_assignments(("assigned",)), "the open assignment was completed, not doubled")
        self.assertEqual(batch.assignment_ids.employee_id, self.operator | self.colleague)
        signature = batch._quality_signatures("approved")
        self.assertEqual(signature.signer_id, self.manager)
        workorder.with_user(self.operator_user).button_start()
        self.assertEqual(workorder.state, "progress")

    @verifies("QT-014")
    def test_bad_row_is_named_and_nothing_is_imported(self):
        batch = self._batch()
        future = str(self.today + self._days(3))
        rows = self._rows(
            ["QT Operator", self.requirement.name, future, "Form TR-12 #0443"],
            ["QT Nobody", self.requirement.name, str(self.today), "Form TR-12 #0444"],
        )
        result = self._load(batch, rows)
        self.assertFalse(result["ids"])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual({m["rows"]["from"] for m in errors}, {2, 3}, "the two bad rows (0-based, no header)")
        future_row = next(m for m in errors if m["rows"]["from"] == 2)
        self.assertIn(f"Completed On ({future}) is in the future", future_row["message"])
        self.assertIn("QT Operator", future_row["message"])
        unknown_row = next(m for m in errors if m["rows"]["from"] == 3 and "QT Nobody" in m["message"])
        self.assertEqual(unknown_row["field"], "employee_id")
        self.assertFalse(batch.line_ids, "no row of the file was kept")

    @verifies("QT-014")
    def test_csv_through_the_import_screen_all_or_nothing(self):
        batch = self._batch()
        bad = self._csv(self._rows(["QT Operator", self.requirement.name, "2019-13-40", "Form TR-12 #0445"]))
        result = self._execute_import(batch, bad, "training.csv", "text/csv")
        self.assertFalse(result.get("ids"))
        self.assertTrue(result["messages"])
        self.assertIn("2019-13-40", " ".join(m["message"] for m in result["messages"]))
        self.assertFalse(batch.line_ids)

        good = self._csv(self._rows())
        self.assertEqual(self._execute_import(batch, good, "training.csv", "text/csv", dryrun=True)["messages"], [])
        self.env.invalidate_all()
        self.assertFalse(batch.line_ids, "the test run keeps nothing")
        result = self._execute_import(batch, good, "training.csv", "text/csv")
        self.assertEqual(result["messages"], [])
        self.assertEqual(batch.line_ids.employee_id, self.operator | self.colleague)
        self.assertFalse(self._operator_assignments())

    @verifies("QT-014")
    def test_xlsx_through_the_import_screen(self):
        import openpyxl  # noqa: PLC0415 - base_import's own dependency for spreadsheets

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(list(LINE_FIELDS))
        for row in self._rows():
            sheet.append(row)
        content = io.BytesIO()
        book.save(content)
        batch = self._batch()
        batch.write({"source_file": base64.b64encode(content.getvalue()), "source_filename": "training.xlsx"})
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        result = self._execute_import(batch, content.getvalue(), "training.xlsx", xlsx)
        self.assertEqual(result["messages"], [])
        self.assertEqual(batch.line_count, 2)
        self._sign(batch)
        self.assertEqual(self._operator_assignments().import_id, batch)

    # ------------------------------------------------------------------
    # Declared path only
    # ------------------------------------------------------------------
    @verifies("QT-014", "QT-004")
    def test_assignments_with_a_status_cannot_be_imported_directly(self):
        Assignment = self.env["quality.training.assignment"].with_user(self.manager)
        before = Assignment.search_count([])
        result = Assignment.load(
            ["employee_id", "requirement_id", "state", "completion_date"],
            [["QT Colleague", self.requirement.name, "done", str(self.today)]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("cannot be written", result["messages"][0]["message"])
        self.assertEqual(Assignment.search_count([]), before)

    @verifies("QT-014", "QD-015")
    def test_only_a_quality_manager_signs_and_a_signed_import_is_frozen(self):
        batch = self._batch()
        self._load(batch, self._rows())
        with self.assertRaises(AccessError):
            batch.with_user(self.author)._quality_sign("approved", "qt_author_pw")
        with self.assertRaisesRegex(UserError, "cannot be written"):
            batch.with_user(self.manager).write({"state": "signed"})
        self.assertEqual(batch.state, "draft")
        self.assertFalse(self._operator_assignments())
        self._sign(batch)
        with self.assertRaisesRegex(UserError, "cannot change"):
            batch.line_ids[0].with_user(self.manager).write({"completion_date": str(self.today)})
        result = self._load(batch, [["QT Operator", self.requirement.name, str(self.today), "late"]], user=self.manager)
        self.assertFalse(result["ids"])
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            batch.with_user(self.manager).unlink()
        self.assertEqual(batch.line_count, 2)

    @verifies("QT-014")
    def test_who_prepared_the_batch_does_not_sign_it(self):
        second = new_test_user(
            self.env,
            login="qt_manager_two",
            groups="base.group_user,quality_documents.group_quality_manager",
            password="qt_manager_two_pw",
        )
        prepared = self._batch(user=self.manager)
        self._load(prepared, self._rows(), user=self.author)
        edited = self._batch()
        self._load(edited, self._rows())
        edited.line_ids[0].with_user(self.manager).write({"evidence": "Form TR-12 #0441 (scan)"})
        for batch in (prepared, edited):
            with self.subTest(batch=batch.id), self.assertRaisesRegex(UserError, "Segregation of duties: .* prepared"):
                batch.with_user(self.manager)._quality_sign("approved", "qt_manager_pw")
            self.assertEqual(batch.state, "draft")
            self.assertFalse(batch._quality_signatures("approved"))
        self.assertFalse(self._operator_assignments())
        prepared.with_user(second)._quality_sign("approved", "qt_manager_two_pw")
        self.assertEqual(prepared.state, "signed")
        self.assertEqual(prepared.line_ids.assignment_ids.mapped("state"), ["done", "done"])

    @verifies("QT-014")
    def test_a_preparer_stays_one_whoever_writes_after_them(self):
        """Who wrote last is no record of who prepared: overwritten edits, deleted rows, a replaced file count."""
        overwritten, deleted, refiled = self._batch(), self._batch(), self._batch()
        for batch in (overwritten, deleted, refiled):
            self._load(batch, self._rows())
        overwritten.line_ids[0].with_user(self.manager).write({"evidence": "Form TR-12 #0441 (scan)"})
        overwritten.line_ids[0].with_user(self.author).write({"evidence": "Form TR-12 #0441"})
        self.assertEqual(overwritten.line_ids.write_uid, self.author, "the manager is no longer the last writer")
        deleted.line_ids[1].with_user(self.manager).unlink()
        refiled.with_user(self.manager).write(
            {"source_file": base64.b64encode(b"other file"), "source_filename": "x.csv"}
        )
        for batch in (overwritten, deleted, refiled):
            self.assertIn(self.manager, batch.preparer_ids)
            with self.subTest(batch=batch.id), self.assertRaisesRegex(UserError, "Segregation of duties: .* prepared"):
                batch.with_user(self.manager)._quality_sign("approved", "qt_manager_pw")
            self.assertEqual(batch.state, "draft")
            self.assertFalse(batch._quality_signatures("approved"))
        self.assertFalse(self._operator_assignments())
        # Nobody writes the list of preparers by hand, to leave themselves out of it.
        for user in (self.manager, self.author):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "Prepared By cannot be written"):
                overwritten.with_user(user).write({"preparer_ids": [Command.unlink(self.manager.id)]})
        self.assertEqual(overwritten.preparer_ids, self.author | self.manager)
        # A note is no preparation: the batch stays signable by a manager who only wrote where it is kept.
        untouched = self._batch()
        self._load(untouched, self._rows())
        untouched.with_user(self.manager).write({"note": "Originals in archive box 12"})
        self.assertEqual(untouched.preparer_ids, self.author)
        self._sign(untouched)
        self.assertEqual(untouched.state, "signed")

    @verifies("QT-014")
    def test_signed_import_freezes_its_file_and_records_not_its_note(self):
        batch = self._batch()
        self._load(batch, self._rows())
        self._sign(batch)
        kept = ["name", "source_filename", "line_ids", "company_id"]
        before = batch.read(kept)[0]
        for who, record in (("quality manager", batch.with_user(self.manager)), ("superuser", batch.sudo())):
            with self.subTest(who=who):
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    record.write({"name": "QT other records", "source_filename": "other.csv"})
                self.assertEqual(
                    str(refused.exception),
                    f"{batch.display_name} is signed: its file and records cannot change. Import corrections in a "
                    "new batch. Fields that cannot change: Name, File Name.",
                )
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    record.unlink()
                self.assertEqual(
                    str(refused.exception),
                    f"{batch.display_name}: a signed training records import is a quality record, it cannot be "
                    "deleted.",
                )
        self.env.invalidate_all()
        self.assertEqual(batch.read(kept)[0], before)
        # Not frozen: where the originals are kept.
        batch.with_user(self.manager).write({"note": "Originals in archive box 12"})
        self.assertEqual(batch.note, "Originals in archive box 12")
        # A cancelled batch keeps its file and records too, but it is not a quality record: it may go.
        cancelled = self._batch()
        cancelled.action_cancel()
        with self.assertRaisesRegex(UserError, "is cancelled: its file and records cannot change"):
            cancelled.with_user(self.manager).write({"name": "QT renamed"})
        self.assertEqual(cancelled.name, "QT paper records")
        cancelled.with_user(self.manager).unlink()
        self.assertFalse(cancelled.exists())

    @verifies("QT-014")
    def test_records_of_a_signed_or_cancelled_batch_are_frozen_for_every_writer(self):
        signed = self._batch()
        self._load(signed, self._rows())
        self._sign(signed)
        cancelled = self._batch()
        self._load(cancelled, self._rows())
        cancelled.action_cancel()
        Line = self.env["quality.training.import.line"]
        kept = ["employee_id", "requirement_id", "revision_id", "completion_date", "evidence", "import_id"]
        writers = (
            ("quality manager", lambda record: record.with_user(self.manager)),
            ("superuser", lambda record: record.sudo()),
        )
        for batch, state in ((signed, "signed"), (cancelled, "cancelled")):
            line = batch.line_ids[0]
            before = line.read(kept)[0]
            explanation = (
                f"{batch.display_name} is {state}: its file and records cannot change. Import corrections in a new "
                "batch."
            )
            for who, env in writers:
                with self.subTest(state=state, who=who):
                    with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                        env(line).write({"evidence": "Form TR-12 #9999", "completion_date": str(self.today)})
                    self.assertEqual(
                        str(refused.exception), f"{explanation} Fields that cannot change: Completed On, Evidence."
                    )
                    with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                        env(Line).create(
                            {
                                "import_id": batch.id,
                                "employee_id": self.operator.id,
                                "requirement_id": self.requirement.id,
                                "completion_date": str(self.today),
                                "evidence": "Added later",
                            }
                        )
                    self.assertEqual(str(refused.exception), explanation)
                    with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                        env(line).unlink()
                    self.assertEqual(str(refused.exception), explanation)
            self.env.invalidate_all()
            self.assertEqual(line.read(kept)[0], before)
            self.assertEqual(batch.line_count, 2)

    @verifies("QT-014", "QT-008")
    def test_buyer_hr_and_employee_cannot_import_training_evidence(self):
        batch = self._batch()
        passwords = {self.buyer: "qt_buyer_pw", self.hr_officer: "qt_hr_pw", self.operator_user: "qt_operator_pw"}
        for user, password in passwords.items():
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["quality.training.import"].with_user(user).create({"name": "mine"})
                result = self._load(batch, self._rows(), user=user)
                self.assertFalse(result["ids"])
                self.assertEqual(result["messages"][0]["type"], "error")
                with self.assertRaises(AccessError):
                    batch.with_user(user)._quality_sign("approved", password)
        self.assertFalse(batch.line_ids)
        self.assertEqual(batch.state, "draft")
        self.assertFalse(self._operator_assignments())
