{
    "name": "Quality Training",
    "summary": "Role-based training that follows every procedure revision, and the work-order training gate",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Quality",
    "license": "LGPL-3",
    "author": "Quality Addons Team",
    "website": "https://github.com/quality-addons/quality",
    "depends": ["quality_documents", "hr", "mrp", "survey"],
    "data": [
        "security/ir.model.access.csv",
    ],
}
