"""18.0.1.2.0: the training gate's warning (warn-only mode) has its own activity type.

Open warnings scheduled before, as plain warnings with the gate's summary, take the new type, so the gate
still sees them and schedules none twice.
"""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """
            UPDATE mail_activity a
               SET activity_type_id = t.res_id
              FROM ir_model_data t, ir_model_data warning
             WHERE t.module = 'quality_training' AND t.name = 'mail_activity_training_gate_warn'
               AND warning.module = 'mail' AND warning.name = 'mail_activity_data_warning'
               AND a.activity_type_id = warning.res_id
               AND a.res_model = 'mrp.production' AND a.summary = %s
            """,
            "Training gate: operator not trained",
        )
    )
