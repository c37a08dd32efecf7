"""Every path by which a manufacturing order reaches ``done``, one test each, shared by the gates that guard it.

Its state is computed from its moves: whatever makes those moves done (``stock.move._action_done``, a write of
their state, ``_post_inventory``, the backorder and consumption wizards) makes the order done, and each gate
(final inspection here, training in quality_training) must hold there. Mixed into a ``TransactionCase`` that
provides ``role_users`` ({role: user}), ``refused`` (the regex of its refusal) and ``path_bom`` (a BoM without
operations whose ``product_id`` is set, its components in stock).
"""

from odoo import Command
from odoo.exceptions import AccessError, UserError

MRP = "mrp.group_mrp_user"
# The roles that can reach a manufacturing order's moves and wizards.
PATH_ROLES = {
    "mrp_user": f"base.group_user,{MRP}",
    "quality_user": f"base.group_user,quality_documents.group_quality_user,{MRP}",
    "quality_manager": f"base.group_user,quality_documents.group_quality_manager,{MRP}",
}


def production_snapshot(production):
    """What a refused path must leave unchanged: the order's state and quantities, its moves, its backorders."""
    production.env.invalidate_all()
    moves = production.move_raw_ids | production.move_finished_ids
    return (
        production.state,
        production.qty_producing,
        production.qty_produced,
        [(move.id, move.state, move.quantity, move.product_uom_qty) for move in moves.sorted("id")],
        production.procurement_group_id.mrp_production_ids.ids,
    )


def complete_through_moves(production):
    """Complete ``production`` the way stock code does, then end the request (pending computations run)."""
    production._post_inventory(cancel_backorder=True)
    production.env.flush_all()


class ProductionDonePaths:
    """The paths (plain Python mixin: not collected on its own)."""

    refused = None

    def _path_production(self, qty=1, producing=1):
        """A confirmed order of ``path_bom`` (no work orders), its components reserved and picked."""
        production = self.env["mrp.production"].create(
            {"product_id": self.path_bom.product_id.id, "bom_id": self.path_bom.id, "product_qty": qty}
        )
        production.action_confirm()
        production.action_assign()
        production.qty_producing = producing
        production.move_raw_ids.quantity = producing
        production.move_raw_ids.picked = True
        return production

    def _assert_refused_for_every_role(self, door, qty=1, producing=1):
        """``door(order as role)`` then the request's end (flush) is refused for every role; nothing changed."""
        for role, user in self.role_users.items():
            with self.subTest(role=role):
                production = self._path_production(qty, producing)
                self.assertFalse(production.workorder_ids)
                self.assertNotEqual(production.state, "done")
                before = production_snapshot(production)
                # The savepoint stands for the request's transaction, rolled back with the refusal.
                with self.assertRaises(UserError) as caught, self.cr.savepoint():
                    as_user = production.with_user(user)
                    door(as_user)
                    as_user.env.flush_all()  # the end of the user's request: pending computations run
                self.assertNotIsInstance(caught.exception, AccessError)
                self.assertRegex(str(caught.exception), self.refused)
                self.assertEqual(production_snapshot(production), before, f"{role}: the order changed")

    @staticmethod
    def _backorder_wizard(production, to_backorder):
        return production.env["mrp.production.backorder"].create(
            {
                "mrp_production_ids": [Command.set(production.ids)],
                "mrp_production_backorder_line_ids": [
                    Command.create({"mrp_production_id": production.id, "to_backorder": to_backorder})
                ],
            }
        )

    def test_stock_move_action_done_refused_for_every_role(self):
        def door(production):
            production.move_finished_ids.quantity = production.qty_producing
            moves = production.move_raw_ids | production.move_finished_ids
            moves.picked = True
            moves._action_done()

        self._assert_refused_for_every_role(door)

    def test_stock_move_state_write_refused_for_every_role(self):
        self._assert_refused_for_every_role(
            lambda mo: (mo.move_raw_ids | mo.move_finished_ids).write({"state": "done"})
        )

    def test_post_inventory_refused_for_every_role(self):
        self._assert_refused_for_every_role(lambda mo: mo._post_inventory(cancel_backorder=True))

    def test_mark_done_sanity_checks_then_post_inventory_refused_for_every_role(self):
        def door(production):
            production._button_mark_done_sanity_checks()
            production._post_inventory(cancel_backorder=False)

        self._assert_refused_for_every_role(door)

    def test_backorder_wizard_backorder_refused_for_every_role(self):
        self._assert_refused_for_every_role(
            lambda mo: self._backorder_wizard(mo, True).action_backorder(), qty=2, producing=1
        )

    def test_backorder_wizard_close_refused_for_every_role(self):
        self._assert_refused_for_every_role(
            lambda mo: self._backorder_wizard(mo, False).action_close_mo(), qty=2, producing=1
        )

    def test_consumption_warning_wizard_refused_for_every_role(self):
        def door(production):
            wizard = production.env["mrp.consumption.warning"].create(
                {"mrp_production_ids": [Command.set(production.ids)]}
            )
            wizard.action_confirm()

        self._assert_refused_for_every_role(door)
