"""One rule for the numbers of quality records (documents, nonconformances, CAPAs, audits, findings, reviews)."""


def quality_sequence_names(model, vals_list, code, sudo=False):
    """Give each of ``vals_list`` created without a name (or named "/") the next number of the sequence ``code``
    (a code, or a function of the values that gives it), the one of the record's company; in place.

    ``sudo``: drawn as the system, for records any employee creates (drawing a number writes the sequence)."""
    Sequence = model.env["ir.sequence"].sudo() if sudo else model.env["ir.sequence"]
    for vals in vals_list:
        if vals.get("name", "/") == "/":
            company = model.env["res.company"].browse(vals.get("company_id")) or model.env.company
            sequence_code = code(vals) if callable(code) else code
            vals["name"] = Sequence.with_company(company).next_by_code(sequence_code) or "/"
    return vals_list
