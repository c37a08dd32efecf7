"""Who can do what on the public quality models of training, CAPA, supplier and audit.

For each model and each role, read / write / create / unlink are really attempted on a record
of someone else's (built here in superuser mode); the expected outcome is written out in full:
a letter where the operation succeeds, ``-`` where it raises ``AccessError``. The document,
revision and signature models have theirs in test_access_matrix.py. Segregation of duties:
author / approver in test_access_matrix.py, auditor / own department in test_access_all_models.py,
CAPA owner / effectiveness verifier in quality_capa's test_capa.py.
"""

from odoo import Command
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .roles import ROLES

ROLE_ORDER = tuple(ROLES)

# model: expected "rwcu" per role, in the order of ROLES.
#                                         employee mrp    purchase quality_user manager portal
EXPECTED = {
    # Everyone sees what training exists; quality staff define it; only a manager deletes.
    "quality.training.requirement": ("r---", "r---", "r---", "rwc-", "rwcu", "----"),
    # Someone else's training record: private to the employee, their managers (HR) and quality.
    "quality.training.assignment": ("----", "----", "----", "rwc-", "rwcu", "----"),
    # Anyone on the shop floor reports a nonconformance; quality staff handle it.
    "quality.nonconformance": ("r-c-", "r-c-", "r-c-", "rwc-", "rwcu", "----"),
    "quality.capa": ("r---", "r---", "r---", "rwc-", "rwcu", "----"),
    "quality.capa.action": ("r---", "r---", "r---", "rwcu", "rwcu", "----"),
    # Buyers see the vendor's status (the purchase gate shows it); quality qualifies.
    "quality.supplier.qualification": ("r---", "r---", "r---", "rwc-", "rwcu", "----"),
    # Evidence belongs to quality: buyers read the certificates vendors send them, quality files them.
    "quality.supplier.certificate": ("r---", "r---", "r---", "rwc-", "rwcu", "----"),
    # Audits are the quality department's.
    "quality.audit": ("----", "----", "----", "rwc-", "rwcu", "----"),
    "quality.audit.finding": ("----", "----", "----", "rwc-", "rwcu", "----"),
    "quality.audit.checklist.template": ("----", "----", "----", "r---", "rwcu", "----"),
}


