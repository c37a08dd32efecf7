"""18.0.1.1.0: training validity is stored on the assignment (valid_from / valid_until).

The ORM fills the two new columns for existing assignments while the module is updated; this flags once,
from them, the assignment standing for each employee x requirement pair in the training matrix (rows from
before the flag existed have none). It used to run in the model's ``init()`` at every update.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["quality.training.assignment"]._refresh_matrix_rows()
