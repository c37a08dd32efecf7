{
    "name": "Quality CAPA",
    "summary": "Nonconformances where they happen, CAPA that closes the loop with measured effectiveness",
    "version": "18.0.1.1.0",
    "category": "Manufacturing/Quality",
    "license": "LGPL-3",
    "author": "Quality Addons Team",
    "website": "https://github.com/quality-addons/quality",
    "depends": ["quality_training", "mrp", "purchase_stock"],
    "data": [
        "security/ir.model.access.csv",
        "security/quality_capa_security.xml",
        "data/quality_capa_data.xml",
        "views/quality_nonconformance_views.xml",
        "views/quality_capa_views.xml",
        "views/mrp_production_views.xml",
        "views/mrp_workorder_views.xml",
        "views/stock_picking_views.xml",
        "views/purchase_order_views.xml",
        "views/product_template_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/quality_inspection_views.xml",
        "views/quality_capa_menus.xml",
        "wizard/quality_nc_report_wizard_views.xml",
        "report/quality_capa_report.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "quality_capa/static/src/**/*",
        ],
        "web.assets_tests": [
            "quality_capa/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/quality_capa_demo.xml",
    ],
}
