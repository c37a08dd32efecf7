"""No quality status is changed by a plain write or create: only by the record's buttons and signatures.

Generic over the registry: every stored quality model with a status field is tried by a quality manager
(the broadest quality role) and by the superuser (``sudo()`` opens no workflow field) on a record of the demo
data, over the ORM as a JSON-RPC client would. Every quality model gets this from ``quality.workflow.mixin``;
no quality addon overrides ``base``.
"""

import base64

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

# Status fields computed from other data (not written by anyone), and models without one in demo data.
COMPUTED_STATUS = {"quality.document", "quality.training.matrix"}


@tagged("post_install", "-at_install")
class TestWorkflowGuard(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="wf_guard_manager",
            groups="base.group_user,quality_documents.group_quality_manager,mrp.group_mrp_manager,"
            "purchase.group_purchase_manager,hr.group_hr_manager",
        )

    def _status_models(self):
        for name, model in sorted(self.env.registry.items()):
            field = model._fields.get("state")
            if (
                name.startswith("quality.")
                and not model._abstract
                and not model._transient
                and field is not None
                and field.type == "selection"
                and name not in COMPUTED_STATUS
            ):
                yield name, field

    @verifies("QD-015")
    def test_no_status_is_written_directly(self):
        checked = []
        for name, field in self._status_models():
            record = self.env[name].search([], limit=1, order="id desc")
            if not record:
                continue
            values = [value for value, _label in field._description_selection(self.env) if value != record.state]
            checked.append(name)
            for value in values:
                for who, target in (("manager", record.with_user(self.manager)), ("superuser", record.sudo())):
                    with self.subTest(model=name, state=value, who=who), self.assertRaises(UserError):
                        with self.env.cr.savepoint():
                            target.write({"state": value})
                            record.env.flush_all()
            self.env.invalidate_all()
        for name in (
            "quality.document.revision",
            "quality.training.assignment",
            "quality.nonconformance",
            "quality.capa",
            "quality.capa.action",
            "quality.supplier.qualification",
            "quality.supplier.certificate",
            "quality.audit",
            "quality.audit.finding",
            "quality.management.review",
        ):
            self.assertIn(name, checked, f"the demo data has a {name} to try")

    def _past_first_status(self):
        """Per model, the values of a record created past its first status (workflow fields given)."""
        capa = self.env["quality.capa"].create({"title": "WF guard CAPA"})
        audit = self.env["quality.audit"].create({})
        attempts = {
            "quality.nonconformance": {"title": "WF guard NC", "state": "closed"},
            "quality.capa": {"title": "WF guard CAPA", "state": "closed"},
            "quality.capa.action": {"name": "WF guard action", "capa_id": capa.id, "state": "done"},
            "quality.audit": {"state": "closed"},
            "quality.audit.finding": {"audit_id": audit.id, "description": "WF guard", "state": "closed"},
        }
        document = self.env["quality.document"].create({"title": "WF guard document"})
        vendor = self.env["res.partner"].create({"name": "WF guard vendor", "is_company": True})
        attempts.update(
            {
                "quality.document.revision": {"document_id": document.id, "state": "effective"},
                "quality.supplier.qualification": {"partner_id": vendor.id, "state": "approved"},
                "quality.supplier.certificate": {
                    "partner_id": vendor.id,
                    "type_id": self.env.ref("quality_supplier.certificate_type_iso9001").id,
                    "name": "WF guard certificate",
                    "valid_until": "2020-01-01",
                    "state": "valid",
                    "expiry_processed": True,
                },
            }
        )
        requirement = self.env["quality.training.requirement"].search([("requirement_type", "=", "course")], limit=1)
        attempts.update(
            {
                "quality.training.import": {"name": "WF guard import", "state": "signed"},
                "quality.training.assignment": {
                    "employee_id": self.env["hr.employee"].create({"name": "WF guard employee"}).id,
                    "requirement_id": requirement.id,
                    "state": "done",
                    "completion_method": "signature",
                },
            }
        )
        return attempts, capa

    @verifies("QD-015")
    def test_no_record_is_created_past_its_first_status(self):
        attempts, capa = self._past_first_status()
        for name, vals in attempts.items():
            for who, model in (
                ("manager", self.env[name].with_user(self.manager)),
                ("superuser", self.env[name].sudo()),
            ):
                with self.subTest(model=name, who=who), self.assertRaises(UserError), self.env.cr.savepoint():
                    model.create(vals)
        # The first status itself may be given (as the form does).
        action = (
            self.env["quality.capa.action"]
            .with_user(self.manager)
            .create({"name": "WF guard action", "capa_id": capa.id, "state": "open"})
        )
        self.assertEqual(action.state, "open")

    @verifies("QD-015")
    def test_no_record_is_created_past_its_first_status_by_a_default(self):
        """A default is a value too: a ``default_state`` in the call's context, or a personal default (ir.default,
        which any user may set for themselves), would create the record past its first status."""
        attempts, _capa = self._past_first_status()
        for name, vals in attempts.items():
            Model = self.env[name].with_user(self.manager)
            workflow = {key: value for key, value in vals.items() if key in Model._quality_workflow_fields}
            plain = {key: value for key, value in vals.items() if key not in workflow}
            self.assertTrue(workflow, name)
            before = Model.sudo().search_count([])
            with (
                self.subTest(model=name, how="context"),
                self.assertRaisesRegex(UserError, "set by a default"),
                self.env.cr.savepoint(),
            ):
                Model.with_context(**{f"default_{key}": value for key, value in workflow.items()}).create(plain)
            with self.subTest(model=name, how="personal default"):
                savepoint = self.env.cr.savepoint()
                try:
                    for key, value in workflow.items():
                        self.env["ir.default"].with_user(self.manager).set(name, key, value, user_id=True)
                    with self.assertRaisesRegex(UserError, "set by a default"):
                        Model.create(plain)
                finally:
                    savepoint.close(rollback=True)
                    self.env.invalidate_all()
                    self.env.registry.clear_cache()
            self.assertEqual(Model.sudo().search_count([]), before, f"no {name} created")
        # The boards grouped by status offer no "+" in a column (it would create in that column's status).
        boards = self.env["ir.ui.view"].search([("type", "=", "kanban"), ("model", "=like", "quality.%")])
        boards = boards.filtered(lambda view: 'default_group_by="state"' in view.arch)
        self.assertTrue({"quality.capa", "quality.nonconformance"} <= set(boards.mapped("model")))
        for view in boards:
            with self.subTest(view=view.xml_id):
                self.assertIn('quick_create="0"', view.arch)
                self.assertIn('records_draggable="0"', view.arch)
        # The first status itself, as the form's own default gives it, still creates.
        batch = self.env["quality.training.import"].with_user(self.manager).with_context(default_state="draft")
        self.assertEqual(batch.create({"name": "WF guard draft"}).state, "draft")

    @verifies("QD-015")
    def test_a_quality_record_file_changes_only_through_its_record(self):
        """A file field (a revision's file, a certificate, an import's spreadsheet) is an attachment Odoo writes as
        the system; a user's own create, write or delete of that attachment would step around the record."""
        Import = self.env["quality.training.import"].with_user(self.manager)
        batch, other = Import.create(
            [
                {"name": "WF guard file", "source_file": base64.b64encode(b"v1"), "source_filename": "v1.csv"},
                {"name": "WF guard other"},
            ]
        )
        Attachment = self.env["ir.attachment"]
        where = [("res_model", "=", batch._name), ("res_field", "=", "source_file"), ("res_id", "=", batch.id)]
        stored = Attachment.sudo().search(where)
        self.assertEqual(len(stored), 1)
        mine = stored.with_user(self.manager)
        self.assertEqual(Attachment.with_user(self.manager).search(where), mine, "the user finds it")
        file_fields = [
            (name, field_name)
            for name, model in sorted(self.env.registry.items())
            if not model._abstract and issubclass(model, self.env.registry["quality.workflow.mixin"])
            for field_name, field in model._fields.items()
            if field.type == "binary" and field.attachment and field.store
        ]
        self.assertIn(("quality.document.revision", "datas"), file_fields)
        self.assertIn(("quality.supplier.certificate", "attachment"), file_fields)
        attempts = [
            ("write the content", lambda: mine.write({"datas": base64.b64encode(b"v2")})),
            ("move it to another record", lambda: mine.write({"res_id": other.id})),
            ("delete it", lambda: mine.unlink()),
        ]
        for name, field_name in file_fields:
            record = self.env[name].search([], limit=1) if name != batch._name else batch
            attempts.append(
                (
                    f"create one for {name}.{field_name}",
                    lambda name=name, field_name=field_name, record=record: Attachment.with_user(self.manager).create(
                        {"name": "x", "res_model": name, "res_field": field_name, "res_id": record.id, "raw": b"v3"}
                    ),
                )
            )
        for how, attempt in attempts:
            with (
                self.subTest(how=how),
                self.assertRaisesRegex(UserError, "changes only on the record itself"),
                self.env.cr.savepoint(),
            ):
                attempt()
        self.env.invalidate_all()
        self.assertEqual(Attachment.sudo().search(where), stored)
        self.assertEqual(base64.b64decode(batch.source_file), b"v1")
        self.assertEqual(Attachment.sudo().search_count([*where[:2], ("res_id", "=", other.id)]), 0)
        # Rewriting the very same content (Odoo's move of the files to another storage) changes no file: allowed.
        mine.write({"raw": b"v1"})
        self.assertEqual(base64.b64decode(batch.source_file), b"v1")
        # Through the record, the file changes (and its preparer is recorded).
        batch.with_user(self.manager).write({"source_file": base64.b64encode(b"v2")})
        self.assertEqual(base64.b64decode(batch.source_file), b"v2")
        self.assertIn(self.manager, batch.preparer_ids)

    def _quality_models(self):
        return [
            name for name in sorted(self.env.registry) if name.startswith("quality.") and not self.env[name]._abstract
        ]

    @verifies("QD-015")
    def test_every_quality_model_inherits_the_workflow_mixin(self):
        mixin = type(self.env["quality.workflow.mixin"])
        missing = [
            name
            for name in self._quality_models()
            if not any(getattr(cls, "_name", None) == mixin._name for cls in type(self.env[name]).__mro__)
        ]
        self.assertFalse(missing, "quality models without quality.workflow.mixin")

    @verifies("QD-015")
    def test_every_stored_status_is_a_declared_workflow_field(self):
        undeclared = []
        for name, field in self._status_models():
            model = self.env[name]
            if field.store and not field.compute and "state" not in getattr(model, "_quality_workflow_fields", ()):
                undeclared.append(name)
            for transition in getattr(model, "_quality_transitions", {}).values():
                self.assertTrue(set(transition["from"]) <= set(field.get_values(self.env)), f"{name}: {transition}")
        self.assertFalse(undeclared, "status fields that a plain write could change")

    @verifies("QD-015")
    def test_no_quality_addon_overrides_base(self):
        overrides = [
            cls.__module__
            for cls in type(self.env["base"]).__mro__
            if cls.__module__.startswith("odoo.addons.quality_")
        ]
        self.assertFalse(overrides, "quality code on the base model (every model of the database)")
