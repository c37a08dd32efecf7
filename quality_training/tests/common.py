from datetime import timedelta

from odoo import Command
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.tests.common import TransactionCase, new_test_user

QUALITY_USER = "base.group_user,quality_documents.group_quality_user"


class TrainingCase(TransactionCase):
    """Own data for every test: users, an operator, a job, a work center, an operation, a product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.today = quality_today(cls.env["res.users"])
        cls.author = new_test_user(cls.env, login="qt_author", groups=QUALITY_USER, password="qt_author_pw")
        cls.approver = new_test_user(cls.env, login="qt_approver", groups=QUALITY_USER, password="qt_approver_pw")
        cls.manager = new_test_user(
            cls.env,
            login="qt_manager",
            groups="base.group_user,quality_documents.group_quality_manager,mrp.group_mrp_manager",
            password="qt_manager_pw",
        )
        cls.operator_user = new_test_user(
            cls.env, login="qt_operator", groups="base.group_user,mrp.group_mrp_user", password="qt_operator_pw"
        )
        cls.department = cls.env["hr.department"].create({"name": "QT Assembly"})
        cls.job = cls.env["hr.job"].create({"name": "QT Assembler"})
        cls.other_job = cls.env["hr.job"].create({"name": "QT Buyer"})
        cls.operator = cls.env["hr.employee"].create(
            {
                "name": "QT Operator",
                "user_id": cls.operator_user.id,
                "job_id": cls.job.id,
                "department_id": cls.department.id,
            }
        )
        cls.workcenter = cls.env["mrp.workcenter"].create({"name": "QT Cleanroom", "time_efficiency": 100})
        cls.product = cls.env["product.product"].create({"name": "QT Catheter", "is_storable": True})
        cls.component = cls.env["product.product"].create({"name": "QT Tube", "is_storable": True})
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [Command.create({"product_id": cls.component.id, "product_qty": 1})],
                "operation_ids": [
                    Command.create({"name": "QT Bonding", "workcenter_id": cls.workcenter.id, "time_cycle": 10})
                ],
            }
        )
        cls.operation = cls.bom.operation_ids

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @classmethod
    def _make_document(cls, title="QT Bonding procedure", **vals):
        return cls.env["quality.document"].create(dict({"title": title, "doc_type": "sop"}, **vals))

    @classmethod
    def _make_effective(cls, document, body="<p>Bond the tube.</p>", **vals):
        """Real path: draft revision by the author, submitted, approved (signed) by the approver."""
        values = {
            "document_id": document.id,
            "body": body,
            "author_id": cls.author.id,
            "approver_ids": [Command.set(cls.approver.ids)],
        }
        if document.revision_ids:
            values.update(change_summary="Clarified step 3", change_reason="Deviation found in production")
        values.update(vals)
        revision = cls.env["quality.document.revision"].create(values)
        revision.action_submit_review()
        revision.with_user(cls.approver)._quality_sign("approved", "qt_approver_pw")
        return revision

    @classmethod
    def _make_requirement(cls, document=None, **vals):
        values = {"requirement_type": "document", "document_id": document.id} if document else {}
        values.update(vals)
        return cls.env["quality.training.requirement"].create(values)

    def _assignments(self, requirement, states=("assigned",)):
        return self.env["quality.training.assignment"].search(
            [("requirement_id", "=", requirement.id), ("state", "in", list(states))]
        )

    def _make_workorder(self):
        production = self.env["mrp.production"].create(
            {"product_id": self.product.id, "bom_id": self.bom.id, "product_qty": 1}
        )
        production.action_confirm()
        return production.workorder_ids

    @staticmethod
    def _days(n):
        return timedelta(days=n)
