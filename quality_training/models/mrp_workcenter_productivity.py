from collections import defaultdict

from odoo import api, models

from .mrp_workorder import GATE_CHECKED, GATE_DONE, gate_checked


class MrpWorkcenterProductivity(models.Model):
    _inherit = "mrp.workcenter.productivity"

    @api.model_create_multi
    def create(self, vals_list):
        # A time log on a work order is work done on it: gated before anything is written.
        if not gate_checked(self.env):
            self._quality_training_gate_logs(
                [(vals.get("workorder_id"), vals.get("user_id", self.env.uid)) for vals in vals_list]
            )
        return super().create(vals_list)

    def write(self, vals):
        if {"workorder_id", "user_id"} & set(vals) and not gate_checked(self.env):
            self._quality_training_gate_logs(
                [(vals.get("workorder_id", log.workorder_id.id), vals.get("user_id", log.user_id.id)) for log in self]
            )
        return super().write(vals)

    def _quality_training_gate_logs(self, pairs):
        """The user logging the time and the user it is logged for both pass the training gate of the work
        order the time is logged on (``pairs``: [(work order id, user id)])."""
        workorders_by_user = defaultdict(set)
        for workorder_id, user_id in pairs:
            if workorder_id:
                workorders_by_user[self.env.uid].add(workorder_id)
                if user_id:
                    workorders_by_user[user_id].add(workorder_id)
        Workorder = self.env["mrp.workorder"]
        for user_id, workorder_ids in workorders_by_user.items():
            workorders = Workorder.browse(sorted(workorder_ids)).filtered(lambda wo: wo.state != "cancel")
            workorders._quality_training_gate(user=self.env["res.users"].browse(user_id))

    def _close(self):
        # Closing a timer may split it (productive / reduced speed): no new work, nothing to gate.
        return super(MrpWorkcenterProductivity, self.with_context(**{GATE_DONE: GATE_CHECKED}))._close()
