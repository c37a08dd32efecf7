"""A manufacturing order without work orders reaches ``done`` through the training gate by every path
(quality_documents' production_paths), not only ``button_mark_done``: for every role, the refusal message and
the order unchanged."""

from odoo import Command
from odoo.addons.quality_documents.tests.production_paths import (
    PATH_ROLES,
    ProductionDonePaths,
    complete_through_moves,
)
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import new_test_user, tagged

from .common import TrainingCase


@verifies("QT-001", "QT-011")
@tagged("post_install", "-at_install")
class TestProductionDonePaths(ProductionDonePaths, TrainingCase):
    refused = r"is not trained on the current revision(.|\n)*QT Stent crimping"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.quality_training_gate = True
        cls.role_users = {}
        for role, groups in PATH_ROLES.items():
            user = new_test_user(cls.env, login=f"qt_path_{role}", groups=groups, password=f"qt_path_{role}_pw")
            cls.env["hr.employee"].create({"name": f"QT Path {role}", "user_id": user.id, "job_id": cls.job.id})
            cls.role_users[role] = user
        # A stent made from a tube without work orders, governed by a product procedure.
        cls.stent = cls.env["product.product"].create({"name": "QT Stent", "is_storable": True})
        cls.path_bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.stent.product_tmpl_id.id,
                "product_id": cls.stent.id,
                "product_qty": 1,
                "consumption": "flexible",
                "bom_line_ids": [Command.create({"product_id": cls.component.id, "product_qty": 1})],
            }
        )
        cls.stent_document = cls._make_document(
            "QT Stent crimping", product_tmpl_ids=[(6, 0, cls.stent.product_tmpl_id.ids)]
        )
        cls._make_effective(cls.stent_document)
        cls.stent_requirement = cls._make_requirement(cls.stent_document, job_ids=[(6, 0, cls.job.ids)])
        stock = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1).lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(cls.component, stock, 100)

    def test_trained_user_completes_the_order_through_its_moves(self):
        user = self.role_users["mrp_user"]
        assignment = self._assignments(self.stent_requirement).filtered(lambda a: a.employee_id.user_id == user)
        assignment.with_user(user)._quality_sign("acknowledged", f"{user.login}_pw")
        production = self._path_production()
        complete_through_moves(production.with_user(user))
        self.assertEqual(production.state, "done")
        self.assertEqual(set((production.move_raw_ids | production.move_finished_ids).mapped("state")), {"done"})

    def test_signed_override_lets_the_order_complete_through_its_moves(self):
        user = self.role_users["quality_user"]
        production = self._path_production()
        override = self.env["quality.training.override"].create(
            {"production_id": production.id, "employee_id": user.employee_id.id}
        )
        override.with_user(self.manager)._quality_sign("override", "qt_manager_pw", "Supervised by the trainer")
        complete_through_moves(production.with_user(user))
        self.assertEqual(production.state, "done")

    def test_gate_off_nothing_is_asked_on_the_moves_path(self):
        self.env.company.quality_training_gate = False
        production = self._path_production()
        complete_through_moves(production.with_user(self.role_users["mrp_user"]))
        self.assertEqual(production.state, "done")

    def test_warn_only_company_completes_through_its_moves_with_a_warning(self):
        self.env.company.quality_training_gate_mode = "warn"
        production = self._path_production()
        complete_through_moves(production.with_user(self.role_users["mrp_user"]))
        self.assertEqual(production.state, "done")
        warning = production.message_ids.filtered(lambda m: "Training gate (warn only)" in str(m.body))
        self.assertEqual(len(warning), 1)
        self.assertIn("QT Stent crimping", str(warning.body))
        self.assertTrue(production.activity_ids.filtered(lambda a: a.summary == "Training gate: operator not trained"))
