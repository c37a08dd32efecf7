{
    "name": "Quality Supplier",
    "summary": "Approved supplier list that gates purchase orders, certificates, scorecards and SCARs",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Quality",
    "license": "LGPL-3",
    "author": "Quality Addons Team",
    "website": "https://github.com/quality-addons/quality",
    "depends": ["quality_capa", "purchase_stock"],
    "data": [
        "security/ir.model.access.csv",
    ],
}
