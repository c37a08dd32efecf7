{
    "name": "Quality Training",
    "summary": "Role-based training that follows every procedure revision, and the work-order training gate",
    "version": "18.0.1.3.0",
    "category": "Manufacturing/Quality",
    "license": "LGPL-3",
    "author": "Quality Addons Team",
    "website": "https://github.com/quality-addons/quality",
    "depends": ["quality_documents", "hr", "mrp", "survey"],
    "data": [
        "security/quality_training_security.xml",
        "security/ir.model.access.csv",
        "data/quality_training_data.xml",
        "data/quality_training_todo_data.xml",
        "views/quality_training_course_views.xml",
        "views/quality_training_requirement_views.xml",
        "views/quality_training_assignment_views.xml",
        "views/quality_training_session_views.xml",
        "views/quality_training_import_views.xml",
        "views/quality_training_override_views.xml",
        "views/quality_training_matrix_views.xml",
        "views/hr_employee_views.xml",
        "views/hr_job_views.xml",
        "views/mrp_workorder_views.xml",
        "views/mrp_production_views.xml",
        "views/res_config_settings_views.xml",
        "views/quality_training_menus.xml",
        "views/quality_training_my_views.xml",
    ],
    "demo": [
        "demo/quality_training_demo.xml",
    ],
    "assets": {
        # The training matrix extends the pivot view, which Odoo loads lazily.
        "web.assets_backend_lazy": [
            "quality_training/static/src/matrix/*",
        ],
        "web.assets_tests": [
            "quality_training/static/tests/tours/*.js",
        ],
    },
}
