"""Project-wide pytest hooks.

A skipped test is reported as a failure: Odoo's HttpCase skips browser tests silently when
websocket-client or Chromium is missing, and a green run that tested nothing is a defect.
"""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"Test skipped, which this project counts as a failure: {reason}"
