"""``@verifies("QD-010", ...)``: the requirements of tests/validation/requirements.yaml that a test proves.

Read without running Odoo: ``scripts/validation.py`` finds the decorator in the source (AST) and builds the
traceability matrix and the validation report from it and from the JUnit result of the real run.
"""


def verifies(*requirement_ids):
    def decorate(test):
        test.quality_requirements = tuple(getattr(test, "quality_requirements", ())) + tuple(requirement_ids)
        return test

    return decorate
