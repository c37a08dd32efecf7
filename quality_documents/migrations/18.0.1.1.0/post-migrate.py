"""Drop the signing dialog's password column; seal the signatures recorded before signatures were chained (quality_documents < 18.0.1.1.0).

Each company's existing signatures get their place in its chain, in the order they were signed, and a seal
over their row as it is now. Their content hash was computed the old way (without per-field digests), so
their verification says "Signed before sealing: not verifiable" rather than pretending to know.
"""

from odoo import SUPERUSER_ID, api
from odoo.addons.quality_documents.models.quality_signature import GENESIS_SEAL, SEALED_FIELDS, compute_seal


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    # The signing dialog no longer keeps what was typed: drop the old column and whatever it still held.
    cr.execute("ALTER TABLE quality_sign_wizard DROP COLUMN IF EXISTS password")
    Signature = env["quality.signature"]
    cr.execute(
        "UPDATE quality_signature SET company_id = %s WHERE company_id IS NULL", [env.ref("base.main_company").id]
    )
    cr.execute("SELECT DISTINCT company_id FROM quality_signature WHERE chain_seq IS NULL")
    for (company_id,) in cr.fetchall():
        cr.execute("SELECT COALESCE(max(chain_seq), 0) FROM quality_signature WHERE company_id = %s", [company_id])
        seq = cr.fetchone()[0]
        cr.execute("SELECT seal FROM quality_signature WHERE company_id = %s AND chain_seq = %s", [company_id, seq])
        row = cr.fetchone()
        previous = row[0] if row and row[0] else GENESIS_SEAL
        cr.execute(
            "SELECT id FROM quality_signature WHERE company_id = %s AND chain_seq IS NULL ORDER BY signed_at, id",
            [company_id],
        )
        for (sig_id,) in cr.fetchall():
            sig = Signature.browse(sig_id)
            seq += 1
            values = {name: sig[name] for name in SEALED_FIELDS if name not in ("chain_seq", "previous_seal")}
            values.update(chain_seq=seq, previous_seal=previous)
            seal = compute_seal(values)
            cr.execute(
                "UPDATE quality_signature SET chain_seq = %s, previous_seal = %s, seal = %s WHERE id = %s",
                [seq, previous, seal, sig_id],
            )
            previous = seal
        cr.execute("UPDATE res_company SET quality_signature_seq = %s WHERE id = %s", [seq, company_id])
    env.invalidate_all()
