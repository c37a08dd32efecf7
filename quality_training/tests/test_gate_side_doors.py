"""Every path to a work order in progress or done passes the training gate, for every role that can reach it.

Each test is one side door: for each role it asserts the refusal message and that nothing changed.
"""

from odoo import fields
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TrainingCase

NOT_TRAINED = r"is not trained on the current revision(.|\n)*QT Bonding procedure"
MRP = "mrp.group_mrp_user"
# The roles that can reach a work order and the groups of their test users (each has an employee).
ROLES = {
    "employee": "base.group_user",
    "mrp_user": f"base.group_user,{MRP}",
    "quality_user": f"base.group_user,quality_documents.group_quality_user,{MRP}",
    "quality_manager": f"base.group_user,quality_documents.group_quality_manager,{MRP}",
}


@verifies("QT-001", "QT-011")
@tagged("post_install", "-at_install")
class TestGateSideDoors(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls._make_document(operation_ids=[(6, 0, cls.operation.ids)])
        cls.requirement = cls._make_requirement(cls.document, job_ids=[(6, 0, cls.job.ids)], days_to_complete=7)
        cls.revision = cls._make_effective(cls.document)
        cls.role_users = {}
        for role, groups in ROLES.items():
            user = new_test_user(cls.env, login=f"qt_door_{role}", groups=groups, password=f"qt_door_{role}_pw")
            cls.env["hr.employee"].create({"name": f"QT Door {role}", "user_id": user.id, "job_id": cls.job.id})
            cls.role_users[role] = user
        # A product whose manufacturing order has no work order, governed by a product procedure.
        cls.plain_product = cls.env["product.product"].create({"name": "QT Stent", "is_storable": True})
        cls.plain_bom = cls.env["mrp.bom"].create({"product_tmpl_id": cls.plain_product.product_tmpl_id.id})
        cls.product_document = cls._make_document(
            "QT Stent crimping", product_tmpl_ids=[(6, 0, cls.plain_product.product_tmpl_id.ids)]
        )
        cls._make_effective(cls.product_document)
        cls.product_requirement = cls._make_requirement(cls.product_document, job_ids=[(6, 0, cls.job.ids)])

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _snapshot(self, workorder):
        workorder.invalidate_recordset()
        workorder.production_id.invalidate_recordset()
        return (workorder.state, len(workorder.time_ids), workorder.production_id.state)

    def _assert_refused_for_every_role(self, door, make=None):
        """Call ``door(record as role)`` for every role on a fresh record; assert the refusal and no change."""
        make = make or self._make_workorder
        for role, user in self.role_users.items():
            with self.subTest(role=role):
                record = make()
                before = self._snapshot(record)
                # The savepoint stands for the request's transaction, rolled back with the refusal.
                with self.assertRaises(UserError) as caught, self.cr.savepoint():
                    door(record.with_user(user))
                if role == "employee":  # no access to work orders: refused by the gate or by the access rights
                    self.assertRegex(str(caught.exception), f"{NOT_TRAINED}|You are not allowed")
                else:
                    self.assertNotIsInstance(caught.exception, AccessError)
                    self.assertRegex(str(caught.exception), NOT_TRAINED)
                self.assertEqual(self._snapshot(record), before, f"{role}: the record changed")

    def _make_plain_production(self):
        production = self.env["mrp.production"].create(
            {"product_id": self.plain_product.id, "bom_id": self.plain_bom.id, "product_qty": 1}
        )
        production.action_confirm()
        production.qty_producing = 1
        return production

    def _acknowledge(self, requirement, user):
        assignment = self._assignments(requirement).filtered(lambda a: a.employee_id.user_id == user)
        assignment.with_user(user)._quality_sign("acknowledged", f"{user.login}_pw")

    # ------------------------------------------------------------------
    # Work order side doors
    # ------------------------------------------------------------------
    def test_button_start_refused_for_every_role(self):
        self._assert_refused_for_every_role(lambda wo: wo.button_start())

    def test_button_finish_refused_for_every_role(self):
        self._assert_refused_for_every_role(lambda wo: wo.button_finish())

    def test_button_done_refused_for_every_role(self):
        self._assert_refused_for_every_role(lambda wo: wo.button_done())

    def test_action_mark_as_done_refused_for_every_role(self):
        self._assert_refused_for_every_role(lambda wo: wo.action_mark_as_done())

    def test_reopening_a_finished_work_order_is_not_gated_but_finishing_it_again_is(self):
        self._acknowledge(self.requirement, self.operator_user)
        workorder = self._make_workorder()
        workorder.with_user(self.operator_user).button_finish()
        untrained = self.role_users["mrp_user"]
        workorder.with_user(untrained).write({"state": "progress"})  # quantity raised: no work done
        self.assertEqual(workorder.state, "progress")
        with self.assertRaisesRegex(UserError, NOT_TRAINED), self.cr.savepoint():
            workorder.with_user(untrained).button_finish()
        self.assertEqual(workorder.state, "progress")

    def test_state_write_progress_refused_for_every_role(self):
        self._assert_refused_for_every_role(lambda wo: wo.write({"state": "progress"}))

    def test_state_write_done_refused_for_every_role(self):
        self._assert_refused_for_every_role(lambda wo: wo.write({"state": "done"}))

    def test_finishing_a_work_order_started_by_a_trained_operator_is_gated(self):
        self._acknowledge(self.requirement, self.operator_user)

        def started():
            workorder = self._make_workorder()
            workorder.with_user(self.operator_user).button_start()
            self.assertEqual(workorder.state, "progress")
            return workorder

        self._assert_refused_for_every_role(lambda wo: wo.button_finish(), make=started)

    def test_duration_typed_in_refused_for_every_role(self):
        self._assert_refused_for_every_role(lambda wo: wo.write({"duration": 30.0}))

    def test_time_log_created_directly_refused_for_every_role(self):
        loss = self.env["mrp.workcenter.productivity.loss"].search([("loss_type", "=", "productive")], limit=1)

        def log(wo):
            wo.env["mrp.workcenter.productivity"].create(
                {
                    "workorder_id": wo.id,
                    "workcenter_id": wo.workcenter_id.id,
                    "loss_id": loss.id,
                    "date_start": fields.Datetime.now(),
                }
            )

        self._assert_refused_for_every_role(log)

    def test_time_log_for_an_untrained_operator_refused_to_a_trained_user(self):
        self._acknowledge(self.requirement, self.operator_user)
        untrained = self.role_users["mrp_user"]
        workorder = self._make_workorder()
        loss = self.env["mrp.workcenter.productivity.loss"].search([("loss_type", "=", "productive")], limit=1)
        with self.assertRaisesRegex(UserError, "QT Door mrp_user is not trained"):
            self.env["mrp.workcenter.productivity"].with_user(self.operator_user).create(
                {
                    "workorder_id": workorder.id,
                    "workcenter_id": workorder.workcenter_id.id,
                    "loss_id": loss.id,
                    "user_id": untrained.id,
                }
            )
        self.assertFalse(workorder.time_ids)

    def test_work_order_created_in_progress_refused_for_every_role(self):
        def create_in_progress(production):
            production.env["mrp.workorder"].create(
                {
                    "name": "QT extra bonding",
                    "production_id": production.id,
                    "workcenter_id": self.workcenter.id,
                    "operation_id": self.operation.id,
                    "product_uom_id": self.product.uom_id.id,
                    "state": "progress",
                }
            )

        for role, user in self.role_users.items():
            with self.subTest(role=role):
                production = self._make_workorder().production_id
                count = len(production.workorder_ids)
                with self.assertRaises(UserError) as caught, self.cr.savepoint():
                    create_in_progress(production.with_user(user))
                if role == "employee":
                    self.assertRegex(str(caught.exception), f"{NOT_TRAINED}|You are not allowed")
                else:
                    self.assertNotIsInstance(caught.exception, AccessError)
                    self.assertRegex(str(caught.exception), NOT_TRAINED)
                production.invalidate_recordset()
                self.assertEqual(len(production.workorder_ids), count)

    def test_production_mark_done_finishing_work_orders_refused_for_every_role(self):
        self._assert_refused_for_every_role(lambda wo: wo.production_id.button_mark_done())

    # ------------------------------------------------------------------
    # Manufacturing order without work orders
    # ------------------------------------------------------------------
    def _assert_production_refused_for_every_role(self, door):
        for role, user in self.role_users.items():
            with self.subTest(role=role):
                production = self._make_plain_production()
                self.assertFalse(production.workorder_ids)
                before = production.state
                with self.assertRaises(UserError) as caught, self.cr.savepoint():
                    door(production.with_user(user))
                pattern = r"is not trained(.|\n)*QT Stent crimping"
                if role == "employee":
                    self.assertRegex(str(caught.exception), f"{pattern}|You are not allowed")
                else:
                    self.assertNotIsInstance(caught.exception, AccessError)
                    self.assertRegex(str(caught.exception), pattern)
                production.invalidate_recordset()
                self.assertEqual(production.state, before, f"{role}: the order changed")

    def test_production_without_work_orders_mark_done_refused_for_every_role(self):
        self._assert_production_refused_for_every_role(lambda mo: mo.button_mark_done())

    def test_production_without_work_orders_state_write_refused_for_every_role(self):
        self._assert_production_refused_for_every_role(lambda mo: mo.write({"state": "done"}))

    def test_production_whose_work_orders_are_cancelled_mark_done_refused(self):
        workorder = self._make_workorder()
        production = workorder.production_id
        workorder.action_cancel()
        production.qty_producing = 1
        with self.assertRaisesRegex(UserError, NOT_TRAINED), self.cr.savepoint():
            production.with_user(self.role_users["mrp_user"]).button_mark_done()
        production.invalidate_recordset()
        self.assertNotEqual(production.state, "done")

    def test_production_without_work_orders_done_by_trained_user(self):
        user = self.role_users["mrp_user"]
        self._acknowledge(self.product_requirement, user)
        production = self._make_plain_production()
        production.with_user(user).button_mark_done()
        self.assertEqual(production.state, "done")

    def test_production_without_work_orders_override_lets_it_be_marked_done(self):
        user = self.role_users["mrp_user"]
        production = self._make_plain_production()
        override = self.env["quality.training.override"].create(
            {"production_id": production.id, "employee_id": user.employee_id.id}
        )
        override.with_user(self.manager)._quality_sign("override", "qt_manager_pw", "Supervised by the trainer")
        self.assertIn("QT Stent crimping", override.missing_training)
        production.with_user(user).button_mark_done()
        self.assertEqual(production.state, "done")

    def test_production_override_action_opens_an_override_for_the_order(self):
        production = self._make_plain_production()
        action = production.with_user(self.manager).action_quality_training_override()
        self.assertEqual(action["res_model"], "quality.training.override")
        self.assertEqual(action["context"]["default_production_id"], production.id)
        with self.assertRaisesRegex(UserError, "has work orders: the training override is for one of them"):
            self.env["quality.training.override"].create(
                {"production_id": self._make_workorder().production_id.id, "employee_id": self.operator.id}
            )

    def test_production_gate_query_count_is_constant(self):
        user = self.role_users["mrp_user"]
        self._acknowledge(self.product_requirement, user)
        production = self._make_plain_production()
        gate = production.with_user(user)

        def count():
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            gate._quality_training_gate()
            return self.cr.sql_log_count - start

        count()
        few = count()
        for index in range(5):
            document = self._make_document(
                f"QT Stent extra {index}", product_tmpl_ids=[(6, 0, self.plain_product.product_tmpl_id.ids)]
            )
            self._make_effective(document)
            self._acknowledge(self._make_requirement(document, job_ids=[(6, 0, self.job.ids)]), user)
        self.assertEqual(count(), few, "The gate's query count must not depend on the number of requirements.")

    # ------------------------------------------------------------------
    # The trained operator passes every door
    # ------------------------------------------------------------------
    def test_trained_operator_starts_finishes_and_marks_done(self):
        self._acknowledge(self.requirement, self.operator_user)
        workorder = self._make_workorder()
        workorder.with_user(self.operator_user).button_start()
        self.assertEqual(workorder.state, "progress")
        workorder.with_user(self.operator_user).button_finish()
        self.assertEqual(workorder.state, "done")


@verifies("QT-003", "QT-010")
@tagged("post_install", "-at_install")
class TestGateOverrideAndEvidence(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls._make_document(operation_ids=[(6, 0, cls.operation.ids)])
        cls.requirement = cls._make_requirement(cls.document, job_ids=[(6, 0, cls.job.ids)], days_to_complete=7)
        cls._make_effective(cls.document)

    def _signed_override(self, workorder):
        override = self.env["quality.training.override"].create(
            {"workorder_id": workorder.id, "employee_id": self.operator.id}
        )
        override.with_user(self.manager)._quality_sign("override", "qt_manager_pw", "Trainer on site")
        return override

    def test_override_does_not_cover_a_revision_effective_after_signing(self):
        workorder = self._make_workorder()
        override = self._signed_override(workorder)
        self._make_effective(self.document)  # rev B: not what the manager waived
        with self.assertRaisesRegex(UserError, r"does not cover(.|\n)*rev B"):
            workorder.with_user(self.operator_user).button_start()
        self.assertNotEqual(workorder.state, "progress")
        self.assertEqual(override.state, "signed")

    def test_signed_override_cannot_be_changed(self):
        override = self._signed_override(self._make_workorder())
        other = self._make_workorder()
        with self.assertRaisesRegex(UserError, "A signed override cannot be changed"):
            override.with_user(self.manager).write({"workorder_id": other.id})
        self.assertNotEqual(override.workorder_id, other)
        draft = self.env["quality.training.override"].create(
            {"workorder_id": other.id, "employee_id": self.operator.id}
        )
        with self.assertRaisesRegex(UserError, "signed only through its electronic signature"):
            draft.with_user(self.manager).write({"covered_training_keys": f"{self.requirement.id}:0"})
        self.assertFalse(draft.covered_training_keys)

    def test_production_deletion_refused_when_a_signed_override_refers_to_it(self):
        workorder = self._make_workorder()
        production = workorder.production_id
        override = self._signed_override(workorder)
        production.with_user(self.manager).action_cancel()
        self.assertEqual(production.state, "cancel")
        with self.assertRaisesRegex(UserError, "a signed training override .* refers to it"):
            production.with_user(self.manager).unlink()
        self.assertTrue(production.exists())
        self.assertTrue(workorder.exists())
        self.assertEqual(override.workorder_id, workorder)
        self.assertEqual(override.production_id, production)

    def test_work_order_deletion_refused_when_a_signed_override_refers_to_it(self):
        workorder = self._make_workorder()
        override = self._signed_override(workorder)
        with self.assertRaisesRegex(UserError, "a signed training override .* refers to it"):
            workorder.with_user(self.manager).unlink()
        self.assertTrue(workorder.exists())
        self.assertEqual(override.workorder_id, workorder)

    def test_production_with_draft_override_can_be_deleted(self):
        workorder = self._make_workorder()
        production = workorder.production_id
        draft = self.env["quality.training.override"].create(
            {"workorder_id": workorder.id, "employee_id": self.operator.id}
        )
        production.action_cancel()
        production.unlink()
        self.assertFalse(production.exists())
        self.assertFalse(draft.exists())

    def test_signed_override_cannot_be_deleted(self):
        override = self._signed_override(self._make_workorder())
        with self.assertRaisesRegex(
            UserError, "a signed training gate override is a quality record, it cannot be deleted"
        ):
            override.with_user(self.manager).unlink()
        self.assertTrue(override.exists())

    def test_employee_with_training_history_cannot_be_deleted(self):
        assignment = self._assignments(self.requirement).filtered(lambda a: a.employee_id == self.operator)
        assignment.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        with self.assertRaisesRegex(UserError, "QT Operator cannot be deleted: they have a training history.*Archive"):
            self.operator.unlink()
        self.assertTrue(self.operator.exists())
        self.assertEqual(assignment.state, "done")
        self.assertEqual(assignment.employee_id, self.operator)

    def test_employee_with_override_cannot_be_deleted(self):
        self._signed_override(self._make_workorder())
        with self.assertRaisesRegex(UserError, "cannot be deleted: they have a training history"):
            self.operator.unlink()
        self.assertTrue(self.operator.exists())

    def test_employee_with_only_open_training_can_be_deleted(self):
        newcomer = self.env["hr.employee"].create({"name": "QT Newcomer", "job_id": self.job.id})
        open_assignments = self._assignments(self.requirement).filtered(lambda a: a.employee_id == newcomer)
        self.assertTrue(open_assignments)
        newcomer.unlink()
        self.assertFalse(newcomer.exists())
        self.assertFalse(open_assignments.exists())

    def test_assignment_links_restrict_deletion(self):
        Assignment = self.env["quality.training.assignment"]
        self.assertEqual(Assignment._fields["employee_id"].ondelete, "restrict")
        self.assertEqual(Assignment._fields["requirement_id"].ondelete, "restrict")
        Override = self.env["quality.training.override"]
        for name in ("workorder_id", "production_id", "employee_id"):
            self.assertEqual(Override._fields[name].ondelete, "restrict", name)


@verifies("QT-013", "QD-028")
@tagged("post_install", "-at_install")
class TestGateOptIn(TrainingCase):
    def test_gate_blocks_nothing_without_requirements(self):
        # A company as a fresh install leaves it (no demo): the gate is on, no requirement is linked to its
        # operations, work centers or products; a user without any employee record works as before.
        company = self.env["res.company"].create({"name": "QT Fresh company"})
        self.assertTrue(company.quality_training_gate)
        self.assertEqual(company.quality_training_gate_mode, "enforce")
        self.assertFalse(self.env["quality.training.requirement"].search_count([("company_id", "=", company.id)]))
        worker = new_test_user(
            self.env, login="qt_fresh", groups=f"base.group_user,{MRP}", company_id=company.id, company_ids=company.ids
        )
        self.assertFalse(worker.employee_ids)
        env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        workcenter = env["mrp.workcenter"].create({"name": "QT Fresh cell", "company_id": company.id})
        product = env["product.product"].create({"name": "QT Fresh device", "company_id": company.id})
        bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "company_id": company.id,
                "operation_ids": [(0, 0, {"name": "QT Fresh op", "workcenter_id": workcenter.id})],
            }
        )
        production = env["mrp.production"].create(
            {"product_id": product.id, "bom_id": bom.id, "product_qty": 1, "company_id": company.id}
        )
        production.action_confirm()
        workorder = production.workorder_ids
        workorder.with_user(worker).button_start()
        self.assertEqual(workorder.state, "progress")
        production.with_user(worker).button_mark_done()
        self.assertEqual(workorder.state, "done")
        self.assertEqual(production.state, "done")

    def test_warn_only_mode_lets_the_work_order_start_and_posts_a_warning_and_activity(self):
        document = self._make_document(operation_ids=[(6, 0, self.operation.ids)])
        self._make_requirement(document, job_ids=[(6, 0, self.job.ids)])
        self._make_effective(document)
        self.env.company.quality_training_gate_mode = "warn"
        workorder = self._make_workorder()
        production = workorder.production_id
        production.user_id = self.manager
        workorder.with_user(self.operator_user).button_start()
        self.assertEqual(workorder.state, "progress")
        warning = production.message_ids.filtered(lambda m: "Training gate (warn only)" in str(m.body))
        self.assertTrue(warning)
        self.assertIn("QT Operator is not trained", str(warning[0].body))
        activity = production.activity_ids.filtered(lambda a: a.summary == "Training gate: operator not trained")
        self.assertEqual(activity.user_id, self.manager)

    def test_rollout_lists_open_work_orders_whose_operator_lacks_training(self):
        workorder = self._make_workorder()
        workorder.with_user(self.operator_user).button_start()  # no requirement yet: started
        untouched = self._make_workorder()
        document = self._make_document(operation_ids=[(6, 0, self.operation.ids)])
        self._make_requirement(document, job_ids=[(6, 0, self.job.ids)])
        self._make_effective(document)
        rows = self.env["mrp.workorder"]._quality_training_rollout()
        by_wo = {(wo, employee): lines for wo, employee, lines in rows}
        self.assertIn((workorder, self.operator), by_wo)
        self.assertIn("QT Bonding procedure", by_wo[(workorder, self.operator)][0])
        self.assertIn((untouched, False), by_wo)
        action = self.env["mrp.workorder"].action_quality_training_rollout()
        listed = self.env["mrp.workorder"].search(action["domain"])
        self.assertEqual(listed & (workorder | untouched), workorder | untouched)
        self.assertRegex(workorder.quality_training_rollout_note, r"^QT Operator: .*QT Bonding procedure")

    def test_validity_is_judged_on_the_company_calendar(self):
        # UTC+14: the company's today is ahead of UTC's most of the day; a training valid until the company's
        # today still counts, one that expired the day before does not, whatever the user's time zone.
        self.env.company.resource_calendar_id.tz = "Pacific/Kiritimati"
        self.operator_user.tz = "Pacific/Pago_Pago"
        document = self._make_document(operation_ids=[(6, 0, self.operation.ids)])
        requirement = self._make_requirement(document, job_ids=[(6, 0, self.job.ids)], validity_months=12)
        self._make_effective(document)
        assignment = self._assignments(requirement).filtered(lambda a: a.employee_id == self.operator)
        assignment.with_user(self.operator_user)._quality_sign("acknowledged", "qt_operator_pw")
        from odoo.addons.quality_documents.models.quality_date import quality_today

        company_today = quality_today(self.env["res.users"])
        assignment.sudo()._quality_workflow_write({"expiry_date": company_today})
        workorder = self._make_workorder()
        workorder.with_user(self.operator_user).button_start()
        self.assertEqual(workorder.state, "progress")
        assignment.sudo()._quality_workflow_write({"expiry_date": company_today - self._days(1)})
        other = self._make_workorder()
        with self.assertRaisesRegex(UserError, "QT Operator is not trained"):
            other.with_user(self.operator_user).button_start()
        self.assertNotEqual(other.state, "progress")
