"""One calendar for every quality date: the company's.

Effective dates, due dates, expiry dates and review dates are calendar dates with no time zone.
Odoo's ``fields.Date.context_today`` gives each user their own "today": an author in Brussels and an
approver in New York would disagree for some hours every night, and a revision approved then would
wait a day, a training would count as expired for one and valid for the other. Quality dates are
therefore read and compared on the calendar of the company (its working-time calendar's time zone,
the one its operations run on), whoever the user is.
"""

from datetime import datetime, time

import pytz

from odoo import fields


def quality_tz(record):
    """The time zone of the quality calendar: the current company's working-time calendar, else UTC."""
    return record.env.company.sudo().resource_calendar_id.tz or "UTC"


def quality_today(record, timestamp=None):
    """Today (or the date of the UTC ``timestamp``) on the company's quality calendar.

    As ``fields.Date.context_today``, with the calendar's time zone instead of the user's (no new
    environment: the work-order and purchase gates call it on every start and confirmation).
    """
    moment = pytz.utc.localize(fields.Datetime.to_datetime(timestamp) if timestamp else datetime.now())
    try:
        return moment.astimezone(pytz.timezone(quality_tz(record))).date()
    except pytz.UnknownTimeZoneError:
        return moment.date()


def quality_day_start(record, day):
    """The moment ``day`` starts on the company's quality calendar, in UTC and naive, as Odoo stores datetimes.

    A period of quality dates [first, last] covers the datetimes from ``quality_day_start(first)``
    to ``quality_day_start(last + 1 day)``: a receipt at 23:30 UTC on 31 March is in April in Brussels.
    """
    tz = pytz.timezone(quality_tz(record))
    local = tz.localize(datetime.combine(fields.Date.to_date(day), time.min))
    return local.astimezone(pytz.utc).replace(tzinfo=None)
