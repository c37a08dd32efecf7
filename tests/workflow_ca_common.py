"""Records of the CAPA and audit workflows in a given state, built the way users build them.

Shared by test_workflow_matrix_ca.py and test_workflow_side_doors_ca.py. The set-up runs in superuser mode
(the workflow's group checks do not apply to it) and signs as ``setup_qm``, a quality manager.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

from .roles import ROLES

PASSWORD = "Wf-ca-2026!"
# The HR officer is one of the roles of the workflow matrix (tests/roles.py may list it too).
ALL_ROLES = dict(ROLES)
ALL_ROLES.setdefault("hr_officer", "base.group_user,hr.group_hr_user")


class WorkflowCaCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.vendor = cls.env["res.partner"].create({"name": "WF-CA vendor", "is_company": True})
        vendor_contact = cls.env["res.partner"].create({"name": "WF-CA vendor quality", "parent_id": cls.vendor.id})
        cls.users = {}
        for role, groups in ALL_ROLES.items():
            extra = {"partner_id": vendor_contact.id} if role == "portal" else {}
            cls.users[role] = new_test_user(cls.env, login=f"wf_ca_{role}", groups=groups, password=PASSWORD, **extra)
        cls.setup_qm = new_test_user(
            cls.env,
            login="wf_ca_setup_qm",
            groups="base.group_user,quality_documents.group_quality_manager",
            password=PASSWORD,
        )
        cls.capa_owner = new_test_user(
            cls.env,
            login="wf_ca_capa_owner",
            groups="base.group_user,quality_documents.group_quality_user",
            password=PASSWORD,
        )
        cls.lead_auditor = new_test_user(
            cls.env,
            login="wf_ca_lead_auditor",
            groups="base.group_user,quality_documents.group_quality_user",
            password=PASSWORD,
        )
        cls._qualify_lead_auditor()
        cls.product = cls.env["product.product"].create({"name": "WF-CA pump", "is_storable": True})
        cls.defect = cls.env["quality.defect.category"].create({"name": "WF-CA leak"})

    @classmethod
    def _qualify_lead_auditor(cls):
        employee = cls.env["hr.employee"].create({"name": "WF-CA lead auditor", "user_id": cls.lead_auditor.id})
        course = cls.env["quality.training.course"].create({"name": "WF-CA lead auditor course"})
        requirement = cls.env["quality.training.requirement"].create(
            {
                "name": "WF-CA lead auditor qualification",
                "requirement_type": "course",
                "course_id": course.id,
                "employee_ids": [Command.set(employee.ids)],
                "is_auditor_qualification": True,
                "validity_months": 36,
            }
        )
        cls.env["quality.training.assignment"].search(
            [("requirement_id", "=", requirement.id), ("employee_id", "=", employee.id)]
        )._mark_done()

    # ------------------------------------------------------------------
    # Nonconformances
    # ------------------------------------------------------------------
    def _nc(self, **values):
        vals = {"title": "WF-CA leak at seal", "product_id": self.product.id, "defect_category_id": self.defect.id}
        vals.update(values)
        return self.env["quality.nonconformance"].create(vals)

    def _nc_dispositioned(self):
        nc = self._nc(disposition="rework")
        nc.action_disposition()
        return nc

    # ------------------------------------------------------------------
    # CAPAs
    # ------------------------------------------------------------------
    def _capa(self, **values):
        vals = {"title": "WF-CA seal leaks", "owner_id": self.capa_owner.id}
        vals.update(values)
        return self.env["quality.capa"].create(vals)

    def _capa_investigation(self, **values):
        capa = self._capa(**values)
        capa.action_start_investigation()
        capa.write({"root_cause": "Seal groove out of tolerance", "root_cause_category": "machine"})
        return capa

    def _capa_action_plan(self, weak=False, **values):
        capa = self._capa_investigation(**values)
        if weak:
            capa.write({"root_cause_category": "people"})
        capa.action_to_action_plan()
        self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Re-cut groove tool", "kind": "corrective", "owner_id": self.capa_owner.id}
        )
        return capa

    def _capa_plan_approved(self, **values):
        capa = self._capa_action_plan(**values)
        capa.with_user(self.setup_qm)._quality_sign("approved", PASSWORD)
        return capa.with_env(self.env)

    def _capa_implementation(self, **values):
        capa = self._capa_plan_approved(**values)
        capa.action_to_implementation()
        capa.action_ids.action_done()
        return capa

    def _capa_effectiveness(self, days_ago=0, **values):
        capa = self._capa_implementation(**values)
        capa.action_to_effectiveness()
        if days_ago:
            when = fields.Datetime.now() - timedelta(days=days_ago)
            capa._quality_workflow_write({"implemented_date": when})  # fixture: implemented long ago
        return capa

    def _capa_verified(self):
        capa = self._capa_effectiveness(days_ago=capa_window_over(self.env))
        capa.with_user(self.setup_qm)._quality_sign("verified", PASSWORD)
        return capa.with_env(self.env)

    def _scar_answered(self):
        nc = self._nc(source="receiving", partner_id=self.vendor.id, quantity=3)
        scar = nc._quality_issue_scar()
        scar._quality_scar_respond(
            self.users["portal"].partner_id,
            containment="Sorted 400 pcs",
            root_cause="Worn deburring tool",
            corrective_action="Tool life limit",
        )
        return scar

    # ------------------------------------------------------------------
    # Audits and management reviews
    # ------------------------------------------------------------------
    def _audit(self, **values):
        vals = {"audit_type": "internal", "lead_auditor_id": self.lead_auditor.id}
        vals.update(values)
        return self.env["quality.audit"].create(vals)

    def _audit_in_progress(self, **values):
        audit = self._audit(**values)
        audit.action_prepare()
        audit.action_start()
        return audit

    def _audit_reporting(self):
        audit = self._audit_in_progress()
        audit.action_report()
        return audit

    def _supplier_audit_in_progress(self):
        audit = self._audit_in_progress(audit_type="supplier", partner_id=self.vendor.id)
        audit.outcome = "pass"
        return audit

    def _finding(self, state="open"):
        finding = self.env["quality.audit.finding"].create(
            {"audit_id": self._audit().id, "severity": "observation", "description": "WF-CA labels faded"}
        )
        if state == "closed":
            finding.action_close()
        return finding

    def _review(self, chair=None, gathered=False):
        today = fields.Date.today()
        review = self.env["quality.management.review"].create(
            {
                "title": "WF-CA review",
                "date_from": today - timedelta(days=180),
                "date_to": today,
                "chair_id": (chair or self.setup_qm).id,
            }
        )
        if gathered:
            review.action_gather_inputs()
        return review

    def _review_action(self):
        return self.env["quality.management.review.action"].create(
            {"review_id": self._review().id, "name": "WF-CA second calibration supplier"}
        )

    # ------------------------------------------------------------------
    # Assertions
    # ------------------------------------------------------------------
    def _snapshot(self, record):
        """The workflow fields and the signatures of ``record`` (read in superuser mode)."""
        record = record.sudo().with_context(active_test=False)
        record.invalidate_recordset()
        values = {name: record[name] for name in sorted(record._quality_workflow_fields)}
        values = {name: value.ids if hasattr(value, "ids") else value for name, value in values.items()}
        if "quality_signature_ids" in record._fields:
            values["signatures"] = record.quality_signature_ids.ids
        return values


def capa_window_over(env):
    """Days ago a CAPA must have been implemented for its default window (company setting) to be over."""
    return (env.company.quality_effectiveness_days or 90) + 1
