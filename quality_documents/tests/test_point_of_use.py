from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import Form, tagged

from .common import QualityDocumentsCommon


@tagged("post_install", "-at_install")
class TestPointOfUse(QualityDocumentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.categ = cls.env["product.category"].create({"name": "Implants"})
        cls.sub_categ = cls.env["product.category"].create({"name": "Stents", "parent_id": cls.categ.id})
        cls.product = cls.env["product.product"].create(
            {"name": "Stent X", "categ_id": cls.sub_categ.id, "is_storable": True}
        )
        cls.component = cls.env["product.product"].create({"name": "Wire"})
        cls.workcenter = cls.env["mrp.workcenter"].create({"name": "Crimping cell"})
        cls.other_workcenter = cls.env["mrp.workcenter"].create({"name": "Packaging cell"})
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [(0, 0, {"product_id": cls.component.id, "product_qty": 1})],
                "operation_ids": [
                    (0, 0, {"name": "Crimp", "workcenter_id": cls.workcenter.id, "time_cycle_manual": 10}),
                    (0, 0, {"name": "Pack", "workcenter_id": cls.other_workcenter.id, "time_cycle_manual": 5}),
                ],
            }
        )
        cls.crimp, cls.pack = cls.bom.operation_ids
        cls.doc_product = cls._create_document(
            "Product spec", product_tmpl_ids=[(6, 0, cls.product.product_tmpl_id.ids)]
        )
        cls.doc_categ = cls._create_document("Implant handling", product_categ_ids=[(6, 0, cls.categ.ids)])
        cls.doc_operation = cls._create_document("Crimping WI", operation_ids=[(6, 0, cls.crimp.ids)])
        cls.doc_workcenter = cls._create_document(
            "Packaging cell rules", workcenter_ids=[(6, 0, cls.other_workcenter.ids)]
        )
        cls.doc_unrelated = cls._create_document("Unrelated")
        cls.doc_draft_only = cls._create_document("Draft only", operation_ids=[(6, 0, cls.crimp.ids)])
        cls.revisions = cls.env["quality.document.revision"]
        for doc in (cls.doc_product, cls.doc_categ, cls.doc_operation, cls.doc_workcenter, cls.doc_unrelated):
            cls._make_effective(doc)
        # doc_operation gets a newer effective revision B: only B is offered.
        cls.rev_b = cls._make_effective(cls.doc_operation, body="<p>Crimp at 4 bar</p>")
        cls._new_revision(cls.doc_draft_only)
        form = Form(cls.env["mrp.production"])
        form.product_id = cls.product
        form.bom_id = cls.bom
        cls.production = form.save()
        cls.production.action_confirm()

    @verifies("QD-005")
    def test_mo_procedures_lists_exactly_effective_revisions(self):
        action = self.production.action_view_quality_procedures()
        revisions = self.env["quality.document.revision"].search(action["domain"])
        expected = (self.doc_product | self.doc_categ | self.doc_operation | self.doc_workcenter).effective_revision_id
        self.assertEqual(revisions, expected)
        self.assertIn(self.rev_b, revisions)
        self.assertEqual(set(revisions.mapped("state")), {"effective"})
        self.assertEqual(self.production.quality_procedure_count, 4)

    @verifies("QD-005")
    def test_workorder_procedures_follow_its_operation(self):
        crimp_wo = self.production.workorder_ids.filtered(lambda w: w.operation_id == self.crimp)
        pack_wo = self.production.workorder_ids.filtered(lambda w: w.operation_id == self.pack)
        crimp_revs = self.env["quality.document.revision"].search(crimp_wo.action_view_quality_procedures()["domain"])
        pack_revs = self.env["quality.document.revision"].search(pack_wo.action_view_quality_procedures()["domain"])
        self.assertEqual(crimp_revs.document_id, self.doc_product | self.doc_categ | self.doc_operation)
        self.assertEqual(pack_revs.document_id, self.doc_product | self.doc_categ | self.doc_workcenter)

    @verifies("QD-005")
    def test_operator_opens_procedure_content(self):
        action = self.production.with_user(self.operator).action_view_quality_procedures()
        revisions = self.env["quality.document.revision"].with_user(self.operator).search(action["domain"])
        self.assertEqual(len(revisions), 4)
        content = self.rev_b.with_user(self.operator).action_open_content()
        self.assertEqual(content["res_id"], self.rev_b.id)
        self.assertIn("Crimp at 4 bar", self.rev_b.with_user(self.operator).body)
