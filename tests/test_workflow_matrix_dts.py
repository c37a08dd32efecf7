"""Role x button matrix of the workflows of quality_documents, quality_training and quality_supplier.

For every workflow method and every signing meaning of these addons' models, each role (tests/roles.py, plus
the HR officer) presses the button on a record of its own (it is the approver, owner, trainer, employee as the
button needs), as a JSON-RPC client would call the public method. The table says who may: the others are
refused, and the record is unchanged (status and evidence, no signature recorded).
"""

from datetime import timedelta

from odoo import Command
from odoo.addons.quality_documents.models.quality_date import quality_today
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .roles import ROLES

ALL_ROLES = {**ROLES, "hr_officer": ROLES.get("hr_officer", "base.group_user,hr.group_hr_user")}
INTERNAL = frozenset(ALL_ROLES) - {"portal"}
QUALITY = frozenset({"quality_user", "quality_manager"})
MANAGER = frozenset({"quality_manager"})


@verifies("QD-027")
@tagged("post_install", "-at_install")
class TestWorkflowMatrixDocumentsTrainingSupplier(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.today = quality_today(cls.env["res.users"])
        cls.vendor = cls.env["res.partner"].create({"name": "WM Vendor", "is_company": True})
        cls.users = {}
        cls.passwords = {}
        for role, groups in ALL_ROLES.items():
            password = f"wm_{role}_pw"
            user = new_test_user(cls.env, login=f"wm_{role}", groups=groups, password=password)
            if role == "portal":
                user.partner_id.parent_id = cls.vendor
            cls.users[role] = user
            cls.passwords[role] = password
        cls.employees = {
            role: cls.env["hr.employee"].create({"name": f"WM {role}", "user_id": user.id})
            for role, user in cls.users.items()
            if role != "portal"
        }
        cls.reviewer = new_test_user(
            cls.env, login="wm_reviewer", groups="base.group_user,quality_documents.group_quality_user"
        )
        cls.attendee = cls.env["hr.employee"].create({"name": "WM Attendee"})
        cls.categ = cls.env["product.category"].create({"name": "WM Category"})
        cls.cert_type = cls.env.ref("quality_supplier.certificate_type_iso9001")

    # ------------------------------------------------------------------
    # Harness
    # ------------------------------------------------------------------
    def _snapshot(self, record, fields):
        record.env.invalidate_all()
        values = record.sudo().read(fields)[0]
        signatures = (
            self.env["quality.signature"]
            .sudo()
            .search_count([("res_model", "=", record._name), ("res_id", "=", record.id)])
        )
        return values, signatures

    def _matrix(self, allowed, prepare, press, fields, expect):
        """For each role: ``prepare(role)`` a record, ``press(record as the role, role)``; then the record's
        ``fields`` equal ``expect(record)`` (allowed) or are unchanged with no new signature (refused)."""
        for role, user in self.users.items():
            with self.subTest(role=role):
                record = prepare(role)
                before = self._snapshot(record, fields)
                if role in allowed:
                    press(record.with_user(user), role)
                    record.env.invalidate_all()
                    for name, value in expect(record).items():
                        self.assertEqual(record.sudo()[name], value, f"{role}: {name}")
                else:
                    with self.assertRaises(UserError), self.env.cr.savepoint():
                        press(record.with_user(user), role)
                    self.assertEqual(self._snapshot(record, fields), before, f"{role}: refused, record unchanged")

    def _sign(self, meaning, comment=False):
        def press(record, role):
            record._quality_sign(meaning, self.passwords[role], comment)

        return press

    # ------------------------------------------------------------------
    # Records in the state each button starts from
    # ------------------------------------------------------------------
    def _document(self, owner=None, approver=None):
        return self.env["quality.document"].create(
            {
                "title": "WM procedure",
                "owner_id": (owner or self.reviewer).id,
                "approver_ids": [Command.set((approver or self.reviewer).ids)],
            }
        )

    def _revision(self, state, approver=None, owner=None):
        document = self._document(owner=owner, approver=approver)
        revision = self.env["quality.document.revision"].create({"document_id": document.id, "body": "<p>WM</p>"})
        if state in ("in_review", "effective"):
            revision.action_submit_review()
        if state == "effective":
            revision.with_user(approver or self.reviewer)._quality_transition("approve")
            revision._make_effective()
        return revision

    def _requirement(self, document_state="effective"):
        revision = self._revision(document_state)
        return self.env["quality.training.requirement"].create(
            {"requirement_type": "document", "document_id": revision.document_id.id}
        )

    def _assignment(self, role):
        requirement = self._requirement()
        employee = self.employees.get(role, self.attendee)
        return self.env["quality.training.assignment"].create(
            {"employee_id": employee.id, "requirement_id": requirement.id}
        )

    def _session(self, role):
        requirement = self._requirement()
        self.env["quality.training.assignment"].create(
            {"employee_id": self.attendee.id, "requirement_id": requirement.id}
        )
        return self.env["quality.training.session"].create(
            {
                "requirement_id": requirement.id,
                "trainer_id": self.users[role].id,
                "attendee_ids": [Command.set(self.attendee.ids)],
            }
        )

    def _qualification(self, state="pending"):
        qual = self.env["quality.supplier.qualification"].create(
            {"partner_id": self.vendor.id, "categ_ids": [Command.set(self.categ.ids)], "valid_from": self.today}
        )
        if state == "probation":
            qual._set_probation("WM")
        return qual

    def _certificate(self, days=10):
        return self.env["quality.supplier.certificate"].create(
            {
                "partner_id": self.vendor.id,
                "type_id": self.cert_type.id,
                "name": "WM-CERT",
                "valid_until": self.today + timedelta(days=days),
            }
        )

    # ------------------------------------------------------------------
    # quality_documents
    # ------------------------------------------------------------------
    def test_revision_submit_for_review(self):
        self._matrix(
            QUALITY,
            lambda role: self._revision("draft"),
            lambda rev, role: rev.action_submit_review(),
            ["state"],
            lambda rev: {"state": "in_review"},
        )

    def test_revision_back_to_draft(self):
        self._matrix(
            QUALITY,
            lambda role: self._revision("in_review"),
            lambda rev, role: rev.action_back_to_draft(),
            ["state"],
            lambda rev: {"state": "draft"},
        )

    def test_revision_sign_approved(self):
        self._matrix(
            QUALITY,
            lambda role: self._revision("in_review", approver=self.users[role]),
            self._sign("approved"),
            ["state", "approved_date"],
            lambda rev: {"state": "effective"},
        )

    def test_revision_sign_rejected(self):
        self._matrix(
            QUALITY,
            lambda role: self._revision("in_review", approver=self.users[role]),
            self._sign("rejected", "Step 2 is wrong"),
            ["state"],
            lambda rev: {"state": "draft"},
        )

    def test_document_sign_reviewed_no_change(self):
        self._matrix(
            QUALITY,
            lambda role: self._revision("effective", owner=self.users[role]).document_id,
            self._sign("reviewed_no_change"),
            ["last_review_date", "next_review_date"],
            lambda doc: {"last_review_date": self.today},
        )

    def test_document_make_obsolete(self):
        self._matrix(
            MANAGER,
            lambda role: self._revision("effective").document_id,
            lambda doc, role: doc.action_make_obsolete(),
            ["is_obsolete", "state"],
            lambda doc: {"is_obsolete": True, "state": "obsolete"},
        )

    # ------------------------------------------------------------------
    # quality_training
    # ------------------------------------------------------------------
    def test_assignment_sign_acknowledged(self):
        # Each role acknowledges its own training (the portal user, who has none, tries someone else's).
        self._matrix(
            INTERNAL,
            self._assignment,
            self._sign("acknowledged"),
            ["state", "completion_date", "signature_id"],
            lambda assignment: {"state": "done", "completion_date": self.today, "completion_method": "signature"},
        )

    def test_assignment_cancel(self):
        self._matrix(
            QUALITY,
            self._assignment,
            lambda assignment, role: assignment.action_cancel(),
            ["state", "cancel_reason"],
            lambda assignment: {"state": "cancelled"},
        )

    def test_session_sign_trained(self):
        # Each role is the trainer of the session it signs.
        self._matrix(
            INTERNAL,
            self._session,
            self._sign("trained"),
            ["state"],
            lambda session: {"state": "done"},
        )

    def test_requirement_assign_now(self):
        def prepare(role):
            requirement = self._requirement()
            requirement.employee_ids = self.attendee  # assigns the attendee at once...
            self.env["quality.training.assignment"].search(
                [("requirement_id", "=", requirement.id)]
            )._quality_transition("cancel")  # ... cancelled, so that Assign Now has one to create
            return requirement

        def count(requirement):
            return self.env["quality.training.assignment"].search_count(
                [("requirement_id", "=", requirement.id), ("state", "=", "assigned")]
            )

        for role, user in self.users.items():
            with self.subTest(role=role):
                requirement = prepare(role)
                self.assertEqual(count(requirement), 0)
                if role in QUALITY:
                    requirement.with_user(user).action_sync_assignments()
                    self.assertEqual(count(requirement), 1)
                else:
                    with self.assertRaises(AccessError), self.env.cr.savepoint():
                        requirement.with_user(user).action_sync_assignments()
                    self.assertEqual(count(requirement), 0, f"{role}: refused, nothing assigned")

    # ------------------------------------------------------------------
    # quality_supplier
    # ------------------------------------------------------------------
    def test_qualification_request_buttons(self):
        for method, status in (
            ("action_request_approved", "approved"),
            ("action_request_conditional", "conditional"),
            ("action_request_disqualified", "disqualified"),
        ):
            with self.subTest(button=method):
                self._matrix(
                    MANAGER,
                    lambda role: self._qualification(),
                    lambda qual, role, method=method: getattr(qual, method)(),
                    ["state", "requested_state"],
                    lambda qual, status=status: {"state": "pending", "requested_state": status},
                )

    def test_qualification_sign_approved(self):
        def press(qual, role):
            qual._quality_sign_status("approved", self.passwords[role])

        self._matrix(MANAGER, lambda role: self._qualification(), press, ["state"], lambda qual: {"state": "approved"})

    def test_qualification_sign_approved_conditionally(self):
        def press(qual, role):
            qual._quality_sign_status("conditional", self.passwords[role], "PPAP within 90 days")

        self._matrix(
            MANAGER, lambda role: self._qualification(), press, ["state"], lambda qual: {"state": "conditional"}
        )

    def test_qualification_sign_disqualified(self):
        def press(qual, role):
            qual._quality_sign_status("disqualified", self.passwords[role], "Audit failed")

        self._matrix(
            MANAGER, lambda role: self._qualification(), press, ["state"], lambda qual: {"state": "disqualified"}
        )

    def test_qualification_signing_meanings_need_a_request_by_a_manager(self):
        # Signing "approved" / "disqualified" directly (without the request buttons) is refused to every role
        # but a quality manager, and to them until they chose the status.
        for meaning in ("approved", "disqualified"):
            with self.subTest(meaning=meaning):
                self._matrix(
                    frozenset(),
                    lambda role: self._qualification(),
                    self._sign(meaning, "WM"),
                    ["state", "requested_state"],
                    lambda qual: {},
                )

    def test_qualification_reset_to_pending(self):
        self._matrix(
            MANAGER,
            lambda role: self._qualification("probation"),
            lambda qual, role: qual.action_reset_pending(),
            ["state"],
            lambda qual: {"state": "pending"},
        )

    def test_certificate_renew(self):
        self._matrix(
            QUALITY,
            lambda role: self._certificate(days=10),
            lambda cert, role: cert.write({"valid_until": self.today + timedelta(days=400)}),
            ["valid_until", "state"],
            lambda cert: {"state": "valid", "valid_until": self.today + timedelta(days=400)},
        )

    def test_certificate_create(self):
        Certificate = self.env["quality.supplier.certificate"]
        for role, user in self.users.items():
            with self.subTest(role=role):
                values = {
                    "partner_id": self.vendor.id,
                    "type_id": self.cert_type.id,
                    "name": f"WM-{role}",
                    "valid_until": self.today + timedelta(days=400),
                }
                if role in QUALITY:
                    cert = Certificate.with_user(user).create(values)
                    self.assertEqual(cert.state, "valid")
                else:
                    with self.assertRaises(AccessError), self.env.cr.savepoint():
                        Certificate.with_user(user).create(values)
                    self.assertFalse(Certificate.search([("name", "=", f"WM-{role}")]), f"{role}: nothing created")
