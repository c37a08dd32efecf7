"""Two runs of the same cron in two real, concurrent database transactions create nothing twice.

Each test commits its own data (the other connection must see it), then interleaves two cursors in one thread:
transaction 1 runs the cron and has not committed yet when transaction 2 runs the same cron. Both commit; every
record has exactly one assignment / activity / scorecard, and a later sequential run creates nothing new.

The crons work on every record of the database (demo data too), so everything committed is put back afterwards:
new rows of the tables the crons write are deleted and changed rows restored (``_snapshot`` / ``_restore``).
"""

import logging
import uuid
from datetime import timedelta

from odoo import SUPERUSER_ID, api
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

LOCK_LOGGER = "odoo.addons.quality_documents.models.quality_cron"
# Tables whose rows the tested crons create or update: new rows are deleted, changed rows restored.
RESTORED_TABLES = (
    "mail_activity",
    "quality_supplier_scorecard",
    "quality_training_assignment",
    "quality_supplier_qualification",
    "ir_config_parameter",
)
# Tables the crons (and the set-up) only add rows to: rows above the watermark are deleted.
APPENDED_TABLES = ("mail_message", "mail_followers", "mail_notification", "mail_mail", "bus_bus")


@tagged("post_install", "-at_install")
class TestCronConcurrency(TransactionCase):
    # ------------------------------------------------------------------
    # Committed set-up and clean-up
    # ------------------------------------------------------------------
    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _committed(self, fn):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            result = fn(env)
            env.flush_all()
            return result

    def _snapshot(self):
        """Rows of RESTORED_TABLES and the highest id of APPENDED_TABLES, as committed now."""
        with self.registry.cursor() as cr:
            rows = {}
            for table in RESTORED_TABLES:
                cr.execute(SQL("SELECT id, row_to_json(t)::text FROM %s t", SQL.identifier(table)))
                rows[table] = dict(cr.fetchall())
            marks = {}
            for table in APPENDED_TABLES:
                cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table)))
                marks[table] = cr.fetchone()[0]
        return rows, marks

    def _restore(self, snapshot, delete_setup):
        """Put the database back as it was at ``snapshot``; ``delete_setup(cr)`` removes the test's own records."""
        rows, marks = snapshot
        with self.registry.cursor() as cr:
            for table in APPENDED_TABLES:
                cr.execute(SQL("DELETE FROM %s WHERE id > %s", SQL.identifier(table), marks[table]))
            for table in RESTORED_TABLES:
                cr.execute(
                    SQL(
                        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'",
                        table,
                    )
                )
                columns = SQL(", ").join(SQL.identifier(name) for (name,) in cr.fetchall())
                cr.execute(SQL("SELECT id, row_to_json(t)::text FROM %s t", SQL.identifier(table)))
                for row_id, row in cr.fetchall():
                    if row_id not in rows[table]:
                        cr.execute(SQL("DELETE FROM %s WHERE id = %s", SQL.identifier(table), row_id))
                    elif row != rows[table][row_id]:
                        cr.execute(
                            SQL(
                                "UPDATE %s SET (%s) = (SELECT %s FROM json_populate_record(NULL::%s, %s::json)) "
                                "WHERE id = %s",
                                SQL.identifier(table),
                                columns,
                                columns,
                                SQL.identifier(table),
                                rows[table][row_id],
                                row_id,
                            )
                        )
            delete_setup(cr)

    def _delete_attachments(self, cr, model, ids):
        """Attachments of these records (e.g. the generated avatars of employees), through the ORM: the file too."""
        cr.execute("SELECT id FROM ir_attachment WHERE res_model = %s AND res_id = ANY(%s)", [model, ids])
        self._env(cr)["ir.attachment"].browse([row[0] for row in cr.fetchall()]).unlink()

    def _setup_training(self, overdue=False):
        """Committed: two employees under a manager who has a user, and a course requirement assigned to both.

        Without ``overdue``, both completed it a year ago and their completion expires in 20 days (refresher
        due); with ``overdue``, their assignment was due three days ago.
        """
        tag = uuid.uuid4().hex[:8]
        snapshot = self._snapshot()

        def setup(env):
            today = quality_today(env["res.users"])
            admin = env.ref("base.user_admin")
            manager = env["hr.employee"].search([("user_id", "=", admin.id), ("company_id", "=", env.company.id)])
            created_manager = not manager
            if created_manager:
                manager = env["hr.employee"].create({"name": f"Cron race manager {tag}", "user_id": admin.id})
            employees = env["hr.employee"].create(
                [{"name": f"Cron race employee {i} {tag}", "parent_id": manager.id} for i in (1, 2)]
            )
            course = env["quality.training.course"].create({"name": f"Cron race course {tag}"})
            requirement = env["quality.training.requirement"].create(
                {
                    "requirement_type": "course",
                    "course_id": course.id,
                    "validity_months": 12,
                    "employee_ids": [(6, 0, employees.ids)],
                }
            )
            assignments = env["quality.training.assignment"].search([("requirement_id", "=", requirement.id)])
            self.assertEqual(assignments.employee_id, employees, "the requirement assigns both employees")
            if overdue:
                assignments.write({"due_date": today - timedelta(days=3)})
            else:
                # Completed a year ago: the dates of that completion, written as the workflow writes them.
                assignments._mark_done(completion_date=today - timedelta(days=345), completion_method="session")
                assignments._quality_workflow_write({"expiry_date": today + timedelta(days=20)})
            return {
                "employees": employees.ids,
                "hr_records": (employees | (manager if created_manager else manager.browse())).ids,
                "requirement": requirement.id,
                "course": course.id,
            }

        data = self._committed(setup)

        def delete_setup(cr):
            cr.execute("DELETE FROM quality_training_assignment WHERE requirement_id = %s", [data["requirement"]])
            cr.execute("DELETE FROM quality_training_requirement WHERE id = %s", [data["requirement"]])
            cr.execute("DELETE FROM quality_training_course WHERE id = %s", [data["course"]])
            cr.execute("SELECT resource_id, work_contact_id FROM hr_employee WHERE id = ANY(%s)", [data["hr_records"]])
            resources, contacts = zip(*cr.fetchall(), strict=True)
            self._delete_attachments(cr, "hr.employee", data["hr_records"])
            self._delete_attachments(cr, "res.partner", list(filter(None, contacts)))
            cr.execute("DELETE FROM hr_employee WHERE id = ANY(%s)", [data["hr_records"]])
            cr.execute("DELETE FROM resource_resource WHERE id = ANY(%s)", [list(filter(None, resources))])
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [list(filter(None, contacts))])

        self.addCleanup(self._restore, snapshot, delete_setup)
        return data

    def _setup_vendor(self):
        """Committed: a vendor with a receiving nonconformance this month (so it gets this month's scorecard)."""
        tag = uuid.uuid4().hex[:8]
        snapshot = self._snapshot()

        def setup(env):
            vendor = env["res.partner"].create({"name": f"Cron race vendor {tag}", "is_company": True})
            nc = env["quality.nonconformance"].create(
                {
                    "name": f"CRON-RACE-{tag}",
                    "title": "Cron race: cracked housings",
                    "source": "receiving",
                    "partner_id": vendor.id,
                    "quantity": 1.0,
                }
            )
            return {"vendor": vendor.id, "nc": nc.id}

        data = self._committed(setup)

        def delete_setup(cr):
            cr.execute("DELETE FROM quality_supplier_scorecard WHERE partner_id = %s", [data["vendor"]])
            cr.execute("DELETE FROM quality_nonconformance WHERE id = %s", [data["nc"]])
            self._delete_attachments(cr, "res.partner", [data["vendor"]])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [data["vendor"]])

        self.addCleanup(self._restore, snapshot, delete_setup)
        return data

    # ------------------------------------------------------------------
    # The race
    # ------------------------------------------------------------------
    def _race(self, model, method, run=None):
        """Transaction 1 runs the cron and has not committed when transaction 2 runs it; then both commit.

        ``run(env)`` runs it another way than ``env[model].method()``. Returns what each run returned (as ids, or
        the plain value).
        """
        run = run or (lambda env: getattr(env[model], method)())
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        try:
            # A regression must fail the test, not hang it on a row lock held by transaction 1.
            cr2.execute("SET LOCAL lock_timeout = '10s'")
            env1, env2 = self._env(cr1), self._env(cr2)
            first = run(env1)
            env1.flush_all()
            with self.assertLogs(LOCK_LOGGER, logging.INFO) as logs:
                second = run(env2)
                env2.flush_all()
            self.assertIn("already running in another transaction", logs.output[0])
            first = first.ids if hasattr(first, "ids") else first
            second = second.ids if hasattr(second, "ids") else second
            cr1.commit()
            cr2.commit()
        finally:
            cr1.close()
            cr2.close()
        return first, second

    def _run_again(self, model, method):
        """A later, sequential run (committed)."""
        result = self._committed(lambda env: getattr(env[model], method)())
        return result.ids if hasattr(result, "ids") else result

    @staticmethod
    def _employee_activity_count(data):
        def count(env):
            return env["mail.activity"].search_count(
                [("res_model", "=", "hr.employee"), ("res_id", "in", data["employees"])]
            )

        return count

    def _read(self, fn):
        with self.registry.cursor() as cr:
            return fn(self._env(cr))

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    @verifies("QT-006")
    def test_refresher_cron_in_two_transactions_assigns_one_refresher_per_employee(self):
        data = self._setup_training()
        model, method = "quality.training.assignment", "_cron_refresher_and_expiry"

        def open_assignments(env):
            assignments = env[model].search([("requirement_id", "=", data["requirement"]), ("state", "=", "assigned")])
            return sorted(assignments.employee_id.ids)

        first, second = self._race(model, method)
        self.assertEqual(len(first), 2, "transaction 1 assigns one refresher to each employee")
        self.assertEqual(second, [], "transaction 2 assigns nothing while transaction 1 runs")
        self.assertEqual(self._read(open_assignments), sorted(data["employees"]), "one refresher per employee")

        self.assertEqual(self._run_again(model, method), [], "a later run assigns nothing new")
        self.assertEqual(self._read(open_assignments), sorted(data["employees"]))

    @verifies("QT-006")
    def test_overdue_activity_cron_in_two_transactions_schedules_one_activity_per_employee(self):
        data = self._setup_training(overdue=True)
        model, method = "quality.training.assignment", "_cron_overdue_activities"

        def activities(env):
            activity_type = env.ref("quality_training.mail_activity_training_overdue")
            found = env["mail.activity"].search(
                [
                    ("res_model", "=", "hr.employee"),
                    ("res_id", "in", data["employees"]),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            return sorted(found.mapped("res_id"))

        first, second = self._race(model, method)
        self.assertEqual(second, [], "transaction 2 schedules nothing while transaction 1 runs")
        self.assertEqual(self._read(activities), sorted(data["employees"]), "exactly one activity per employee")
        self.assertEqual(len(set(first)), len(first))

        self._run_again(model, method)
        self.assertEqual(self._read(activities), sorted(data["employees"]), "a later run schedules nothing new")

    @verifies("QS-007")
    def test_scorecard_cron_in_two_transactions_creates_one_scorecard(self):
        data = self._setup_vendor()
        model, method = "quality.supplier.scorecard", "_cron_compute_scorecards"

        def scorecards(env):
            cards = env[model].search([("partner_id", "=", data["vendor"])])
            return [(card.month, card.nc_count) for card in cards]

        month = self._read(lambda env: quality_today(env[model]).replace(day=1))
        # No IntegrityError and no lock wait: transaction 2 does not compute while transaction 1 holds the cron.
        self.assertEqual(self._race(model, method), (True, True))
        self.assertEqual(self._read(scorecards), [(month, 1)], "exactly one scorecard for the vendor and month")

        self.assertTrue(self._run_again(model, method))
        self.assertEqual(self._read(scorecards), [(month, 1)], "a later run refreshes the same scorecard")

    @verifies("QT-006")
    def test_run_committed_after_the_snapshot_of_another_makes_that_one_do_nothing(self):
        # Transaction 2 takes its snapshot, then transaction 1 runs the cron and commits: transaction 2 then gets
        # the lock, but its snapshot does not show transaction 1's activities, so it must not run.
        data = self._setup_training(overdue=True)
        model, method = "quality.training.assignment", "_cron_overdue_activities"
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        try:
            cr2.execute("SELECT id FROM hr_employee WHERE id = ANY(%s)", [data["employees"]])
            env1, env2 = self._env(cr1), self._env(cr2)
            first = getattr(env1[model], method)()
            self.assertEqual(sorted(set(first.mapped("res_id")) & set(data["employees"])), sorted(data["employees"]))
            cr1.commit()
            with self.assertLogs(LOCK_LOGGER, logging.INFO) as logs:
                second = getattr(env2[model], method)()
            self.assertIn("committed after this one started", logs.output[0])
            self.assertFalse(second)
            cr2.commit()
        finally:
            cr1.close()
            cr2.close()

        self.assertEqual(self._read(self._employee_activity_count(data)), 2, "exactly one activity per employee")

    @verifies("QT-006")
    def test_run_manually_while_the_job_runs_is_refused_by_odoo_cron_lock(self):
        # Where Odoo's own lock suffices: "Run Manually" (and the scheduler, which skips a locked job) hold the
        # ir_cron row, so a second run of the same scheduled action cannot start while the first one runs.
        cron_id = self.env.ref("quality_training.ir_cron_quality_training_overdue").id
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        try:
            self._env(cr1)["ir.cron"].browse(cron_id).method_direct_trigger()
            with self.assertRaisesRegex(UserError, "currently being executed"):
                self._env(cr2)["ir.cron"].browse(cron_id).method_direct_trigger()
        finally:
            cr1.rollback()
            cr2.rollback()
            cr1.close()
            cr2.close()

    @verifies("QT-006")
    def test_server_action_of_the_job_runs_outside_odoo_cron_lock_and_ours_holds(self):
        # Where it does not: the scheduled action's server action run directly (or a second scheduled action on
        # the same method) takes no ir_cron row lock; two such runs at once would schedule everything twice but
        # for the extra lock of quality.cron, which these crons therefore keep.
        data = self._setup_training(overdue=True)
        action_id = self.env.ref("quality_training.ir_cron_quality_training_overdue").ir_actions_server_id.id
        self._race(None, None, run=lambda env: env["ir.actions.server"].browse(action_id).run())
        self.assertEqual(self._read(self._employee_activity_count(data)), 2, "exactly one activity per employee")

    @verifies("QT-006")
    def test_lock_key_is_stable_and_distinct_per_cron(self):
        Cron = self.env["quality.cron"]
        key = Cron._quality_cron_lock_key("quality.capa._cron_effectiveness_due")
        self.assertEqual(key, Cron._quality_cron_lock_key("quality.capa._cron_effectiveness_due"))
        self.assertNotEqual(key, Cron._quality_cron_lock_key("quality.capa._cron_scar_reminders"))
        self.assertTrue(-(2**63) <= key < 2**63)
