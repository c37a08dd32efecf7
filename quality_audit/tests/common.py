from odoo.tests import TransactionCase, new_test_user

PASSWORD = "Quality-Pass-2026"


class QualityAuditCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        groups = "base.group_user,quality_documents.group_quality_user"
        cls.auditor_user = new_test_user(cls.env, login="qa_auditor", groups=groups, password=PASSWORD)
        cls.other_auditor_user = new_test_user(cls.env, login="qa_auditor2", groups=groups, password=PASSWORD)
        cls.manager_user = new_test_user(
            cls.env,
            login="qa_manager",
            groups="base.group_user,quality_documents.group_quality_manager",
            password=PASSWORD,
        )
        cls.dept_quality = cls.env["hr.department"].create({"name": "QA Audit Quality Dept"})
        cls.dept_production = cls.env["hr.department"].create({"name": "QA Audit Production Dept"})
        cls.auditor_employee = cls.env["hr.employee"].create(
            {"name": "Auditor Employee", "user_id": cls.auditor_user.id, "department_id": cls.dept_quality.id}
        )
        cls.other_auditor_employee = cls.env["hr.employee"].create(
            {
                "name": "Production Auditor Employee",
                "user_id": cls.other_auditor_user.id,
                "department_id": cls.dept_production.id,
            }
        )
        cls._qualify_auditor(cls.auditor_employee)
        cls.unit = cls.env["quality.audit.unit"].create(
            {
                "name": "QA Test Production Process",
                "unit_type": "department",
                "department_id": cls.dept_production.id,
                "risk_level": "high",
            }
        )
        cls.template = cls.env["quality.audit.checklist.template"].create(
            {
                "name": "QA Test checklist",
                "standard": "ISO 13485:2016",
                "question_ids": [
                    (0, 0, {"sequence": 1, "name": "Are work instructions available?", "clause": "7.5.1"}),
                    (0, 0, {"sequence": 2, "name": "Are records of training kept?", "clause": "6.2"}),
                ],
            }
        )

    @classmethod
    def _qualify_auditor(cls, employee):
        """Give ``employee`` a valid (done) training flagged as auditor qualification."""
        course = cls.env["quality.training.course"].create({"name": f"Internal auditor course ({employee.name})"})
        requirement = cls.env["quality.training.requirement"].create(
            {
                "name": "Internal auditor qualification",
                "requirement_type": "course",
                "course_id": course.id,
                "employee_ids": [(6, 0, employee.ids)],
                "is_auditor_qualification": True,
                "validity_months": 36,
                "company_id": employee.company_id.id,
            }
        )
        assignment = cls.env["quality.training.assignment"].search(
            [("requirement_id", "=", requirement.id), ("employee_id", "=", employee.id)]
        )
        assignment._mark_done()
        return assignment

    @classmethod
    def _create_audit(cls, **vals):
        values = {
            "unit_id": cls.unit.id,
            "audit_type": "internal",
            "lead_auditor_id": cls.auditor_user.id,
            "planned_date": "2026-01-15",
        }
        values.update(vals)
        return cls.env["quality.audit"].create(values)
