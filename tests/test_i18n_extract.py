"""Every translatable string of the five addons reaches the translation template.

Odoo exports a module's terms with Babel (``odoo/tools/translate.py``, ``_babel_extract_terms``); a file Babel
cannot read is skipped whole, with an error in the log only, and none of its messages can be translated. An
f-string among the arguments of ``_()`` was enough for that (Babel evaluates the string tokens of the call).
"""

import os

from babel.messages import extract

from odoo.tests import TransactionCase, tagged

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = ("quality_documents", "quality_training", "quality_capa", "quality_supplier", "quality_audit")


def _python_files(addon):
    for root, dirs, files in os.walk(os.path.join(ROOT, addon)):
        dirs[:] = [d for d in dirs if d not in ("tests", "__pycache__")]
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(root, name)


def _messages(path):
    """The messages Babel extracts from ``path`` as Odoo's export does (same method, keywords, options)."""
    with open(path, "rb") as src:
        return [
            extracted[1]
            for extracted in extract.extract(
                "python", src, keywords={"_": None, "_lt": None}, options={"encoding": "UTF-8"}
            )
        ]


@tagged("post_install", "-at_install")
class TestTranslatableStrings(TransactionCase):
    def test_every_python_file_of_the_addons_is_extracted(self):
        messages = set()
        for addon in ADDONS:
            for path in _python_files(addon):
                with self.subTest(file=os.path.relpath(path, ROOT)):
                    messages.update(_messages(path))
        # Strings of files Babel once skipped: an inspection failure line, a specification, a skip-lot note,
        # an audit finding's CAPA statement.
        for message in (
            "measured %(values)s%(unit)s, limits %(lsl)s – %(usl)s (nominal %(nominal)s): %(defects)s of "
            "%(n)s units out of limits, acceptance number %(ac)s",
            "%(nominal)s%(unit)s (%(lsl)s – %(usl)s)",
            "Audit %(audit)s finding %(finding)s (%(severity)s%(clause)s): %(description)s",
        ):
            self.assertIn(message, messages)
