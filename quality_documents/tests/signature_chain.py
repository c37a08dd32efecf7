"""Test helpers for the signature chain (one chain per company, across transactions).

- ``isolate_signature_chain(case)``: the test users move to a company of their own, whose chain starts with
  the test (a test asserting ``verification_state == "unchanged"`` does not inherit what other tests did to
  the main company's chain).
- ``delete_committed_signatures(cr, where, params)``: a test that committed signatures (threads, several
  cursors) and removes them again must use this, not a bare ``DELETE``: it also moves each company's chain
  counter back to its last remaining signature. Removing the *last* signatures of a chain then leaves it
  intact; removing one in the middle is tampering and stays reported as such.
- ``link_signature_chain(env)``: links the signatures of the test's own transaction into their chains. In
  production a signature is linked right after its signing commits; a TransactionCase never commits, so a
  test that asserts chain numbers, seals or ``verification_state == "unchanged"`` calls this after signing
  (until then the signature verifies as "pending": not yet linked into the chain).
"""


def isolate_signature_chain(case):
    company = case.env["res.company"].create({"name": f"Chain test company {case._testMethodName}"[:60]})
    users = case.author | case.approver | case.manager | case.operator
    users.write({"company_ids": [(4, company.id)]})
    users.write({"company_id": company.id})
    return company


def delete_committed_signatures(cr, where, params):
    cr.execute(f"DELETE FROM quality_signature WHERE {where} RETURNING company_id", params)  # noqa: S608
    companies = list({row[0] for row in cr.fetchall() if row[0]})
    if companies:
        cr.execute(
            """UPDATE res_company c
                  SET quality_signature_seq = COALESCE(
                      (SELECT max(s.chain_seq) FROM quality_signature s WHERE s.company_id = c.id), 0)
                WHERE c.id = ANY(%s)""",
            [companies],
        )


def link_signature_chain(env, companies=None):
    """Link the unlinked signatures (of ``companies``, default all) in the test's transaction; return them."""
    signatures = env["quality.signature"].sudo()._quality_chain_link_pending(companies.ids if companies else None)
    env.invalidate_all()
    return signatures