# The access rights (ir.model.access) of every stored quality model, per role, in the order of ROLES.
# Read-only for everyone: the records written only by code (signatures, signed overrides, effectiveness
# checks, the matrix view). A model added later fails the coverage check until it is written in here.
MODEL_RIGHTS = {
    "quality.audit": ("----", "----", "----", "rwc-", "rwcu", "----"),
    "quality.audit.checklist.template": ("----", "----", "----", "r---", "rwcu", "----"),
    "quality.audit.checklist.template.question": ("----", "----", "----", "r---", "rwcu", "----"),
    "quality.audit.finding": ("----", "----", "----", "rwc-", "rwcu", "----"),
    "quality.audit.question": ("----", "----", "----", "rwc-", "rwcu", "----"),
    "quality.audit.unit": ("----", "----", "----", "r---", "rwcu", "----"),
    "quality.capa": ("r---", "r---", "r---", "rwc-", "rwcu", "r---"),
    "quality.capa.action": ("r---", "r---", "r---", "rwcu", "rwcu", "----"),
    # Effectiveness checks: created by the verifier's signature (quality roles), their content by the workflow.
    "quality.capa.check": ("r---", "r---", "r---", "r-c-", "r-c-", "----"),
    "quality.capa.fishbone": ("r---", "r---", "r---", "rwcu", "rwcu", "----"),
    "quality.capa.isnot": ("r---", "r---", "r---", "rwcu", "rwcu", "----"),
    "quality.capa.why": ("r---", "r---", "r---", "rwcu", "rwcu", "----"),
    "quality.defect.category": ("r---", "r---", "r---", "r---", "rwcu", "----"),
    "quality.document": ("r---", "r---", "r---", "rwc-", "rwcu", "----"),
    "quality.document.revision": ("r---", "r---", "r---", "rwcu", "rwcu", "----"),
    "quality.document.tag": ("r---", "r---", "r---", "r---", "rwcu", "----"),
    # Checks are created by the effective control plans (the workflow) when the work reaches them; who
    # receives or produces records them; a signed inspection override is the quality manager's.
    "quality.inspection.characteristic": ("r---", "r---", "r---", "rwcu", "rwcu", "----"),
    "quality.inspection.check": ("r-c-", "rwc-", "r-c-", "rwc-", "rwcu", "----"),
    "quality.inspection.lot.counter": ("----", "----", "----", "----", "r---", "----"),
    "quality.inspection.override": ("----", "----", "----", "r---", "rwcu", "----"),
    "quality.management.review": ("----", "----", "----", "r---", "rwcu", "----"),
    "quality.management.review.action": ("----", "----", "----", "r---", "rwcu", "----"),
    "quality.management.review.input": ("----", "----", "----", "r---", "rwcu", "----"),
    "quality.nonconformance": ("r-c-", "r-c-", "r-c-", "rwc-", "rwcu", "----"),
    "quality.overview.tile": ("r---", "r---", "r---", "r---", "rwcu", "----"),
    # Sampling state and lots: written only by the workflow when whoever receives records a lot.
    "quality.sampling.lot": ("r---", "rwc-", "rwc-", "rwc-", "rwc-", "----"),
    "quality.sampling.state": ("r---", "rwc-", "rwc-", "rwc-", "rwc-", "----"),
    "quality.signature": ("r---", "r---", "r---", "r---", "r---", "----"),
    "quality.signature.failure": ("----", "----", "----", "----", "r---", "----"),
    "quality.signature.integrity.check": ("----", "----", "----", "----", "rwc-", "----"),
    "quality.signature.integrity.line": ("----", "----", "----", "----", "rwc-", "----"),
    "quality.supplier.certificate": ("r---", "r---", "r---", "rwc-", "rwcu", "----"),
    "quality.supplier.certificate.type": ("r---", "r---", "r---", "r---", "rwcu", "----"),
    "quality.supplier.gate.change": ("----", "----", "----", "r---", "rwc-", "----"),
    "quality.supplier.override": ("r---", "r---", "r---", "r---", "r---", "----"),
    "quality.supplier.qualification": ("r---", "r---", "r---", "rwc-", "rwcu", "----"),
    "quality.supplier.scorecard": ("r---", "r---", "r---", "r---", "rwcu", "----"),
    # Employees write their own training (rule "own") and trainers their attendees' (rule "attendees of my
    # sessions), only through the workflow: the model refuses their plain writes and creates.
    "quality.training.assignment": ("rwc-", "rwc-", "rwc-", "rwc-", "rwcu", "----"),
    "quality.training.course": ("r---", "r---", "r---", "rwc-", "rwcu", "----"),
    # Historical training comes in through an import batch: quality users import it, a quality manager signs.
    "quality.training.import": ("----", "----", "----", "rwc-", "rwcu", "----"),
    "quality.training.import.line": ("----", "----", "----", "rwcu", "rwcu", "----"),
    "quality.training.matrix": ("r---", "r---", "r---", "r---", "r---", "----"),
    "quality.training.override": ("----", "----", "----", "r---", "rwcu", "----"),
    "quality.training.requirement": ("r---", "r---", "r---", "rwc-", "rwcu", "----"),
    # A trainer signs their own session (rule "own (trainer)"); the model refuses other writes by non-quality users.
    "quality.training.session": ("rw--", "rw--", "rw--", "rwc-", "rwcu", "----"),
}


