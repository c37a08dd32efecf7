"""No quality status is changed by a plain write or create: only by the record's buttons and signatures.

Generic over the registry: every stored quality model with a status field is tried by a quality manager
(the broadest quality role) on a record of the demo data, over the ORM as a JSON-RPC client would.
"""

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

    def test_no_status_is_written_directly(self):
        checked = []
        for name, field in self._status_models():
            record = self.env[name].search([], limit=1, order="id desc")
            if not record:
                continue
            values = [value for value, _label in field._description_selection(self.env) if value != record.state]
            checked.append(name)
            for value in values:
                with self.subTest(model=name, state=value), self.assertRaises(UserError):
                    with self.env.cr.savepoint():
                        record.with_user(self.manager).write({"state": value})
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
        for name, vals in attempts.items():
            with self.subTest(model=name), self.assertRaises(UserError), self.env.cr.savepoint():
                self.env[name].with_user(self.manager).create(vals)
        # The first status itself may be given (as the form does).
        action = (
            self.env["quality.capa.action"]
            .with_user(self.manager)
            .create({"name": "WF guard action", "capa_id": capa.id, "state": "open"})
        )
        self.assertEqual(action.state, "open")
