"""A finding's CAPA is the one opened for it: nobody links another CAPA (one with an approved plan, say) to a
finding to let its audit close. For every role that may write findings: the refusal message and nothing changed."""

from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PASSWORD, QualityAuditCommon

REFUSED = "CAPA of a Audit Finding can change only through its buttons and signatures"


@verifies("QA-004")
@tagged("post_install", "-at_install")
class TestFindingCapaLink(QualityAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._create_audit()
        cls.finding = cls.env["quality.audit.finding"].create(
            {"audit_id": cls.audit.id, "severity": "minor", "description": "WI-12 rev A at workstation"}
        )
        # A CAPA of another problem, whose plan is approved: what a shortcut would link.
        cls.other_capa = cls.env["quality.capa"].create({"title": "QA Unrelated CAPA", "capa_type": "corrective"})
        cls.roles = {
            "quality_user": cls.auditor_user,
            "quality_manager": cls.manager_user,
            "employee": new_test_user(cls.env, login="qa_link_employee", groups="base.group_user", password=PASSWORD),
        }

    def _assert_refused(self, door):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                before = (self.finding.capa_id, self.other_capa.quality_audit_finding_ids, self.audit.state)
                with self.assertRaises(UserError) as caught, self.cr.savepoint():
                    door(user)
                if role == "employee":  # no access to findings at all: refused by the guard or the access rights
                    self.assertRegex(str(caught.exception), f"{REFUSED}|You are not allowed")
                else:
                    self.assertNotIsInstance(caught.exception, AccessError)
                    self.assertIn(REFUSED, str(caught.exception))
                self.env.invalidate_all()
                after = (self.finding.capa_id, self.other_capa.quality_audit_finding_ids, self.audit.state)
                self.assertEqual(after, before, f"{role}: the finding changed")

    def test_linking_another_capa_by_write_refused_for_every_role(self):
        self._assert_refused(lambda user: self.finding.with_user(user).write({"capa_id": self.other_capa.id}))

    def test_finding_created_with_a_capa_refused_for_every_role(self):
        def door(user):
            self.env["quality.audit.finding"].with_user(user).create(
                {"audit_id": self.audit.id, "severity": "minor", "description": "Late", "capa_id": self.other_capa.id}
            )

        self._assert_refused(door)

    def test_linking_from_the_capa_side_refused_for_every_role(self):
        self._assert_refused(
            lambda user: self.other_capa.with_user(user).write({"quality_audit_finding_ids": [(4, self.finding.id)]})
        )

    def test_create_capa_links_the_capa_opened_for_the_finding(self):
        self.finding.with_user(self.auditor_user).action_create_capa()
        self.assertTrue(self.finding.capa_id)
        self.assertEqual(self.finding.capa_id.origin_ref, self.finding)
        with self.assertRaisesRegex(UserError, REFUSED), self.cr.savepoint():
            self.finding.with_user(self.manager_user).write({"capa_id": False})
        self.assertTrue(self.finding.capa_id)
