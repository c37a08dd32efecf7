"""18.0.1.1.0: each supplier reminder has its own activity type (found by type and record, not by summary).

Open activities scheduled before, as plain to-dos with the reminder's summary, take their new type, so the
jobs and the purchase gate still see them and schedule none twice.
"""

from odoo.tools import SQL

# (xml id of the new type, model, summary the reminder was scheduled with)
RETYPED = [
    ("mail_activity_supplier_gate_blocked", "purchase.order", "Supplier not qualified: RFQ not confirmed"),
    (
        "mail_activity_supplier_gate_warn",
        "purchase.order",
        "Supplier not qualified: confirmed under the warn-only gate",
    ),
    ("mail_activity_certificate_expiry", "quality.supplier.certificate", "Certificate expires soon"),
    ("mail_activity_scorecard_probation", "quality.supplier.scorecard", "Supplier on probation: low scorecard"),
    ("mail_activity_scar_answer_due", "quality.capa", "SCAR answer due"),
]


def migrate(cr, version):
    if not version:
        return
    for xmlid, model, summary in RETYPED:
        cr.execute(
            SQL(
                """
                UPDATE mail_activity a
                   SET activity_type_id = t.res_id
                  FROM ir_model_data t, ir_model_data todo
                 WHERE t.module = 'quality_supplier' AND t.name = %s
                   AND todo.module = 'mail' AND todo.name = 'mail_activity_data_todo'
                   AND a.activity_type_id = todo.res_id
                   AND a.res_model = %s AND a.summary = %s
                """,
                xmlid,
                model,
                summary,
            )
        )
