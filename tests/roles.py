"""The six roles of the access tests: the groups a test user of each is given."""

ROLES = {
    "employee": "base.group_user",
    "mrp_user": "base.group_user,mrp.group_mrp_user",
    "purchase_user": "base.group_user,purchase.group_purchase_user",
    "quality_user": "base.group_user,quality_documents.group_quality_user",
    "quality_manager": "base.group_user,quality_documents.group_quality_manager",
    "portal": "base.group_portal",
}
