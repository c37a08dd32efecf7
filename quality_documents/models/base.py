from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

EMPTY = (False, None)
TEXT_TYPES = ("char", "text", "html")
X2MANY_TYPES = ("one2many", "many2many")
NUMBER_TYPES = ("integer", "float", "monetary")


class Base(models.AbstractModel):
    """Two guards on every quality model, whatever the client (form, import, JSON-RPC).

    Wrong input: values of the wrong type are refused with a ValidationError naming the field. Odoo itself
    answers such input with a bare ``ValueError``, a database error (logged as a bad query), or, for a list
    in a text field or a float as a record id, stores it as it comes. Here the error says which field, what
    it got and what it expects, before anything is written (a batch create checks every row first).

    Workflow fields: a model lists in ``_quality_workflow_fields`` the fields that only its buttons and
    signatures change (its status, mostly). A plain write or create of them is refused; the workflow
    methods write them with ``_quality_workflow_write``, which checks the user's write right on the
    records and then writes in superuser mode (the user stays the author of the change in the chatter).
    """

    _inherit = "base"
    _quality_workflow_fields = frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        if self._name.startswith("quality."):
            for vals in vals_list:
                self._quality_check_input(vals)
                names = self._quality_workflow_fields.intersection(vals) if not self.env.su else ()
                if names:
                    defaults = self.default_get(list(names))
                    if any(vals[name] not in EMPTY and vals[name] != defaults.get(name) for name in names):
                        self._quality_refuse_workflow_write()
        return super().create(vals_list)

    def write(self, vals):
        if self._name.startswith("quality."):
            self._quality_check_input(vals)
            if not self.env.su and self._quality_workflow_fields.intersection(vals):
                self._quality_refuse_workflow_write()
        return super().write(vals)

    def _quality_refuse_workflow_write(self):
        raise UserError(
            self.env._(
                "The status of a %(model)s changes only through its buttons and signatures.",
                model=self._description,
            )
        )

    def _quality_workflow_write(self, vals):
        """Write workflow fields for the workflow: the user needs the write right on these records."""
        self.check_access("write")
        return self.sudo().write(vals)

    def _quality_check_input(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                raise ValidationError(
                    self.env._(
                        "%(model)s has no field %(field)s: remove it from the values.",
                        model=self._description,
                        field=name,
                    )
                )
            expected = self._quality_input_problem(field, value)
            if expected:
                raise ValidationError(
                    self.env._(
                        "Invalid value for %(label)s (%(field)s) of %(model)s: %(value)s is not %(expected)s.",
                        label=field.string,
                        field=name,
                        model=self._description,
                        value=repr(value)[:80],
                        expected=expected,
                    )
                )

    def _quality_input_problem(self, field, value):
        """What ``field`` expects when ``value`` does not fit it, else None."""
        if field.type == "boolean" or value in EMPTY or isinstance(value, models.BaseModel):
            return None
        if field.type in TEXT_TYPES:
            return None if isinstance(value, str) else self.env._("text")
        if field.type in NUMBER_TYPES:
            convert, label = (
                (int, self.env._("a whole number")) if field.type == "integer" else (float, self.env._("a number"))
            )
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                return label
            try:
                convert(value)
            except ValueError:
                return label
            return None
        if field.type in ("date", "datetime"):
            convert = fields.Date.to_date if field.type == "date" else fields.Datetime.to_datetime
            label = self.env._("a date (YYYY-MM-DD)") if field.type == "date" else self.env._("a date and time")
            try:
                convert(value)
            except (ValueError, TypeError):
                return label
            return None
        if field.type == "selection":
            allowed = field.get_values(self.env)
            return None if value in allowed else self.env._("one of %(values)s", values=", ".join(map(str, allowed)))
        if field.type == "many2one":
            if isinstance(value, int) and not isinstance(value, bool):
                return None
            return self.env._("the id of a %(model)s record", model=self.env[field.comodel_name]._description)
        if field.type in X2MANY_TYPES:
            ok = isinstance(value, (list, tuple)) and all(
                isinstance(item, (list, tuple, int)) and not isinstance(item, bool) for item in value
            )
            return None if ok else self.env._("a list of commands on %(model)s", model=field.comodel_name)
        return None
