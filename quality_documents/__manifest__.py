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
        "data/quality_document_data.xml",
        "wizard/quality_sign_wizard_views.xml",
        "views/quality_signature_views.xml",
        "views/quality_document_views.xml",
        "views/quality_document_revision_views.xml",
        "views/mrp_views.xml",
        "views/res_config_settings_views.xml",
        "views/quality_menus.xml",
        "report/quality_signature_templates.xml",
        "report/quality_document_revision_report.xml",
    ],
    "demo": [
        "demo/quality_demo_users.xml",
        "demo/quality_document_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "quality_documents/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
