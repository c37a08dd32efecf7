{
    "name": "Quality Documents",
    "summary": "Controlled documents, Part 11 e-signatures and procedures at the point of use",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Quality",
    "license": "LGPL-3",
    "author": "Quality Addons Team",
    "website": "https://github.com/quality-addons/quality",
    "depends": ["mail", "mrp"],
    "data": [
        "security/quality_security.xml",
        "security/ir.model.access.csv",
        "wizard/quality_sign_wizard_views.xml",
        "views/quality_signature_views.xml",
        "views/quality_menus.xml",
    ],
    "demo": [
        "demo/quality_demo_users.xml",
    ],
    "application": True,
}
