from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import tagged

from .common import QualityAuditCommon


@tagged("post_install", "-at_install")
class TestAuditProgramme(QualityAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = quality_today(cls.env["quality.audit.unit"])
        Unit = cls.env["quality.audit.unit"]
        cls.unit_high = Unit.create(
            {"name": "High risk unit", "risk_level": "high", "reference_date": cls.today - relativedelta(months=5)}
        )
        cls.unit_medium = Unit.create(
            {"name": "Medium risk unit", "risk_level": "medium", "reference_date": cls.today - relativedelta(months=11)}
        )
        cls.unit_low = Unit.create({"name": "Low risk unit", "risk_level": "low", "reference_date": cls.today})
        cls.unit_late = Unit.create(
            {"name": "Late unit", "risk_level": "high", "reference_date": cls.today - relativedelta(months=8)}
        )

    def _audits(self, unit):
        return self.env["quality.audit"].search([("unit_id", "=", unit.id)])

    @verifies("QA-005")
    def test_frequency_follows_risk_level(self):
        self.assertEqual(
            (self.unit_high.frequency_months, self.unit_medium.frequency_months, self.unit_low.frequency_months),
            (6, 12, 24),
        )
        self.env.company.quality_audit_months_high = 3
        unit = self.env["quality.audit.unit"].create({"name": "Configured unit", "risk_level": "high"})
        self.assertEqual(unit.frequency_months, 3)

    @verifies("QA-005")
    def test_cron_plans_next_audits_at_right_dates(self):
        self.env["quality.audit.unit"]._cron_plan_audits()
        high = self._audits(self.unit_high)
        self.assertEqual(len(high), 1)
        self.assertEqual(high.planned_date, self.today + relativedelta(months=1))
        self.assertEqual(high.state, "planned")
        medium = self._audits(self.unit_medium)
        self.assertEqual(medium.planned_date, self.today + relativedelta(months=1))
        # Low risk: next audit 24 months ahead, beyond the 90-day horizon: nothing planned yet.
        self.assertFalse(self._audits(self.unit_low))
        self.assertEqual(self.unit_low.next_audit_date, self.today + relativedelta(months=24))

    @verifies("QA-005")
    def test_cron_is_idempotent(self):
        Unit = self.env["quality.audit.unit"]
        Unit._cron_plan_audits()
        units = self.unit_high | self.unit_medium | self.unit_low | self.unit_late
        count = self.env["quality.audit"].search_count([("unit_id", "in", units.ids)])
        Unit._cron_plan_audits()
        self.assertEqual(self.env["quality.audit"].search_count([("unit_id", "in", units.ids)]), count)
        self.assertEqual(count, 3)

    @verifies("QA-005")
    def test_cron_flags_overdue(self):
        self.env["quality.audit.unit"]._cron_plan_audits()
        late_audit = self._audits(self.unit_late)
        self.assertEqual(late_audit.planned_date, self.today - relativedelta(months=2))
        self.assertTrue(late_audit.is_overdue)
        self.assertTrue(self.unit_late.is_overdue)
        self.assertFalse(self.unit_high.is_overdue)
        self.assertFalse(self._audits(self.unit_high).is_overdue)

    @verifies("QA-005")
    def test_closed_audit_moves_next_date(self):
        audit = self._create_audit(unit_id=self.unit_high.id, planned_date=date(2026, 1, 10))
        audit.write({"actual_date_end": date(2026, 1, 12)})
        audit._quality_workflow_write({"state": "closed"})  # fixture: closed (the signed path is in test_audit)
        self.assertEqual(self.unit_high.last_audit_date, date(2026, 1, 12))
        self.assertEqual(self.unit_high.next_audit_date, date(2026, 7, 12))
