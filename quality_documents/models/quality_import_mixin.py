from odoo import api, models
from odoo.exceptions import UserError


class ImportBatchRefused(Exception):  # noqa: N818 - not an error shown to anyone: load() retries row by row
    """A batch of imported rows holding a bad row: ``load`` then creates the rows one by one."""


class QualityImportMixin(models.AbstractModel):
    """Odoo's standard import names each bad row, never the first row of the batch.

    ``load`` creates the rows of a file in one batch; when a check refuses one of them, it retries row by
    row and reports each bad row, but it also repeats the batch's error at the batch's first row, which is
    not bad. A quality model whose records are imported (qualifications, certificates, training records)
    inherits this: a refused batch goes straight to the row-by-row pass, so only the bad rows are named.
    """

    _name = "quality.import.mixin"
    _description = "Quality Import"

    @api.model
    def _load_records(self, data_list, update=False):
        try:
            return super()._load_records(data_list, update)
        except UserError as error:
            if len(data_list) == 1:
                raise
            raise ImportBatchRefused(str(error)) from error
