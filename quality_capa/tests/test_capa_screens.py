from odoo import Command
from odoo.addons.quality_documents.tests.verifies import verifies
from odoo.tests import new_test_user, tagged

from .common import QualityCapaCommon


@verifies("QC-017")
@tagged("post_install", "-at_install")
class TestCapaScreens(QualityCapaCommon):
    def test_capa_from_nc_names_it_as_origin_record(self):
        nc = self._nc()
        action = nc.with_user(self.owner).action_create_capa()
        capa = self.env["quality.capa"].browse(action["res_id"])
        self.assertEqual(capa.origin_ref, nc)

    def test_linking_an_nc_later_fills_an_empty_origin_record(self):
        capa = self.env["quality.capa"].with_user(self.owner).create({"title": "Later link", "owner_id": self.owner.id})
        self.assertFalse(capa.origin_ref)
        nc = self._nc()
        capa.write({"nonconformance_ids": [Command.link(nc.id)]})
        self.assertEqual(capa.origin_ref, nc)
        # An origin chosen by hand is kept.
        other = self._nc(title="Another leak")
        capa.write({"nonconformance_ids": [Command.link(other.id)]})
        self.assertEqual(capa.origin_ref, nc)

    def test_stage_changes_are_in_the_chatter(self):
        capa = (
            self.env["quality.capa"]
            .with_user(self.owner)
            .create(
                {"title": "Tracked", "owner_id": self.owner.id, "nonconformance_ids": [Command.link(self._nc().id)]}
            )
        )
        self.env.cr.precommit.run()  # each click is its own transaction: its tracking is flushed at commit
        capa.action_start_investigation()
        self.env.cr.precommit.run()
        capa.write({"root_cause": "Groove out of tolerance", "root_cause_category": "machine"})
        capa.action_to_action_plan()
        self.env.cr.precommit.run()
        tracked = capa.sudo().message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(
            sorted(tracked.mapped("new_value_char")), ["Action Plan", "Investigation"], "each stage change is logged"
        )

    def test_8d_report_lists_the_team_and_the_fishbone(self):
        member = new_test_user(self.env, login="capa_team_member", groups="base.group_user")
        capa = self._capa_in_plan()
        capa.write(
            {
                "team_ids": [Command.link(member.id)],
                "verifier_id": self.verifier.id,
                "fishbone_ids": [
                    Command.create({"category": "machine", "cause": "Worn groove cutter", "is_root_cause": True}),
                    Command.create({"category": "material", "cause": "Soft seal batch"}),
                ],
            }
        )
        self.env["quality.capa.action"].create(
            {"capa_id": capa.id, "name": "Replace cutter", "kind": "corrective", "owner_id": self.qmanager.id}
        )
        html, _format = self.env["ir.actions.report"]._render_qweb_html("quality_capa.report_quality_capa", capa.ids)
        html = html.decode()
        for text in (
            self.owner.name,
            "CAPA owner",
            member.name,
            "Team member",
            self.qmanager.name,
            "Action owner",
            self.verifier.name,
            "Effectiveness verifier",
            "Fishbone",
            "Worn groove cutter",
            "Soft seal batch",
        ):
            self.assertIn(text, html)
