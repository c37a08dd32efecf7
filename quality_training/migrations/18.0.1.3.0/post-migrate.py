"""18.0.1.3.0: the matrix flag carries the whole rule of the training matrix.

The view used to drop, at every read, the flagged rows of archived employees and requirements; it now reads
the flag alone (_refresh_matrix_rows counts active employees and requirements only). This flags once, under
the new rule, every employee x requirement pair.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["quality.training.assignment"]._refresh_matrix_rows()
