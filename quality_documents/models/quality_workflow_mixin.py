"""One workflow mechanism for every quality model (see readme/USAGE.md, "Workflow").

A quality model inherits ``quality.workflow.mixin`` and declares, once:

- ``_quality_workflow_fields``: the fields that only its workflow changes (status and evidence). A plain
  ``write`` or ``create`` of them is refused for everyone, superuser included; a record starts with their
  default values.
- ``_quality_transitions``: ``{name: {"from": (states...), "to": state, "group": "module.xmlid" or None,
  "meaning": signature meaning or None, "label": "Close"}}``. A button calls
  ``self._quality_transition(name)``; a signature with ``meaning`` is allowed only to users of the
  transition's group (``_quality_check_meaning_allowed``).

A transition writes **with the clicking user's access rights and record rules**: no ``sudo()``. The only
key to the workflow fields is a context value that a JSON-RPC client cannot send (a Python object, not a
JSON value), so a client's context can never open them.

- ``_quality_locked_states``: the states in which the record is approved or effective (21 CFR 11.10(e)). A
  plain write that changes a tracked field of a record in such a state needs a reason for change, given in
  the same write as ``quality_change_reason`` (the form shows it in those states): the write is refused
  without one; with one, the reason is logged with the change (its tracking message, hence the audit trail)
  and not kept. Transitions and signatures (the workflow) carry their signature instead; the system's own
  writes (superuser: crons, hooks) and computed fields are not asked.

What was signed stays what was signed:

- ``_quality_frozen_states``: the states in which the record's content is frozen (signed, in review...), and
  ``_quality_frozen_fields``: that content, field names or ``ALL_FIELDS`` (every field but the chatter's
  bookkeeping, ``FROZEN_EXEMPT``). A plain write of one of them on a record in such a state is refused for
  everyone, superuser included; only the workflow (transitions, the signing step) may write them.
  ``_quality_is_frozen()`` is the predicate (override it for a rule that is not a list of states) and
  ``_quality_frozen_explanation()`` the sentence that tells the user why and what to do instead.
- ``_quality_undeletable_states``: the states in which the record is a quality record that is never deleted
  (``_quality_is_undeletable()``, override it for a rule that is not a list of states, and
  ``_quality_undeletable_explanation()``); deletion is refused, uninstalling the addon excepted.
- ``_quality_frozen_parent``: for the lines of a record's content (the characteristics of a revision, the
  records of an import batch), the many2one to that record, itself a model of this mixin. A line is frozen
  while its parent is (``_quality_is_frozen()`` of the parent): its ``_quality_frozen_fields`` (usually
  ``ALL_FIELDS``) cannot change, and no line is added to, moved into or deleted from a frozen parent. The
  refusal is the parent's ``_quality_frozen_explanation()``.

The mixin also refuses input of the wrong type with a ValidationError that names the field (Odoo answers
it with a bare ValueError or a database error), before anything is written.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

EMPTY = (False, None)
TEXT_TYPES = ("char", "text", "html")
X2MANY_TYPES = ("one2many", "many2many")
NUMBER_TYPES = ("integer", "float", "monetary")

WORKFLOW_KEY = "quality_workflow"

# The reason for change of a locked record: a value of the write, never stored on the record.
CHANGE_REASON_FIELD = "quality_change_reason"
# The element of a tracking message that holds the reason (read back by the audit-trail report).
CHANGE_REASON_CLASS = "o_quality_change_reason"

# ``_quality_frozen_fields = ALL_FIELDS``: every field is frozen, but what the chatter keeps up by itself.
ALL_FIELDS = "__all__"
FROZEN_EXEMPT = frozenset({"message_main_attachment_id"})


def signed_override_transitions(label):
    """The ``_quality_transitions`` of a quality manager's one-time override of a gate: ``sign``, from draft to
    signed, by a quality manager, with the signature meaning *override*."""
    return {
        "sign": {
            "from": ("draft",),
            "to": "signed",
            "group": "quality_documents.group_quality_manager",
            "meaning": "override",
            "label": label,
        },
    }


class _WorkflowToken:
    """The context value that opens the workflow fields: an object no JSON-RPC client can send."""

    __slots__ = ()

    def __repr__(self):
        return "<quality workflow>"


WORKFLOW_TOKEN = _WorkflowToken()


class QualityWorkflowMixin(models.AbstractModel):
    _name = "quality.workflow.mixin"
    _description = "Quality Workflow"

    _quality_state_field = "state"
    _quality_workflow_fields = frozenset()
    _quality_transitions = {}
    _quality_locked_states = frozenset()
    _quality_frozen_states = frozenset()
    _quality_frozen_fields = frozenset()
    _quality_undeletable_states = frozenset()
    _quality_frozen_parent = None

    quality_change_reason = fields.Char(
        "Reason for This Change",
        compute="_compute_quality_change_reason",
        readonly=False,
        copy=False,
        help="This record is approved or effective: say why you change it. The reason is recorded with the "
        "change in the chatter and the audit trail, for this save only.",
    )
    quality_change_locked = fields.Boolean(
        "Changes Need a Reason",
        compute="_compute_quality_change_locked",
        help="Approved or effective: a change of a tracked field needs a reason for change.",
    )

    def _compute_quality_change_reason(self):
        # Never kept: a reason belongs to the one save that carries it.
        self.quality_change_reason = False

    @api.depends(
        lambda self: [
            name for name in (self._quality_state_field, *self._quality_workflow_fields) if name in self._fields
        ]
    )
    def _compute_quality_change_locked(self):
        for record in self:
            record.quality_change_locked = record._quality_is_change_locked()

    def _quality_is_change_locked(self):
        self.ensure_one()
        state_field = self._quality_state_field
        return state_field in self._fields and self[state_field] in self._quality_locked_states

    # ------------------------------------------------------------------
    # Guard: workflow fields change only through the workflow
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._quality_without_change_reason(vals)[0] for vals in vals_list]
        for vals in vals_list:
            self._quality_check_input(vals)
        if not self._quality_in_workflow():
            self._quality_check_workflow_create(vals_list)
            if self._quality_frozen_parent:
                self._quality_check_frozen_parents(self._quality_created_parents(vals_list))
        return super().create(vals_list)

    @api.model
    def _quality_check_workflow_create(self, vals_list):
        """Refuse values of workflow fields other than their own defaults (a record starts at its first state).

        Given in the values or left to the caller's defaults: a ``default_state`` in the context of the call
        and a personal default (``ir.default``, which any user may set for themselves) would set a workflow
        field as surely as the values do, so they are held to the field's own default too. Called by ``create``
        outside the workflow; a model whose create adds workflow values of its own calls it on the caller's
        values first, then creates in the workflow context."""
        names = [name for name in self._quality_workflow_fields if name in self._fields]
        if not names:
            return
        context = self.env.context
        saved_defaults = None
        changed, by_default = set(), set()

        def differs(name, value, own):
            return value not in EMPTY and not self._quality_is_own_default(name, value, own)

        for name in names:
            own = self._fields[name].default(self) if self._fields[name].default else None
            if any(differs(name, vals[name], own) for vals in vals_list if name in vals):
                changed.add(name)
            if all(name in vals for vals in vals_list):
                continue
            # Some records take the field's default: the caller's (context), a saved one (ir.default), or its own.
            if f"default_{name}" in context:
                value = context[f"default_{name}"]
            else:
                if saved_defaults is None:
                    saved_defaults = self.env["ir.default"]._get_model_defaults(self._name)
                value = saved_defaults.get(name)
            if differs(name, value, own):
                by_default.add(name)
        if changed:
            self._quality_refuse_workflow_write(sorted(changed))
        if by_default:
            raise UserError(
                self.env._(
                    "A new %(model)s would start with %(fields)s set by a default (of the screen it is created "
                    "from, such as a column of a board grouped by status, or a saved default). A %(model)s starts "
                    "at its first status: create it with New, or remove the saved default.",
                    model=self._description,
                    fields=", ".join(self._fields[name].string for name in sorted(by_default)),
                )
            )

    @api.model
    def _quality_is_own_default(self, name, value, own):
        """Whether ``value`` given for workflow field ``name`` is its own default ``own`` (as the field stores
        them: "2026-01-31" is the date, 7 the record; an x2many: no record linked or created)."""
        field = self._fields[name]
        if field.type in X2MANY_TYPES:
            ids = self._quality_x2many_ids(field, value)
            return ids is not None and not ids and not own
        try:
            return field.convert_to_cache(value, self, validate=False) == field.convert_to_cache(
                own, self, validate=False
            )
        except (ValueError, TypeError):
            return False

    def write(self, vals):
        vals, reason = self._quality_without_change_reason(vals)
        self._quality_check_frozen(vals)
        self._quality_check_input(vals)
        changes = {}
        if not self._quality_in_workflow():
            changed = self._quality_workflow_fields.intersection(vals)
            if changed:
                self._quality_refuse_workflow_write(sorted(changed))
            changes = self._quality_check_change_reason(vals, reason)
        result = super().write(vals)
        if changes:
            self._quality_log_change_reason(changes, reason)
        return result

    # ------------------------------------------------------------------
    # Frozen content and records never deleted (21 CFR 11.10(c): what was signed stays what was signed)
    # ------------------------------------------------------------------
    def _quality_record_names(self):
        """These records, as a refusal names them: "WH/IN/00004, WH/IN/00005"."""
        return ", ".join(self.mapped("display_name"))

    def _quality_state_text(self):
        """The states of these records, as the user reads them: "signed", "in review / approved"."""
        state_field = self._quality_state_field
        selection = dict(self._fields[state_field]._description_selection(self.env))
        return " / ".join(sorted({selection.get(s, s) for s in self.mapped(state_field)})).lower()

    def _quality_is_frozen(self):
        """Whether this record's frozen fields are closed to plain writes (by default: its state; a line: whether
        its parent is frozen)."""
        self.ensure_one()
        if self._quality_frozen_parent:
            parent = self[self._quality_frozen_parent]
            return bool(parent) and parent._quality_is_frozen()
        return self[self._quality_state_field] in self._quality_frozen_states

    def _quality_is_undeletable(self):
        """Whether this record is kept for good, deletion refused (by default: its state; a line: while its parent
        is frozen)."""
        self.ensure_one()
        if self._quality_frozen_parent:
            return self._quality_is_frozen()
        return bool(self._quality_undeletable_states) and (
            self[self._quality_state_field] in self._quality_undeletable_states
        )

    def _quality_frozen_names(self, vals):
        """The names of ``vals`` that are frozen content of this model, sorted."""
        if self._quality_frozen_fields == ALL_FIELDS:
            return sorted(set(vals) - FROZEN_EXEMPT)
        return sorted(self._quality_frozen_fields.intersection(vals))

    def _quality_check_frozen(self, vals):
        """Refuse a plain write of frozen fields on frozen records, for everyone (superuser included): only the
        workflow (transitions, the signing step) writes them. A line is not moved into a frozen parent either."""
        if not self._quality_frozen_fields or self._quality_in_workflow():
            return
        if self._quality_frozen_parent in vals:
            self._quality_check_frozen_parents({vals[self._quality_frozen_parent]})
        names = self._quality_frozen_names(vals)
        if not names:
            return
        frozen = self.filtered(lambda record: record._quality_is_frozen())
        if frozen:
            raise UserError(
                self.env._(
                    "%(explanation)s Fields that cannot change: %(fields)s.",
                    explanation=frozen._quality_frozen_explanation(),
                    fields=", ".join(self._fields[name].string if name in self._fields else name for name in names),
                )
            )

    @api.model
    def _quality_created_parents(self, vals_list):
        """The parent ids the lines of ``vals_list`` are created in, their default (e.g. an import's) included."""
        parent = self._quality_frozen_parent
        default = None
        if any(parent not in vals for vals in vals_list):
            default = self.default_get([parent]).get(parent)
        return {vals.get(parent, default) for vals in vals_list}

    @api.model
    def _quality_check_frozen_parents(self, parent_ids):
        """Refuse adding lines to (or moving lines into) frozen parents, with the parents' explanation."""
        parents = self.env[self._fields[self._quality_frozen_parent].comodel_name].browse(
            [parent_id for parent_id in parent_ids if parent_id]
        )
        frozen = parents.filtered(lambda parent: parent._quality_is_frozen())
        if frozen:
            raise UserError(frozen._quality_frozen_explanation())

    def _quality_frozen_explanation(self):
        """Why these frozen records cannot change, and what to do instead: the start of the refusal (lines: their
        parents')."""
        if self._quality_frozen_parent:
            return self.mapped(self._quality_frozen_parent)._quality_frozen_explanation()
        return self.env._(
            "%(records)s is %(state)s: what was signed stays as it was signed.",
            records=self._quality_record_names(),
            state=self._quality_state_text(),
        )

    def _quality_undeletable_explanation(self):
        """Why these records cannot be deleted: the refusal (lines: their frozen parents' explanation)."""
        if self._quality_frozen_parent:
            return self._quality_frozen_explanation()
        return self.env._(
            "%(records)s: a %(state)s %(model)s is a quality record, it cannot be deleted.",
            records=self._quality_record_names(),
            state=self._quality_state_text(),
            model=self._description.lower(),
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_quality_undeletable(self):
        kept = self.filtered(lambda record: record._quality_is_undeletable())
        if kept:
            raise UserError(kept._quality_undeletable_explanation())

    # ------------------------------------------------------------------
    # Reason for change of approved / effective records (21 CFR 11.10(e))
    # ------------------------------------------------------------------
    @api.model
    def _quality_without_change_reason(self, vals):
        """``(vals without the reason for change, the reason stripped or "")``: the reason is never written."""
        if CHANGE_REASON_FIELD not in vals:
            return vals, ""
        vals = dict(vals)
        reason = vals.pop(CHANGE_REASON_FIELD) or ""
        return vals, reason.strip() if isinstance(reason, str) else reason

    def _quality_reason_fields(self):
        """Fields whose change on a locked record needs a reason: the tracked ones, and the signed content that
        the chatter cannot track (html, binary). Not the workflow's, nor ``active`` (archiving is the sanctioned
        retirement of a record, tracked)."""
        names = set(self._track_get_fields()) if "message_ids" in self._fields else set()
        if hasattr(self, "_quality_signature_field_specs"):
            names |= {
                name
                for name, _sub in self._quality_signature_field_specs()
                if name in self._fields and self._fields[name].type in ("html", "binary")
            }
        return names - self._quality_workflow_fields - {"active"}

    def _quality_check_change_reason(self, vals, reason):
        """Refuse a plain write changing tracked fields of approved/effective records without a reason.

        Returns ``{record: [changed field names]}`` of the locked records the write changes. The superuser (the
        system: crons, hooks acting on someone's behalf) is not asked."""
        if not self._quality_locked_states or self.env.su or "message_ids" not in self._fields:
            return {}
        names = self._quality_reason_fields().intersection(vals)
        if not names:
            return {}
        changes = {}
        for record in self:
            if record._quality_is_change_locked():
                changed = record._quality_changes_fields(vals, names)
                if changed:
                    changes[record] = changed
        if changes and not reason:
            locked = self.browse([record.id for record in changes])
            locked.check_access("write")  # who may not write at all is told that first
            raise UserError(
                self.env._(
                    "%(records)s is %(state)s: give a reason for change to change %(fields)s. "
                    "Type it in the reason-for-change box at the top of the form and save again; it is recorded "
                    "with the change.",
                    records=locked._quality_record_names(),
                    state=locked._quality_state_text(),
                    fields=", ".join(
                        sorted({self._fields[name].string for names in changes.values() for name in names})
                    ),
                )
            )
        if changes and not isinstance(reason, str):
            raise ValidationError(self.env._("The reason for change must be text."))
        return changes

    def _quality_log_change_reason(self, changes, reason):
        """Record the reason with the change: in its tracking message; for signed content the chatter cannot
        track (html, binary), in a log message naming the fields."""
        body = Markup('<p><strong>%s</strong> <span class="%s">%s</span></p>') % (
            self.env._("Reason for change:"),
            CHANGE_REASON_CLASS,
            reason,
        )
        tracked = self._track_get_fields()
        for record, names in changes.items():
            if tracked.intersection(names):
                record._track_set_log_message(body)
            untracked = [self._fields[name].string for name in names if name not in tracked]
            if untracked:
                record._message_log(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "Changed (content not tracked value by value): %(fields)s.", fields=", ".join(untracked)
                    )
                    + body
                )

    def _quality_changes_fields(self, vals, names):
        """The fields of ``names`` whose value in ``vals`` differs from this record's."""
        self.ensure_one()
        changed = []
        for name in names:
            field = self._fields[name]
            value = vals[name]
            if field.type in X2MANY_TYPES:
                new_ids = self._quality_x2many_ids(field, value)
                if new_ids is None or new_ids != set(self[name].ids):
                    changed.append(name)
                continue
            try:
                new = field.convert_to_record(field.convert_to_cache(value, self), self)
            except (ValueError, TypeError):
                changed.append(name)
                continue
            old = self[name]
            if field.type in TEXT_TYPES:
                new, old = new or False, old or False
            if new != old:
                changed.append(name)
        return changed

    def _quality_x2many_ids(self, field, commands):
        """The ids an x2many holds after link/unlink/set ``commands``; None when lines are created or edited."""
        ids = set(self[field.name].ids)
        for command in commands or ():
            if isinstance(command, int):
                ids.add(command)
                continue
            if not isinstance(command, (list, tuple)) or not command:
                return None
            code = command[0]
            if code in (2, 3):
                ids.discard(command[1])
            elif code == 4:
                ids.add(command[1])
            elif code == 5:
                ids = set()
            elif code == 6:
                ids = set(command[2] or ())
            else:
                return None
        return ids

    @api.model
    def _quality_expand_states(self, states, domain):
        """``group_expand`` of a status shown as a board: every status, in the workflow's order."""
        return [value for value, _label in self._fields[self._quality_state_field]._description_selection(self.env)]

    def _quality_in_workflow(self):
        return self.env.context.get(WORKFLOW_KEY) is WORKFLOW_TOKEN

    def _quality_workflow_context(self):
        """These records in the workflow: their workflow fields may be written (with the user's rights)."""
        return self.with_context(**{WORKFLOW_KEY: WORKFLOW_TOKEN})

    def _quality_refuse_workflow_write(self, names=()):
        labels = ", ".join(self._fields[name].string for name in names if name in self._fields)
        raise UserError(
            self.env._(
                "%(fields)s of a %(model)s can change only through its buttons and signatures.",
                fields=labels or self.env._("The status"),
                model=self._description,
            )
        )

    def _quality_workflow_write(self, vals):
        """Write workflow fields for the workflow, with the current user's access rights and record rules."""
        return self._quality_workflow_context().write(vals)

    @api.model
    def _quality_workflow_create(self, vals_list):
        """Create records with workflow values set by the workflow itself (user's rights apply).

        The records come back in the caller's environment: the workflow key does not stay on them."""
        return self._quality_workflow_context().create(vals_list).with_env(self.env)

    # ------------------------------------------------------------------
    # Declared transitions
    # ------------------------------------------------------------------
    def _quality_transition_label(self, name):
        transition = self._quality_transitions[name]
        return transition.get("label") or name.replace("_", " ").capitalize()

    def _quality_check_transition_group(self, name):
        """Refuse (AccessError) when the current user is not in the group of transition ``name``."""
        group = self._quality_transitions[name].get("group")
        if not group or self.env.su or self.env.user.has_group(group):
            return
        group_name = self.env.ref(group).sudo().full_name
        raise AccessError(
            self.env._(
                "%(action)s on a %(model)s is reserved for %(group)s; you are not in that group.",
                action=self._quality_transition_label(name),
                model=self._description,
                group=group_name,
            )
        )

    def _quality_check_transition(self, name):
        """Raise when transition ``name`` may not run on these records for the current user."""
        if name not in self._quality_transitions:
            raise UserError(self.env._("Unknown transition %(name)s.", name=name))
        self._quality_check_transition_group(name)
        transition = self._quality_transitions[name]
        state_field = self._quality_state_field
        selection = dict(self._fields[state_field]._description_selection(self.env))
        for record in self:
            if record[state_field] not in transition["from"]:
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: %(action)s is possible only when it is %(allowed)s.",
                        record=record.display_name,
                        state=selection.get(record[state_field], record[state_field]),
                        action=self._quality_transition_label(name),
                        allowed=" / ".join(selection.get(s, s) for s in transition["from"]),
                    )
                )

    def _quality_transition(self, name, vals=None):
        """Run transition ``name`` on these records: check group and source states, then write the target
        state (and ``vals``) with the user's own rights. Returns True."""
        self._quality_check_transition(name)
        values = dict(vals or {})
        target = self._quality_transitions[name]["to"]
        if target:  # "to": None, a transition that records evidence (a signature) and keeps the state
            values[self._quality_state_field] = target
        self._quality_workflow_write(values)
        return True

    def _quality_check_meaning_allowed(self, meaning):
        """A signature meaning declared by a transition is allowed only to that transition's group."""
        for name, transition in self._quality_transitions.items():
            if transition.get("meaning") == meaning:
                self._quality_check_transition_group(name)

    # ------------------------------------------------------------------
    # Wrong input
    # ------------------------------------------------------------------
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
