from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import PASSWORD, QualityAuditCommon


@tagged("post_install", "-at_install")
class TestManagementReview(QualityAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A company of its own: the figures below are the whole dataset.
        cls.company = cls.env["res.company"].create({"name": "QA Review Company"})
        (cls.manager_user | cls.auditor_user).write({"company_ids": [fields.Command.link(cls.company.id)]})
        cls.cenv = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        # Today on that company's calendar, whose dates the review reads (not on the main company's).
        cls.today = quality_today(cls.cenv["quality.management.review"])
        Audit = cls.cenv["quality.audit"]
        Finding = cls.cenv["quality.audit.finding"]
        base = {"company_id": cls.company.id, "audit_type": "internal", "lead_auditor_id": cls.auditor_user.id}
        cls.audit_in = Audit.create(
            dict(
                base,
                planned_date=cls.today - relativedelta(months=2),
                actual_date_end=cls.today - relativedelta(months=2),
            )
        )
        cls.audit_out = Audit.create(
            dict(
                base,
                planned_date=cls.today - relativedelta(years=2),
                actual_date_end=cls.today - relativedelta(years=2),
            )
        )
        cls.audit_open = Audit.create(dict(base, planned_date=cls.today))
        for severity in ("major", "minor", "minor", "observation"):
            Finding.create({"audit_id": cls.audit_in.id, "severity": severity, "description": severity})
        Finding.create({"audit_id": cls.audit_out.id, "severity": "major", "description": "old"})
        Finding.create({"audit_id": cls.audit_open.id, "severity": "observation", "description": "current"})
        cls.audit_in.finding_ids.filtered(lambda f: f.severity == "observation").action_close()
        # fixture: two closed audits (closing by signature is tested in test_audit and test_finding_capa)
        (cls.audit_in | cls.audit_out)._quality_workflow_write({"state": "closed"})
        cls.review = cls.cenv["quality.management.review"].create(
            {
                "title": "Test review",
                "company_id": cls.company.id,
                "date_from": cls.today - relativedelta(months=6),
                "date_to": cls.today,
                "chair_id": cls.manager_user.id,
            }
        )

    @verifies("QA-007")
    def test_inputs_equal_audit_figures_of_known_dataset(self):
        self.review.action_gather_inputs()
        self.assertEqual(self.review.state, "in_review")
        self.assertEqual(self.review.audit_count, 1)
        self.assertEqual(self.review.finding_major_count, 1)
        self.assertEqual(self.review.finding_minor_count, 2)
        # Open findings of the company, whatever the audit: 3 of audit_in, 1 old, 1 current.
        self.assertEqual(self.review.finding_open_count, 5)
        audit_lines = self.review.input_ids.filtered(lambda line: line.category == "audit")
        self.assertEqual(audit_lines.mapped("value"), [4.0])

    @verifies("QA-007")
    def test_inputs_equal_supplier_figures_of_known_dataset(self):
        env = self.cenv(context=dict(self.cenv.context, tracking_disable=False, mail_notrack=False))
        vendor = env["res.partner"].create({"name": "QA Review Vendor", "is_company": True})
        other = env["res.partner"].create({"name": "QA Review Vendor 2", "is_company": True})
        Qual = env["quality.supplier.qualification"]
        Qual.create({"partner_id": vendor.id, "company_id": self.company.id})
        Qual.create({"partner_id": other.id, "company_id": self.company.id})
        env.cr.precommit.run()  # records created in this transaction are not tracked until it commits
        vendor._quality_set_probation("Late deliveries")
        env.cr.precommit.run()  # tracking values are written at commit time
        self.review.action_gather_inputs()
        self.assertEqual(self.review.vendors_at_risk_count, 1)
        self.assertEqual(self.review.supplier_status_change_count, 1)
        supplier_lines = self.review.input_ids.filtered(lambda line: line.category == "supplier")
        self.assertEqual(supplier_lines.mapped("name"), ["QA Review Vendor"])

    @verifies("QA-007")
    def test_inputs_equal_supplier_scorecards_of_period(self):
        vendor = self.cenv["res.partner"].create({"name": "QA Scored Vendor", "is_company": True})
        month = self.today.replace(day=1)
        Scorecard = self.cenv["quality.supplier.scorecard"].sudo()
        base = {"partner_id": vendor.id, "company_id": self.company.id}
        # fixture: three computed scorecards (the computation is quality_supplier's test)
        Scorecard._quality_workflow_create(
            [
                dict(base, month=month, score=90.0),
                dict(base, month=month - relativedelta(months=1), score=80.0),
                dict(base, month=month - relativedelta(years=2), score=10.0),
            ]
        )
        self.review.action_gather_inputs()
        lines = self.review.input_ids.filtered(lambda line: line.category == "scorecard")
        self.assertEqual([(line.name, line.value) for line in lines], [("QA Scored Vendor", 85.0)])

    def _three_employees_required(self, name, validity_months=0):
        """Fixture: A1 and A2 in department A, B1 in department B, all required to take one course."""
        env = self.cenv
        dept_a = env["hr.department"].create({"name": "QA Dept A", "company_id": self.company.id})
        dept_b = env["hr.department"].create({"name": "QA Dept B", "company_id": self.company.id})
        employees = env["hr.employee"].create(
            [
                {"name": "A1", "department_id": dept_a.id, "company_id": self.company.id},
                {"name": "A2", "department_id": dept_a.id, "company_id": self.company.id},
                {"name": "B1", "department_id": dept_b.id, "company_id": self.company.id},
            ]
        )
        course = env["quality.training.course"].create({"name": name, "company_id": self.company.id})
        requirement = env["quality.training.requirement"].create(
            {
                "name": name,
                "requirement_type": "course",
                "course_id": course.id,
                "validity_months": validity_months,
                "employee_ids": [(6, 0, employees.ids)],
                "company_id": self.company.id,
            }
        )
        return employees, requirement

    @verifies("QA-007")
    def test_inputs_equal_training_compliance_by_department(self):
        env = self.cenv
        _employees, requirement = self._three_employees_required("GMP basics")
        assignments = env["quality.training.assignment"].search([("requirement_id", "=", requirement.id)])
        self.assertEqual(len(assignments), 3)
        assignments.filtered(lambda a: a.employee_id.name in ("A1", "B1"))._mark_done()
        self.review.action_gather_inputs()
        self.assertAlmostEqual(self.review.training_compliance, 200.0 / 3, places=1)
        lines = self.review.input_ids.filtered(lambda line: line.category == "training")
        self.assertEqual([(line.name, line.value) for line in lines], [("QA Dept A", 50.0), ("QA Dept B", 100.0)])

    @verifies("QA-007")
    def test_training_compliance_agrees_with_matrix_expired_and_not_yet_valid(self):
        """Valid is the assignment's one definition: an expired training and its open refresher are one
        required pair, not two; at an earlier date, training completed later does not count yet and training
        expired since still does."""
        env = self.cenv
        (a1, a2, _b1), requirement = self._three_employees_required("Line clearance", validity_months=12)
        Assignment = env["quality.training.assignment"]
        assignments = Assignment.search([("requirement_id", "=", requirement.id)])
        assignments.filtered(lambda a: a.employee_id == a1)._mark_done()
        # A2 trained 13 months ago: expired a month ago, a refresher is open (what the expiry cron does).
        lapsed = assignments.filtered(lambda a: a.employee_id == a2)
        lapsed._mark_done(completion_date=self.today - relativedelta(months=13))
        lapsed._quality_transition("expire")
        Assignment._quality_workflow_create(
            [
                {
                    "employee_id": a2.id,
                    "requirement_id": requirement.id,
                    "assigned_date": self.today,
                    "due_date": self.today,
                    "company_id": self.company.id,
                }
            ]
        )
        self.assertEqual(Assignment.search_count([("requirement_id", "=", requirement.id)]), 4)
        env.flush_all()
        matrix = (
            env["quality.training.matrix"]
            .sudo()
            ._read_group([("requirement_id", "=", requirement.id)], [], ["__count", "compliance:avg"])
        )
        self.assertEqual(matrix[0][0], 3)
        self.assertAlmostEqual(matrix[0][1], 100.0 / 3, places=2)
        # Today: 1 valid pair (A1) of 3, as in the matrix (counting assignments would give 1 of 4).
        self.review.action_gather_inputs()
        self.assertAlmostEqual(self.review.training_compliance, matrix[0][1], places=1)  # stored to 0.1
        lines = self.review.input_ids.filtered(lambda line: line.category == "training")
        self.assertEqual([(line.name, line.value) for line in lines], [("QA Dept A", 50.0), ("QA Dept B", 0.0)])
        # Two months ago A1 was not trained yet and A2's training was still valid: 1 of 3 again, but A2's.
        earlier = env["quality.management.review"].create(
            {
                "title": "Earlier review",
                "company_id": self.company.id,
                "date_from": self.today - relativedelta(months=8),
                "date_to": self.today - relativedelta(months=2),
                "chair_id": self.manager_user.id,
            }
        )
        by_department = earlier._quality_training_compliance(self.company, earlier.date_to, by_department=True)
        self.assertEqual(
            {dept.name: figures for dept, figures in by_department.items()},
            {
                "QA Dept A": (1, 2),
                "QA Dept B": (0, 1),
            },
        )
        # Before A2's training it had none either.
        self.assertEqual(earlier._quality_training_compliance(self.company, self.today - relativedelta(months=14)), 0.0)

    @verifies("QA-007")
    def test_inputs_equal_documents_overdue_for_review(self):
        Document = self.cenv["quality.document"]
        late = Document.create({"title": "Cleaning SOP", "company_id": self.company.id})
        late._quality_workflow_write({"last_review_date": self.today - relativedelta(years=3)})  # fixture
        recent = Document.create({"title": "Packing SOP", "company_id": self.company.id})
        recent._quality_workflow_write({"last_review_date": self.today - relativedelta(months=1)})  # fixture
        Document.create({"title": "Never effective", "company_id": self.company.id})
        self.review.action_gather_inputs()
        self.assertEqual(self.review.documents_overdue_count, 1)
        lines = self.review.input_ids.filtered(lambda line: line.category == "document")
        self.assertEqual(lines.mapped("name"), [late.display_name])

    @verifies("QA-007")
    def test_inputs_equal_capa_and_nc_figures_of_known_dataset(self):
        env = self.cenv
        Category = env["quality.defect.category"]
        solder = Category.create({"name": "QA Solder"})
        label = Category.create({"name": "QA Label"})
        NC = env["quality.nonconformance"]
        ncs = NC.create(
            [
                {"title": "Cold joint 1", "defect_category_id": solder.id, "company_id": self.company.id},
                {"title": "Cold joint 2", "defect_category_id": solder.id, "company_id": self.company.id},
                {"title": "Label smudged", "defect_category_id": label.id, "company_id": self.company.id},
            ]
        )
        ncs[1]._quality_workflow_write({"is_recurrence": True})  # fixture: flagged as a recurrence
        Capa = env["quality.capa"]
        base = {"company_id": self.company.id, "owner_id": self.manager_user.id}
        late = Capa.create(dict(base, title="Late CAPA", investigation_due=self.today - relativedelta(days=5)))
        late.action_start_investigation()
        Capa.create(dict(base, title="Fresh CAPA", origin="audit"))
        self.review.action_gather_inputs()
        review = self.review
        self.assertEqual((review.nc_count, review.nc_recurrence_count), (3, 1))
        pareto = review.input_ids.filtered(lambda line: line.category == "nc_pareto")
        self.assertEqual([(line.name, line.value) for line in pareto], [("QA Solder", 2.0), ("QA Label", 1.0)])
        self.assertEqual(
            (review.capa_opened_count, review.capa_open_count, review.capa_overdue_count, review.capa_closed_count),
            (2, 2, 1, 0),
        )
        origins = review.input_ids.filtered(lambda line: line.category == "capa")
        self.assertEqual(sorted(origins.mapped("value")), [1.0, 1.0])

    @verifies("QA-007")
    def test_review_action_opens_capa(self):
        action = self.cenv["quality.management.review.action"].create(
            {"review_id": self.review.id, "name": "Add a second calibration supplier", "owner_id": self.manager_user.id}
        )
        action.action_create_capa()
        capa = action.capa_id
        self.assertEqual(capa.origin, "other")
        self.assertEqual(capa.origin_ref, action)
        self.assertEqual(capa.company_id, self.company)
        self.assertEqual(capa.title, "Add a second calibration supplier")

    @verifies("QA-007")
    def test_only_chair_signs_minutes(self):
        with self.assertRaisesRegex(UserError, "Gather the inputs"):
            self.review.with_user(self.manager_user)._quality_sign("approved", PASSWORD)
        self.review.action_gather_inputs()
        with self.assertRaisesRegex(UserError, "reserved for"):
            self.review.with_user(self.auditor_user).with_company(self.company)._quality_sign("approved", PASSWORD)
        other_manager = new_test_user(
            self.env,
            login="qa_manager_not_chair",
            groups="base.group_user,quality_documents.group_quality_manager",
            password=PASSWORD,
            company_ids=[fields.Command.set((self.env.company | self.company).ids)],
        )
        with self.assertRaisesRegex(UserError, "Only the chair"):
            self.review.with_user(other_manager).with_company(self.company)._quality_sign("approved", PASSWORD)
        self.assertEqual(self.review.state, "in_review")
        self.review.with_user(self.manager_user).with_company(self.company)._quality_sign("approved", PASSWORD)
        self.assertEqual(self.review.state, "done")
        with self.assertRaisesRegex(UserError, "frozen"):
            self.review.action_gather_inputs()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.review.unlink()

    @verifies("QA-007")
    def test_signed_review_is_kept_for_every_writer(self):
        self.review.action_gather_inputs()
        self.review.with_user(self.manager_user).with_company(self.company)._quality_sign("approved", PASSWORD)
        self.assertEqual(self.review.state, "done")
        writers = (
            ("quality manager", self.review.with_user(self.manager_user).with_company(self.company)),
            ("superuser", self.review.sudo()),
        )
        for who, record in writers:
            with self.subTest(who=who):
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    record.unlink()
                self.assertEqual(
                    str(refused.exception),
                    f"{self.review.display_name}: a signed management review is a quality record, it cannot be "
                    "deleted.",
                )
        self.env.invalidate_all()
        self.assertTrue(self.review.exists())
        self.assertEqual(self.review.state, "done")
        self.assertTrue(self.review.input_ids)
        # Never signed (here cancelled): it may go.
        cancelled = self.review.copy({"title": "Cancelled review"})
        cancelled.with_user(self.manager_user).with_company(self.company).action_cancel()
        cancelled.with_user(self.manager_user).with_company(self.company).unlink()
        self.assertFalse(cancelled.exists())

    @verifies("QD-018")
    def test_minutes_pdf_renders(self):
        self.review.action_gather_inputs()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "quality_audit.report_quality_management_review", self.review.ids
        )[0]
        self.assertIn(b"Test review", html)
