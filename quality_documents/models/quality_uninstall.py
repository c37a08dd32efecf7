def quality_keep_records_on_uninstall(env, module, also=()):
    """Uninstall hook helper (issue 15): the quality records an addon created with its own XML ids in
    models of addons that stay installed (its demo's controlled documents and inspection plans, training
    requirements and courses, NCs, CAPAs; and ``also``, e.g. the vendors they name) stay, as the
    company's own: quality records are never deleted, and Odoo would try to (each refused DELETE logged
    as an ERROR, the record then left behind with the removed addon's XML id). Removing those XML ids
    keeps the records and lets the rest of the uninstall run clean. The addon's own models go as usual.
    """
    data = env["ir.model.data"].search([("module", "=", module)])
    kept = data.filtered(
        lambda d: (
            d.model in env
            and (d.model in also or (d.model.startswith("quality.") and env[d.model]._original_module != module))
        )
    )
    kept.unlink()
