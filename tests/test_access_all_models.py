"""Every quality model, every role: who may touch it, and company isolation.

Generic over the registry, so a model added later is covered the day it lands: every stored
(non-abstract, non-wizard) model whose name starts with ``quality.``.
"""

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

# A portal vendor reads its own SCARs (CAPAs of origin "supplier" for its company), nothing else.
PORTAL_READABLE = {"quality.capa"}
# What a plain employee (no quality, purchase or manufacturing rights) may create: their own
# signatures and training records through the services, and nonconformances (anyone on the shop
# floor reports a problem).
# Inspection checks: created only by the workflow (a plain create of one is refused), by whoever's action
# makes the work ready (receipt, manufacturing order).
EMPLOYEE_CREATABLE_PREFIXES = (
    "quality.document",
    "quality.signature",
    "quality.training",
    "quality.nonconformance",
    "quality.inspection.check",
)


@tagged("post_install", "-at_install")
class TestAccessAllModels(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.models = sorted(
            name
            for name, model in cls.env.registry.items()
            if name.startswith("quality.") and not model._abstract and not model._transient and model._auto
        )
        cls.views = sorted(
            name
            for name, model in cls.env.registry.items()
            if name.startswith("quality.") and not model._abstract and not model._transient and not model._auto
        )
        cls.employee = new_test_user(cls.env, login="acl_all_employee", groups="base.group_user")
        vendor = cls.env["res.partner"].create({"name": "ACL portal vendor", "is_company": True})
        cls.portal = new_test_user(cls.env, login="acl_all_portal", groups="base.group_portal")
        cls.portal.partner_id.parent_id = vendor
        cls.company_b = cls.env["res.company"].create({"name": "ACL Company B"})
        cls.manager_b = new_test_user(
            cls.env,
            login="acl_all_manager_b",
            groups="base.group_user,quality_documents.group_quality_manager,mrp.group_mrp_manager,"
            "purchase.group_purchase_manager,hr.group_hr_manager",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )

    @verifies("QD-019")
    def test_registry_holds_the_quality_models(self):
        # The generic tests below are only as good as this list.
        for name in (
            "quality.document",
            "quality.training.assignment",
            "quality.capa",
            "quality.supplier.qualification",
            "quality.audit",
        ):
            self.assertIn(name, self.models)
        self.assertIn("quality.training.matrix", self.views)
        self.assertGreaterEqual(len(self.models), 25)

    @verifies("QS-008", "QD-016")
    def test_portal_vendor_has_no_right_on_any_quality_model(self):
        for name in self.models + self.views:
            model = self.env[name].with_user(self.portal)
            for operation in ("read", "write", "create", "unlink"):
                with self.subTest(model=name, operation=operation):
                    allowed = name in PORTAL_READABLE and operation == "read"
                    self.assertEqual(model.has_access(operation), allowed)
            if name not in PORTAL_READABLE:
                with self.subTest(model=name, operation="search"), self.assertRaises(AccessError):
                    model.search([], limit=1)

    @verifies("QS-008")
    def test_portal_vendor_reads_only_its_own_scars(self):
        Capa = self.env["quality.capa"]
        other = self.env["res.partner"].create({"name": "ACL other vendor", "is_company": True})
        mine, theirs = Capa.create(
            [
                {"title": "ACL SCAR mine", "origin": "supplier", "partner_id": self.portal.partner_id.parent_id.id},
                {"title": "ACL SCAR theirs", "origin": "supplier", "partner_id": other.id},
            ]
        )
        visible = Capa.with_user(self.portal).search([])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal).read(["title"])
        with self.assertRaises(AccessError):
            mine.with_user(self.portal).write({"title": "edited by the vendor"})

    @verifies("QD-016")
    def test_plain_employee_never_deletes_and_creates_only_what_the_shop_floor_records(self):
        for name in self.models:
            model = self.env[name].with_user(self.employee)
            with self.subTest(model=name, operation="unlink"):
                self.assertFalse(model.has_access("unlink"), f"a plain employee may delete {name}")
            if not name.startswith(EMPLOYEE_CREATABLE_PREFIXES):
                with self.subTest(model=name, operation="create"):
                    self.assertFalse(model.has_access("create"), f"a plain employee may create {name}")

    @verifies("QD-017")
    def test_company_b_sees_nothing_of_company_a(self):
        checked = []
        for name in self.models + self.views:
            model = self.env[name]
            field = model._fields.get("company_id")
            if not field or not field.store:
                continue
            theirs = model.sudo().search([("company_id", "=", self.env.company.id)], limit=20)
            if not theirs:
                continue
            checked.append(name)
            with self.subTest(model=name):
                visible = model.with_user(self.manager_b).search([("id", "in", theirs.ids)])
                self.assertFalse(visible, f"{name}: a company-B manager sees company A's {visible}")
                with self.assertRaises(AccessError):
                    theirs[:1].with_user(self.manager_b).read(["display_name"])
        # The demo data fills company A: the check covers the models of all five addons.
        for name in (
            "quality.document",
            "quality.document.revision",
            "quality.training.assignment",
            "quality.training.matrix",
            "quality.capa",
            "quality.nonconformance",
            "quality.supplier.qualification",
            "quality.audit",
        ):
            self.assertIn(name, checked)

    @verifies("QA-001")
    def test_auditor_cannot_audit_own_department(self):
        department = self.env["hr.department"].create({"name": "ACL Moulding"})
        auditor = new_test_user(
            self.env, login="acl_all_auditor", groups="base.group_user,quality_documents.group_quality_user"
        )
        self.env["hr.employee"].create({"name": "ACL Auditor", "user_id": auditor.id, "department_id": department.id})
        with self.assertRaisesRegex(ValidationError, "Auditor independence"):
            self.env["quality.audit"].create({"department_id": department.id, "lead_auditor_id": auditor.id})
