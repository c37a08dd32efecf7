from odoo import _, api, models

from .quality_sampling_tables import plan


class QualityInspectionCharacteristic(models.Model):
    _inherit = "quality.inspection.characteristic"

    @api.model
    def _quality_sample_plans(self, targets):
        """Sampling plans of MIL-STD-105E for receipts, in the vendor and product's switching state, with skip-lot.

        Constant queries whatever the number of lines: one search of states, one create of the missing ones,
        one search of scorecards, one create of the lots.
        """
        plans = super()._quality_sample_plans(targets)
        sampled = [
            (index, target) for index, target in enumerate(targets) if target["characteristic"].frequency == "sampling"
        ]
        if not sampled:
            return plans
        receipt = [(i, t) for i, t in sampled if "picking_id" in t["key"] and t.get("partner")]
        receipt_indexes = {i for i, _t in receipt}
        for index, target in sampled:
            if index in receipt_indexes:
                continue
            characteristic = target["characteristic"]
            result = plan(max(int(target["qty"] or 0), 2), characteristic.aql, characteristic.inspection_level)
            note = self._quality_plan_note("normal", characteristic, target["qty"], result)
            plans[index] = self._quality_plan_values(result, note)
        if not receipt:
            return plans
        Lot = self.env["quality.sampling.lot"]
        by_key = self._quality_sampling_states(receipt)
        skip_scores = self._quality_skip_lot_scores(
            {t["partner"] for _i, t in receipt}, {t["company"] for _i, t in receipt}
        )
        existing_lots = {
            (lot.picking_id.id, lot.product_id.id)
            for lot in Lot.sudo().search([("picking_id", "in", list({t["key"]["picking_id"] for _i, t in receipt}))])
        }
        lot_vals = []
        skipped_states = {}
        for index, target in receipt:
            state = by_key[(target["partner"].id, target["product"].id, target["company"].id)]
            result, note, skip = self._quality_receipt_plan(target, state, skip_scores, skipped_states)
            plans[index] = dict(self._quality_plan_values(result, note), skip=skip)
            key = (target["key"]["picking_id"], target["product"].id)
            if key not in existing_lots:
                existing_lots.add(key)
                lot_vals.append(self._quality_lot_values(target, state, result, note, skip))
        if lot_vals:
            Lot._quality_workflow_create(lot_vals)
        for state, count in skipped_states.items():
            state._quality_workflow_write({"skipped_in_row": state.skipped_in_row + count})
        return plans

    @api.model
    def _quality_plan_values(self, result, note):
        return {
            "sample_size": result["sample_size"],
            "accept_number": result["accept"],
            "reject_number": result["reject"],
            "sampling_note": note,
        }

    @api.model
    def _quality_sampling_states(self, receipt):
        """{(partner, product, company): switching state} of these receipt targets; the missing ones created."""
        State = self.env["quality.sampling.state"]
        pairs = {(t["partner"].id, t["product"].id, t["company"].id) for _i, t in receipt}
        states = State.sudo().search(
            [
                ("partner_id", "in", list({p for p, _x, _c in pairs})),
                ("product_id", "in", list({x for _p, x, _c in pairs})),
                ("company_id", "in", list({c for _p, _x, c in pairs})),
            ]
        )
        by_key = {(s.partner_id.id, s.product_id.id, s.company_id.id): s for s in states}
        missing = [
            {"partner_id": p, "product_id": x, "company_id": c} for p, x, c in sorted(pairs) if (p, x, c) not in by_key
        ]
        if missing:
            for state in State._quality_workflow_create(missing):
                by_key[(state.partner_id.id, state.product_id.id, state.company_id.id)] = state
        return by_key

    @api.model
    def _quality_receipt_plan(self, target, state, skip_scores, skipped_states):
        """``(result, note, skip)`` of one receipt line in its switching ``state``; counts a skipped lot in
        ``skipped_states``."""
        characteristic = target["characteristic"]
        company = target["company"]
        severity = "tightened" if state.state == "discontinued" else state.state
        lot_size = max(int(target["qty"] or 0), 2)
        result = plan(lot_size, characteristic.aql, characteristic.inspection_level, severity)
        note = self._quality_plan_note(state.state, characteristic, target["qty"], result)
        if state.last_reason:
            note = f"{note} {state.last_reason}"
        skip = False
        score = skip_scores.get((target["partner"].id, company.id))
        frequency = company.quality_sampling_skip_lot_frequency or 1
        if (
            score is not None
            and state.state in ("normal", "reduced")
            and frequency > 1
            and (state.skipped_in_row + skipped_states.get(state, 0)) < frequency - 1
        ):
            skip = True
            skipped_states[state] = skipped_states.get(state, 0) + 1
            note = _(
                "Skip-lot: vendor score %(score)s ≥ %(threshold)s; one lot in %(n)s is inspected, this one is not.",
                score=format(score, "g"),
                threshold=format(company.quality_sampling_skip_lot_score, "g"),
                n=frequency,
            )
        if state.state == "discontinued":
            result = {**result, "sample_size": int(target["qty"] or 1), "accept": 0, "reject": 1}
            note = _(
                "Inspection discontinued for this vendor and product (%(reason)s): every unit is inspected "
                "and none may be nonconforming until a quality manager resumes it.",
                reason=state.last_reason or "",
            )
        return result, note, skip

    @api.model
    def _quality_lot_values(self, target, state, result, note, skip):
        characteristic = target["characteristic"]
        return {
            "state_id": state.id,
            "picking_id": target["key"]["picking_id"],
            "product_id": target["product"].id,
            "partner_id": target["partner"].id,
            "company_id": target["company"].id,
            "lot_size": int(target["qty"] or 0),
            "aql": characteristic.aql,
            "inspection_level": characteristic.inspection_level,
            "severity": state.state,
            "letter": result["letter"],
            "sample_size": result["sample_size"],
            "accept_number": result["accept"],
            "reject_number": result["reject"],
            "skipped": skip,
            "result": "skipped" if skip else "pending",
            "note": note,
        }

    @api.model
    def _quality_plan_note(self, severity, characteristic, qty, result):
        labels = {
            "normal": _("Normal"),
            "tightened": _("Tightened"),
            "reduced": _("Reduced"),
            "discontinued": _("Discontinued"),
        }
        return _(
            "%(severity)s inspection, MIL-STD-105E: lot %(lot)s, level %(level)s, code letter %(letter)s, sample "
            "%(n)s%(full)s, AQL %(aql)s: Ac %(ac)s / Re %(re)s.",
            severity=labels.get(severity, severity),
            lot=int(qty or 0),
            level=characteristic.inspection_level,
            letter=result["letter"],
            n=result["sample_size"],
            full=_(" (100%)") if result.get("full") else "",
            aql=characteristic.aql,
            ac=result["accept"],
            re=result["reject"],
        )

    @api.model
    def _quality_skip_lot_scores(self, partners, companies):
        """{(vendor id, company id): latest score} of vendors at or above their company's skip-lot threshold."""
        companies = self.env["res.company"].union(*companies)
        companies = companies.filtered(lambda c: c.quality_sampling_skip_lot_score > 0)
        if not companies:
            return {}
        partner_ids = [p.id for p in partners]
        cards = (
            self.env["quality.supplier.scorecard"]
            .sudo()
            .search(
                [("partner_id", "in", partner_ids), ("company_id", "in", companies.ids)], order="month desc, id desc"
            )
        )
        latest = {}
        for card in cards:
            latest.setdefault((card.partner_id.id, card.company_id.id), card.score)
        return {
            key: score
            for key, score in latest.items()
            if score >= self.env["res.company"].browse(key[1]).quality_sampling_skip_lot_score
        }
