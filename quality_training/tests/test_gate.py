from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestWorkorderGate(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls._make_document(operation_ids=[(6, 0, cls.operation.ids)])
        cls.requirement = cls._make_requirement(cls.document, job_ids=[(6, 0, cls.job.ids)], days_to_complete=7)
        cls.revision = cls._make_effective(cls.document)

    def _acknowledge(self):
        assignment = self._assignments(self.requirement).filtered(lambda a: a.employee_id == self.operator)
        assignment.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        return assignment

    @verifies("QT-001")
    def test_gate_refuses_untrained_operator_with_message(self):
        workorder = self._make_workorder()
        due = str(self.today + self._days(7))
        with self.assertRaisesRegex(
            UserError, rf"QT Operator is not trained(.|\n)*{self.document.name}(.|\n)*due {due}"
        ):
            workorder.with_user(self.operator_user).button_start()
        self.assertNotEqual(workorder.state, "progress")

    @verifies("QT-001")
    def test_gate_cannot_be_skipped_by_a_context_key(self):
        workorder = self._make_workorder()
        sneaky = workorder.with_user(self.operator_user).with_context(
            quality_training_gate_checked=True, quality_training_gate_skip=True
        )
        with self.assertRaisesRegex(UserError, "QT Operator is not trained"):
            sneaky.button_start()
        with self.assertRaisesRegex(UserError, "QT Operator is not trained"):
            sneaky.write({"state": "progress"})
        self.assertNotEqual(workorder.state, "progress")

    @verifies("QT-003", "QD-015")
    def test_override_cannot_be_signed_by_writing_its_state(self):
        workorder = self._make_workorder()
        Override = self.env["quality.training.override"].with_user(self.manager)
        with self.assertRaisesRegex(UserError, "signed only through its electronic signature"):
            Override.create({"workorder_id": workorder.id, "employee_id": self.operator.id, "state": "signed"})
        override = Override.create({"workorder_id": workorder.id, "employee_id": self.operator.id, "reason": "x"})
        with self.assertRaisesRegex(UserError, "signed only through its electronic signature"):
            override.write({"state": "signed"})
        with self.assertRaisesRegex(UserError, "QT Operator is not trained"):
            workorder.with_user(self.operator_user).button_start()

    @verifies("QT-002")
    def test_gate_passes_after_acknowledgement(self):
        workorder = self._make_workorder()
        self._acknowledge()
        workorder.with_user(self.operator_user).button_start()
        self.assertEqual(workorder.state, "progress")

    @verifies("QT-002")
    def test_training_on_old_revision_refused(self):
        self._acknowledge()
        self._make_effective(self.document)
        workorder = self._make_workorder()
        with self.assertRaisesRegex(UserError, "rev B"):
            workorder.with_user(self.operator_user).button_start()

    @verifies("QT-001")
    def test_other_start_paths_are_gated(self):
        workorder = self._make_workorder()
        with self.assertRaisesRegex(UserError, "not trained"):
            workorder.with_user(self.operator_user).button_finish()
        with self.assertRaisesRegex(UserError, "not trained"):
            workorder.with_user(self.operator_user).write({"state": "progress"})

    @verifies("QT-001")
    def test_user_without_employee_refused(self):
        workorder = self._make_workorder()
        with self.assertRaisesRegex(UserError, "has no employee record"):
            workorder.with_user(self.manager).button_start()

    @verifies("QT-009")
    def test_gate_off_for_company(self):
        self.env.company.quality_training_gate = False
        workorder = self._make_workorder()
        workorder.with_user(self.operator_user).button_start()
        self.assertEqual(workorder.state, "progress")

    @verifies("QT-002")
    def test_work_center_and_product_requirements_apply(self):
        course = self.env["quality.training.course"].create({"name": "QT ESD basics"})
        self._make_requirement(
            requirement_type="course", course_id=course.id, workcenter_ids=[(6, 0, self.workcenter.ids)]
        )
        product_doc = self._make_document(
            "QT Catheter spec", product_tmpl_ids=[(6, 0, self.product.product_tmpl_id.ids)]
        )
        self._make_effective(product_doc)
        self._make_requirement(product_doc)
        self._acknowledge()
        workorder = self._make_workorder()
        with self.assertRaisesRegex(UserError, r"QT ESD basics – not assigned yet(.|\n)*QT Catheter spec"):
            workorder.with_user(self.operator_user).button_start()

    @verifies("QT-002")
    def test_product_category_procedure_and_expired_training_refused(self):
        # A procedure governing the parent category of the product applies to its work orders.
        parent = self.env["product.category"].create({"name": "QT Disposables"})
        self.product.categ_id = self.env["product.category"].create({"name": "QT Catheters", "parent_id": parent.id})
        category_doc = self._make_document("QT Cleanroom gowning", product_categ_ids=[(6, 0, parent.ids)])
        self._make_effective(category_doc)
        category_req = self._make_requirement(category_doc, employee_ids=[(6, 0, self.operator.ids)])
        self._acknowledge()
        workorder = self._make_workorder()
        with self.assertRaisesRegex(UserError, "QT Cleanroom gowning"):
            workorder.with_user(self.operator_user).button_start()
        # Acknowledged: the work order starts.
        gowning = self._assignments(category_req).filtered(lambda a: a.employee_id == self.operator)
        gowning.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        workorder.with_user(self.operator_user).button_start()
        self.assertEqual(workorder.state, "progress")
        # The acknowledgement lapses: the next work order is refused again.
        gowning.sudo()._quality_workflow_write({"expiry_date": quality_today(self.env["res.users"]) - self._days(1)})
        with self.assertRaisesRegex(UserError, "QT Cleanroom gowning"):
            self._make_workorder().with_user(self.operator_user).button_start()

    @verifies("QT-003")
    def test_override_lets_one_operator_start_one_workorder_and_is_logged(self):
        workorder = self._make_workorder()
        override = self.env["quality.training.override"].create(
            {"workorder_id": workorder.id, "employee_id": self.operator.id}
        )
        with self.assertRaisesRegex(UserError, "reserved for"):
            override.with_user(self.approver)._quality_sign("override", "qt_approver_pw", "Line down")
        with self.assertRaisesRegex(UserError, "needs a reason"), self.cr.savepoint():
            override.with_user(self.manager)._quality_sign("override", "qt_manager_pw")
        override.with_user(self.manager)._quality_sign("override", "qt_manager_pw", "Trainer on site supervising")
        self.assertEqual(override.state, "signed")
        self.assertEqual(override.reason, "Trainer on site supervising")
        self.assertIn(self.document.name, override.missing_training)
        workorder.with_user(self.operator_user).button_start()
        self.assertEqual(workorder.state, "progress")
        self.assertTrue(
            workorder.production_id.message_ids.filtered(lambda m: "Training gate override signed" in str(m.body))
        )
        other = self._make_workorder()
        with self.assertRaisesRegex(UserError, "not trained"):
            other.with_user(self.operator_user).button_start()

    def _add_acknowledged_requirement(self, title):
        doc = self._make_document(title, workcenter_ids=[(6, 0, self.workcenter.ids)])
        self._make_effective(doc)
        req = self._make_requirement(doc, job_ids=[(6, 0, self.job.ids)])
        self._assignments(req).filtered(lambda a: a.employee_id == self.operator).with_user(
            self.operator_user
        )._quality_sign("acknowledged", "qt_operator_pw")

    @verifies("QT-009")
    def test_gate_query_count_is_constant(self):
        workorder = self._make_workorder()
        self._acknowledge()
        self._add_acknowledged_requirement("QT extra 0")
        gate = workorder.with_user(self.operator_user)

        def count():
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            gate._quality_training_gate()
            return self.cr.sql_log_count - start

        count()  # warm the caches (access rights, rules) that do not depend on the data
        few = count()
        for index in range(1, 6):
            self._add_acknowledged_requirement(f"QT extra {index}")
        many = count()
        self.assertEqual(few, many, "The gate's query count must not depend on the number of requirements.")
