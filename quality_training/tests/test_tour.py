from odoo import Command, http
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTrainingTour(HttpCase):
    @verifies("QT-001", "QT-004")
    def test_operator_acknowledges_then_starts_workorder_tour(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        author = new_test_user(
            env,
            login="tour_author",
            groups="base.group_user,quality_documents.group_quality_user",
            password="tour_author_pw",
        )
        approver = new_test_user(
            env,
            login="tour_approver",
            groups="base.group_user,quality_documents.group_quality_user",
            password="tour_approver_pw",
        )
        operator_user = new_test_user(
            env,
            login="tour_operator",
            groups="base.group_user,mrp.group_mrp_user,mrp.group_mrp_routings",
            password="tour_operator_pw",
        )
        job = env["hr.job"].create({"name": "Tour Assembler"})
        env["hr.employee"].create({"name": "Tour Operator", "user_id": operator_user.id, "job_id": job.id})
        workcenter = env["mrp.workcenter"].create({"name": "Tour Bench"})
        product = env["product.product"].create({"name": "Tour Catheter", "is_storable": True})
        component = env["product.product"].create({"name": "Tour Tube", "is_storable": True})
        bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "bom_line_ids": [Command.create({"product_id": component.id, "product_qty": 1})],
                "operation_ids": [Command.create({"name": "Tour Bonding", "workcenter_id": workcenter.id})],
            }
        )
        document = env["quality.document"].create(
            {"title": "Tour SOP", "doc_type": "sop", "operation_ids": [Command.set(bom.operation_ids.ids)]}
        )
        env["quality.training.requirement"].create(
            {"requirement_type": "document", "document_id": document.id, "job_ids": [Command.set(job.ids)]}
        )
        revision = env["quality.document.revision"].create(
            {
                "document_id": document.id,
                "body": "<p>Bond the tube.</p>",
                "author_id": author.id,
                "approver_ids": [Command.set(approver.ids)],
            }
        )
        revision.action_submit_review()
        revision.with_user(approver)._quality_sign("approved", "tour_approver_pw")
        production = env["mrp.production"].create({"product_id": product.id, "bom_id": bom.id, "product_qty": 1})
        production.action_confirm()
        workorder = production.workorder_ids
        assignment = env["quality.training.assignment"].search([("requirement_id.document_id", "=", document.id)])
        self.assertEqual(assignment.state, "assigned")

        # Read every manifest once here: parallel first reads in the server threads can hit a CPython
        # 3.11 ast race ("AST constructor recursion depth mismatch") and fail a request at random.
        self.assertTrue(http.root.statics)
        self.start_tour(
            "/odoo/action-quality_training.action_quality_training_my",
            "quality_training_acknowledge_tour",
            login="tour_operator",
        )
        self.assertEqual(assignment.state, "done")
        self.assertEqual(assignment.signature_id.meaning, "acknowledged")
        self.assertEqual(workorder.state, "progress")
