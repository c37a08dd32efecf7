"""18.0.1.1.0: "the plan only retrains" is decided by the action's kind (``retraining``), not by keywords.

Corrective and preventive actions the old ``is_retraining`` flag marked (English keywords in their text, or
the box ticked by hand) become actions of kind ``retraining``, so the CAPAs they belong to stay weak as before.
The flag's column goes with its field when the module update ends.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'quality_capa_action' AND column_name = 'is_retraining'"
    )
    if not cr.fetchone():
        return
    cr.execute(
        """
        UPDATE quality_capa_action SET kind = 'retraining'
         WHERE is_retraining AND kind IN ('corrective', 'preventive')
        """
    )
