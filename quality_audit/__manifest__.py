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
        "security/ir.model.access.csv",
    ],
}
