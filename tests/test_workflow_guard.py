"""No quality status is changed by a plain write or create: only by the record's buttons and signatures.

Generic over the registry: every stored quality model with a status field is tried by a quality manager
(the broadest quality role) and by the superuser (``sudo()`` opens no workflow field) on a record of the demo
data, over the ORM as a JSON-RPC client would. Every quality model gets this from ``quality.workflow.mixin``;
no quality addon overrides ``base``.
"""

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

    @verifies("QD-015")
    def test_no_record_is_created_past_its_first_status(self):
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
