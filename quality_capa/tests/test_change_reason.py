from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import QualityCapaCommon


@verifies("QD-030")
@tagged("post_install", "-at_install")
class TestCapaChangeReason(QualityCapaCommon):
    """A CAPA asks for a reason for change once its action plan is approved; a dispositioned NC too."""

    def test_capa_plan_open_needs_no_reason_approved_plan_does(self):
        capa = self._capa_in_plan()
        self.env["quality.capa.action"].create({"capa_id": capa.id, "name": "New fixture", "kind": "corrective"})
        capa.write({"root_cause": "Groove tool worn"})
        self.assertFalse(capa.quality_change_locked)
        capa.with_user(self.verifier)._quality_sign("approved", "capa_verifier_pw")
        self.assertTrue(capa.plan_approved)
        self.assertEqual(capa.state, "action_plan")
        self.assertTrue(capa.quality_change_locked)
        with self.assertRaises(UserError) as caught:
            capa.write({"root_cause": "Groove tool out of spec"})
        self.assertIn("give a reason for change", str(caught.exception))
        self.assertIn(capa._fields["root_cause"].string, str(caught.exception))
        capa.invalidate_recordset()
        self.assertEqual(capa.root_cause, "Groove tool worn")
        # Implementation follows through the workflow (no reason); a later edit still needs one.
        capa.action_to_implementation()
        self.assertEqual(capa.state, "implementation")
        with self.assertRaises(UserError):
            capa.write({"root_cause": "Groove tool out of spec"})
        capa.write({"root_cause": "Groove tool out of spec", "quality_change_reason": "Measured: 0.2 mm over"})
        self.assertEqual(capa.root_cause, "Groove tool out of spec")

    def test_dispositioned_nonconformance_asks_for_a_reason(self):
        nc = self._nc(severity="major", disposition="scrap")
        self.assertFalse(nc.quality_change_locked)
        nc.write({"title": "Leak at seal, lot 12"})
        nc.with_user(self.qmanager)._quality_sign("dispositioned", "capa_qm_pw")
        self.assertEqual(nc.state, "dispositioned")
        self.assertTrue(nc.quality_change_locked)
        with self.assertRaises(UserError) as caught:
            nc.with_user(self.owner).write({"title": "Leak at seal, lot 13"})
        self.assertIn("is dispositioned: give a reason for change", str(caught.exception))
        nc.invalidate_recordset()
        self.assertEqual(nc.title, "Leak at seal, lot 12")
        nc.with_user(self.owner).write({"title": "Leak at seal, lot 13", "quality_change_reason": "Wrong lot typed"})
        self.assertEqual(nc.title, "Leak at seal, lot 13")
