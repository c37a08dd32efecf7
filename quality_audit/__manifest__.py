{
    "name": "Quality Audit",
    "summary": "Risk-based audit programme, checklists, findings into CAPA, supplier audits, management review",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Quality",
    "license": "LGPL-3",
    "author": "Quality Addons Team",
    "website": "https://github.com/quality-addons/quality",
    "depends": ["quality_supplier"],
    "data": [
        "security/quality_audit_security.xml",
        "security/ir.model.access.csv",
        "data/quality_audit_data.xml",
        "report/quality_audit_report.xml",
        "report/quality_management_review_report.xml",
        "views/quality_audit_unit_views.xml",
        "views/quality_audit_checklist_template_views.xml",
        "views/quality_audit_finding_views.xml",
        "views/quality_audit_views.xml",
        "views/quality_capa_views.xml",
        "views/quality_management_review_views.xml",
        "views/quality_overview_tile_views.xml",
        "views/res_config_settings_views.xml",
        "views/quality_audit_menus.xml",
        "views/quality_dashboard_views.xml",
    ],
    "demo": [
        "demo/quality_audit_demo.xml",
        "demo/quality_dashboard_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "quality_audit/static/src/**/*",
        ],
        "web.assets_tests": [
            "quality_audit/static/tests/tours/*.js",
        ],
    },
}