@tagged("post_install", "-at_install")
class TestAccessRoles(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, login=f"acl_roles_{role}", groups=groups) for role, groups in ROLES.items()
        }
        env = cls.env
        cls.course = env["quality.training.course"].create({"name": "ACL roles course"})
        cls.requirement = env["quality.training.requirement"].create(
            {"name": "ACL roles requirement", "requirement_type": "course", "course_id": cls.course.id}
        )
        cls.colleague = env["hr.employee"].create({"name": "ACL roles colleague"})
        cls.capa = env["quality.capa"].create({"title": "ACL roles CAPA"})
        cls.vendor = env["res.partner"].create({"name": "ACL roles vendor", "is_company": True})
        cls.certificate_type = env["quality.supplier.certificate.type"].create({"name": "ACL roles ISO 13485"})
        cls.audit = env["quality.audit"].create({})
        cls.until = quality_today(env["res.users"]).replace(year=quality_today(env["res.users"]).year + 2)
        cls.factories = {
            "quality.training.requirement": lambda: {
                "name": "ACL roles requirement (new)",
                "requirement_type": "course",
                "course_id": cls.course.id,
            },
            "quality.training.assignment": lambda: {
                "employee_id": env["hr.employee"].create({"name": "ACL roles trainee"}).id,
                "requirement_id": cls.requirement.id,
            },
            "quality.nonconformance": lambda: {"title": "ACL roles NC"},
            "quality.capa": lambda: {"title": "ACL roles CAPA (new)"},
            "quality.capa.action": lambda: {"name": "ACL roles action", "capa_id": cls.capa.id},
            "quality.supplier.qualification": lambda: {
                "partner_id": env["res.partner"].create({"name": "ACL roles new vendor", "is_company": True}).id
            },
            "quality.supplier.certificate": lambda: {
                "name": "ACL-CERT",
                "partner_id": cls.vendor.id,
                "type_id": cls.certificate_type.id,
                "valid_until": cls.until,
            },
            "quality.audit": lambda: {},
            "quality.audit.finding": lambda: {"audit_id": cls.audit.id, "description": "ACL roles finding"},
            "quality.audit.checklist.template": lambda: {"name": "ACL roles checklist"},
        }
        cls.writes = {
            "quality.training.requirement": {"name": "ACL roles requirement (renamed)"},
            "quality.training.assignment": {"due_date": cls.until},
            "quality.nonconformance": {"description": "Seen again"},
            "quality.capa": {"title": "ACL roles CAPA (renamed)"},
            "quality.capa.action": {"description": "More detail"},
            "quality.supplier.qualification": {"valid_until": cls.until},
            "quality.supplier.certificate": {"issuer": "BSI"},
            "quality.audit": {"scope": "Clean room"},
            "quality.audit.finding": {"description": "Reworded"},
            "quality.audit.checklist.template": {"name": "ACL roles checklist (renamed)"},
        }

    def _attempt(self, model, role, operation):
        """True when ``operation`` succeeds for ``role``, False on AccessError (any other error fails the test)."""
        user = self.users[role]
        with self.env.cr.savepoint(flush=False) as savepoint:
            record = self.env[model].create(self.factories[model]())
            self.env.flush_all()
            as_user = record.with_user(user)
            try:
                if operation == "read":
                    as_user.read(["display_name"])
                elif operation == "write":
                    as_user.write(self.writes[model])
                elif operation == "create":
                    as_user.create(self.factories[model]())
                elif operation == "unlink":
                    as_user.unlink()
                self.env.flush_all()
                allowed = True
            except AccessError:
                allowed = False
            self.env.invalidate_all()
            savepoint.rollback()
        return allowed

    @verifies("QD-016")
    def test_every_role_on_every_public_model(self):
        self.assertEqual(set(EXPECTED), set(self.factories), "every model of the table has a factory")
        for model, expected in EXPECTED.items():
            for role, letters in zip(ROLE_ORDER, expected, strict=True):
                actual = "".join(
                    letter if self._attempt(model, role, operation) else "-"
                    for letter, operation in zip("rwcu", ("read", "write", "create", "unlink"), strict=True)
                )
                with self.subTest(model=model, role=role):
                    self.assertEqual(actual, letters)

    @verifies("QT-008")
    def test_employee_reads_own_training_but_not_a_colleagues(self):
        employee_user = self.users["employee"]
        me = self.env["hr.employee"].create({"name": "ACL roles me", "user_id": employee_user.id})
        mine, theirs = self.env["quality.training.assignment"].create(
            [
                {"employee_id": me.id, "requirement_id": self.requirement.id},
                {"employee_id": self.colleague.id, "requirement_id": self.requirement.id},
            ]
        )
        visible = (
            self.env["quality.training.assignment"].with_user(employee_user).search([("id", "in", (mine | theirs).ids)])
        )
        self.assertEqual(visible, mine)

    @verifies("QS-008")
    def test_portal_vendor_cannot_touch_an_internal_capa(self):
        capa = self.env["quality.capa"].create(
            {"title": "ACL roles internal CAPA", "action_ids": [Command.create({"name": "Fix the press"})]}
        )
        with self.assertRaises(AccessError):
            capa.with_user(self.users["portal"]).read(["title"])

    @verifies("QD-016")
    def test_access_rights_of_every_quality_model(self):
        stored = {
            name
            for name, model in self.env.registry.items()
            if name.startswith("quality.") and not model._abstract and not model._transient
        }
        self.assertEqual(stored, set(MODEL_RIGHTS), "MODEL_RIGHTS lists every stored quality model")
        for name, expected in MODEL_RIGHTS.items():
            for role, letters in zip(ROLE_ORDER, expected, strict=True):
                model = self.env[name].with_user(self.users[role])
                actual = "".join(
                    letter if model.has_access(operation) else "-"
                    for letter, operation in zip("rwcu", ("read", "write", "create", "unlink"), strict=True)
                )
                with self.subTest(model=name, role=role):
                    self.assertEqual(actual, letters)
