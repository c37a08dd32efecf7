from odoo.addons.quality_documents.models.quality_uninstall import quality_keep_records_on_uninstall


def uninstall_hook(env):
    """Uninstalling quality_supplier keeps its demo's inspection plans (signed documents, characteristics
    and the checks recorded on them), the vendors they and the NCs name: quality records of addons that
    stay installed; and the master data its demo story made and the company's orders, receipts and
    training now point to (the buyer's user and employee, the purchased products and their categories,
    the orders). Its own tables (qualifications, certificates, sampling, ...) go as usual."""
    quality_keep_records_on_uninstall(
        env,
        "quality_supplier",
        also=(
            "res.partner",
            "res.users",
            "hr.employee",
            "product.product",
            "product.template",
            "product.category",
            "purchase.order",
        ),
    )
