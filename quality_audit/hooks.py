from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.addons.quality_documents.models.quality_uninstall import quality_keep_records_on_uninstall


def uninstall_hook(env):
    """Uninstalling quality_audit keeps its demo's training requirement and course (completed training
    was recorded against them: quality records of quality_training, which stays installed). Its own
    records go as usual; Odoo deletes them by XML id, so the findings its demo recorded on its audits
    (no XML id; a finding restricts the deletion of its audit) are removed first, in the uninstall's
    context (deletion guards that do not apply at uninstall stay off)."""
    quality_keep_records_on_uninstall(env, "quality_audit")
    audits = env["ir.model.data"].search([("module", "=", "quality_audit"), ("model", "=", "quality.audit")])
    env = env(context=dict(env.context, **{MODULE_UNINSTALL_FLAG: True}))
    env["quality.audit.finding"].search([("audit_id", "in", audits.mapped("res_id"))]).unlink()
