"""The workflow mixin's one rule for signed content: ``_quality_frozen_fields`` cannot change in
``_quality_frozen_states`` and a record in ``_quality_undeletable_states`` is never deleted, for everyone with
full rights on the model (superuser included); other states stay open. The lines of a frozen record
(``_quality_frozen_parent``) are frozen with it. (A field outside the frozen content staying open:
quality_training's test_import, the import batch's note.)"""

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .inspection_common import InspectionCommon


@tagged("post_install", "-at_install")
class TestFrozenContent(InspectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan([cls._wall_thickness()])
        cls.picking = cls._receipt()
        Override = cls.env["quality.inspection.override"].with_user(cls.manager)
        cls.override = Override.create({"picking_id": cls.picking.id, "reason": "Line down, CoC ok"})
        cls.override._quality_sign("override", cls.passwords[cls.manager])
        cls.draft_override = Override.create({"picking_id": cls._receipt().id, "reason": "Urgent"})

    @verifies("QI-003")
    def test_signed_override_frozen_and_kept_for_every_writer(self):
        override = self.override
        self.assertEqual(override.state, "signed")
        signed = override.read(["reason", "picking_id", "check_ids", "signed_by_id", "signed_date"])[0]
        expected = (
            f"A signed inspection override cannot be changed: {override.display_name} waives exactly the checks it "
            "was signed for. Ask a quality manager to sign a new override. Fields that cannot change: Reason."
        )
        for who, record in (("quality manager", override.with_user(self.manager)), ("superuser", override.sudo())):
            with self.subTest(who=who):
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    record.write({"reason": "Another reason"})
                self.assertEqual(str(refused.exception), expected)
                with self.assertRaisesRegex(UserError, "Fields that cannot change: Receipt, Reason"):
                    record.write({"reason": "x", "picking_id": self._receipt().id})
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    record.unlink()
                self.assertEqual(
                    str(refused.exception),
                    f"{override.display_name}: a signed inspection gate override is a quality record, it cannot be "
                    "deleted.",
                )
        self.env.invalidate_all()
        self.assertTrue(override.exists())
        self.assertEqual(override.read(list(signed))[0], signed)
        self.assertEqual(override.state, "signed")

    @verifies("QI-003")
    def test_unsigned_override_is_open(self):
        draft = self.draft_override.with_user(self.manager)
        draft.write({"reason": "Urgent: customer line down"})
        self.assertEqual(draft.reason, "Urgent: customer line down")
        draft.unlink()
        self.assertFalse(draft.exists())

    @verifies("QD-004")
    def test_revision_in_review_freezes_its_content_only(self):
        document = self._create_document("FC Frozen content")
        revision = self._new_revision(document)
        revision.with_user(self.author).write({"body": "<p>Step 1, corrected.</p>"})  # a draft is open
        revision.action_submit_review()
        content = revision.read(["body", "approver_ids", "author_id", "effective_date"])[0]
        expected = (
            f"{revision.display_name}: the content is frozen once review starts. Start a new revision to change it. "
            "Fields that cannot change: Required Approvers, Content."
        )
        writers = (
            ("quality manager", revision.with_user(self.manager)),
            ("author", revision.with_user(self.author)),
            ("superuser", revision.sudo()),
        )
        for who, record in writers:
            with self.subTest(who=who):
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    record.write({"body": "<p>Other text</p>", "approver_ids": [(6, 0, self.manager.ids)]})
                self.assertEqual(str(refused.exception), expected)
        self.env.invalidate_all()
        self.assertEqual(revision.read(list(content))[0], content)
        self.assertEqual(revision.state, "in_review")

    @verifies("QI-001", "QD-004")
    def test_characteristics_are_frozen_with_their_revision_for_every_writer(self):
        plan = self.plan
        self.assertEqual(plan.state, "effective")
        characteristic = plan.inspection_characteristic_ids
        draft = self._new_revision(self._create_document("FC Draft plan", doc_type="inspection_plan"))
        Characteristic = self.env["quality.inspection.characteristic"]
        loose = Characteristic.with_user(self.author).create({**self._wall_thickness(), "revision_id": draft.id})
        signed = characteristic.read(["name", "usl", "revision_id"])[0]
        explanation = (
            f"{plan.display_name}: the content is frozen once review starts. Start a new revision to change it."
        )
        writers = (
            ("quality manager", lambda record: record.with_user(self.manager)),
            ("superuser", lambda record: record.sudo()),
        )
        for who, env in writers:
            with self.subTest(who=who):
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    env(characteristic).write({"usl": 1.30, "name": "Wall"})
                self.assertEqual(
                    str(refused.exception),
                    f"{explanation} Fields that cannot change: Characteristic, Upper Limit (USL).",
                )
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    env(Characteristic).create({**self._wall_thickness(name="Added later"), "revision_id": plan.id})
                self.assertEqual(str(refused.exception), explanation)
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    env(loose).write({"revision_id": plan.id})  # moved into the signed plan
                self.assertEqual(str(refused.exception), explanation)
                with self.assertRaises(UserError) as refused, self.env.cr.savepoint():
                    env(characteristic).unlink()
                self.assertEqual(str(refused.exception), explanation)
        self.env.invalidate_all()
        self.assertEqual(characteristic.read(list(signed))[0], signed)
        self.assertEqual(plan.inspection_characteristic_ids, characteristic)
        self.assertEqual(loose.revision_id, draft)
        # The draft's characteristics stay open.
        loose.with_user(self.manager).write({"usl": 1.30})
        self.assertEqual(loose.usl, 1.30)
        loose.with_user(self.manager).unlink()
        self.assertFalse(loose.exists())
