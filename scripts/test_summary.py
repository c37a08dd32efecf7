"""Print Odoo's test result from pytest's JUnit XML; exit 1 on any failure, error or skip.

A skipped test counts as a failure: Odoo's HttpCase skips browser tests silently when
websocket-client or Chromium is missing, and a green run that tested nothing is a defect.
"""

import sys
import xml.etree.ElementTree as ET


def main(path):
    root = ET.parse(path).getroot()
    cases = list(root.iter("testcase"))
    failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    browser = [c for c in cases if "browser" in c.get("name", "") or "tour" in c.get("name", "")]
    passed = len(cases) - len(failed) - len(skipped)
    for case in skipped:
        reason = case.find("skipped").get("message", "")
        print(f"SKIPPED (counted as a failure): {case.get('classname')}.{case.get('name')}: {reason}")
    print(f"Odoo test result: {len(cases)} tests, {len(browser)} browser tests.")
    print(f"{passed} passed, {len(failed) + len(skipped)} failed")
    return 1 if (failed or skipped or not cases) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
