"""The training override signed on a manufacturing order is logged on it by the system: a log note authored by
the signing manager, who may have no right to post on manufacturing orders; nothing else of the order changes."""

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TrainingCase


@verifies("QT-003")
@tagged("post_install", "-at_install")
class TestOverrideLog(TrainingCase):
    def test_override_signed_by_a_manager_without_mrp_rights_is_logged_on_the_order(self):
        document = self._make_document(operation_ids=[(6, 0, self.operation.ids)])
        self._make_requirement(document, job_ids=[(6, 0, self.job.ids)])
        self._make_effective(document)
        workorder = self._make_workorder()
        production = workorder.production_id
        self.manager.groups_id -= self.env.ref("mrp.group_mrp_manager") | self.env.ref("mrp.group_mrp_user")
        with self.assertRaises(AccessError), self.cr.savepoint():
            production.with_user(self.manager).message_post(body="Not my order")
        override = self.env["quality.training.override"].create(
            {"workorder_id": workorder.id, "employee_id": self.operator.id}
        )
        state = production.state
        override.with_user(self.manager)._quality_sign("override", "qt_manager_pw", "Trainer on site supervising")
        log = production.message_ids.filtered(lambda m: "Training gate override signed" in str(m.body))
        self.assertEqual(len(log), 1)
        self.assertEqual(log.author_id, self.manager.partner_id)
        self.assertEqual(log.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(log.partner_ids, "a log note: nobody notified")
        self.assertEqual(production.state, state)
