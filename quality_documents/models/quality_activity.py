from odoo import api, models


class QualityActivity(models.AbstractModel):
    """The one way the quality addons schedule an activity that must not be scheduled twice.

    An existing activity is found by its type and its record (and, where each user gets their own, its user),
    never by its summary: summaries are translated and edited. Each reminder has its own ``mail.activity.type``.
    """

    _name = "quality.activity"
    _description = "Quality Activities Scheduled Once"

    @api.model
    def _quality_schedule_once(self, records, activity_type, prepare, per_user=False):
        """Schedule activities of ``activity_type`` on ``records`` that have none open yet; one search, one create.

        ``prepare(record)`` returns the other values of the record's activity (user_id, date_deadline, summary,
        note, automated...), a list of them (one per user), or nothing for no activity. Without ``per_user`` a
        record that has an activity of this type gets none; with it, a user who has one on the record gets none.
        The search and the create use ``records``' environment (pass ``records.sudo()`` for a sudo create).
        Returns the created activities.
        """
        Activity = records.env["mail.activity"]
        if not records or not activity_type:
            return Activity
        existing = Activity.search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        taken = {(a.res_id, a.user_id.id if per_user else None) for a in existing}
        model_id = records.env["ir.model"]._get_id(records._name)
        vals_list = []
        for record in records:
            if not per_user and (record.id, None) in taken:
                continue
            values = prepare(record) or []
            for vals in [values] if isinstance(values, dict) else values:
                if per_user:
                    key = (record.id, vals.get("user_id"))
                    if key in taken:
                        continue
                    taken.add(key)
                vals_list.append(
                    {**vals, "res_model_id": model_id, "res_id": record.id, "activity_type_id": activity_type.id}
                )
        return Activity.create(vals_list)
