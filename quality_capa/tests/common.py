from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user


class QualityCapaCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = new_test_user(
            cls.env,
            login="capa_owner",
            groups="base.group_user,quality_documents.group_quality_user",
            password="capa_owner_pw",
        )
        cls.verifier = new_test_user(
            cls.env,
            login="capa_verifier",
            groups="base.group_user,quality_documents.group_quality_user",
            password="capa_verifier_pw",
        )
        cls.qmanager = new_test_user(
            cls.env,
            login="capa_qm",
            groups="base.group_user,quality_documents.group_quality_manager",
            password="capa_qm_pw",
        )
        cls.operator = new_test_user(
            cls.env,
            login="capa_operator",
            groups="base.group_user,mrp.group_mrp_user,stock.group_stock_user",
            password="capa_op_pw",
        )
        cls.product = cls.env["product.product"].create({"name": "Pump X", "is_storable": True})
        cls.defect = cls.env["quality.defect.category"].create({"name": "Leak"})
        cls.other_defect = cls.env["quality.defect.category"].create({"name": "Scratch"})

    def _nc(self, **values):
        vals = {"title": "Leak at seal", "product_id": self.product.id, "defect_category_id": self.defect.id}
        vals.update(values)
        return self.env["quality.nonconformance"].create(vals)

    def _capa_in_plan(self, ncs=None, **values):
        ncs = ncs or self._nc()
        capa = (
            self.env["quality.capa"]
            .with_user(self.owner)
            .create(
                {
                    "title": "Seal leaks",
                    "owner_id": self.owner.id,
                    "nonconformance_ids": [(6, 0, ncs.ids)],
                    **values,
                }
            )
        )
        capa.action_start_investigation()
        capa.write({"root_cause": "Seal groove out of tolerance", "root_cause_category": "machine"})
        capa.action_to_action_plan()
        return capa

    def _capa_implemented(self, **values):
        capa = self._capa_in_plan(**values)
        action = self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Re-cut groove tool", "kind": "corrective", "owner_id": self.owner.id}
        )
        capa.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")
        capa.action_to_implementation()
        action.action_done()
        capa.action_to_effectiveness()
        return capa

    def _backdate_implementation(self, capa, days):
        when = fields.Datetime.now() - timedelta(days=days)
        capa._quality_workflow_write({"implemented_date": when})  # test fixture: the window started long ago
        return when
