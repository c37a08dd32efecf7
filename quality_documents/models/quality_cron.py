import hashlib
import logging

import psycopg2.errors

from odoo import api, models

_logger = logging.getLogger(__name__)


class QualityCron(models.AbstractModel):
    """Helpers shared by the quality scheduled jobs (``ir.cron``) of every quality addon.

    Odoo 18 locks the ``ir_cron`` row while a job runs: the scheduler skips a locked job and "Run Manually"
    refuses to start it, so a job only ever started by its scheduled action needs nothing more. What that lock
    does not cover is a run outside it (the scheduled action's server action run directly, a second scheduled
    action on the same method): each run would read "nothing created yet" in its own snapshot and create the
    same records twice. A cron for which tests/test_cron_concurrency.py shows that double run starts with::

        if not self.env["quality.cron"]._quality_cron_lock("quality.training.assignment._cron_overdue_activities"):
            return ...  # another run of this cron is in progress (or committed after our snapshot)
    """

    _name = "quality.cron"
    _description = "Quality Scheduled Job Helpers"

    @api.model
    def _quality_cron_lock_key(self, name):
        """A stable signed 64-bit advisory lock key for ``name`` (the same in every process)."""
        return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)

    @api.model
    def _quality_cron_lock(self, name):
        """Make this transaction the only run of the cron ``name``; False when another run has it.

        1. ``pg_try_advisory_xact_lock``: held until this transaction ends; a concurrent run of the same cron
           does not wait, it gets False.
        2. The run then stamps the parameter ``quality_cron.last_run.<name>`` (plain SQL, no cache to clear).
           Under Odoo's REPEATABLE READ isolation, a run that committed *after* this transaction took its
           snapshot makes that update fail with a serialization error: our snapshot would not see what that run
           created, so this run must not go on either (a later run, with a fresh snapshot, will).
        """
        cr = self.env.cr
        cr.execute("SELECT pg_try_advisory_xact_lock(%s)", [self._quality_cron_lock_key(name)])
        if not cr.fetchone()[0]:
            _logger.info("Scheduled job %s is already running in another transaction: this run does nothing.", name)
            return False
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    """
                    INSERT INTO ir_config_parameter (key, value, create_uid, create_date, write_uid, write_date)
                    VALUES (%(key)s, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
                            %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC')
                    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value,
                        write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                    """,
                    {"key": f"quality_cron.last_run.{name}", "uid": self.env.uid},
                    log_exceptions=False,
                )
        except psycopg2.errors.SerializationFailure:
            _logger.info(
                "Scheduled job %s was run by another transaction that committed after this one started: "
                "this run does nothing.",
                name,
            )
            return False
        return True

    @api.model
    def _quality_schedule_activities_once(self, records, activity_type, prepare):
        """Kept for callers not yet moved: ``quality.activity._quality_schedule_once`` (one activity per record)."""
        return self.env["quality.activity"]._quality_schedule_once(records, activity_type, prepare)
