{
    "name": "Quality CAPA",
    "summary": "Nonconformances where they happen, CAPA that closes the loop with measured effectiveness",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Quality",
    "license": "LGPL-3",
    "author": "Quality Addons Team",
    "website": "https://github.com/quality-addons/quality",
    "depends": ["quality_training", "mrp", "purchase_stock"],
    "data": [
        "security/ir.model.access.csv",
    ],
}
