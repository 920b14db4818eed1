"""Explicit state machines. Every model with a status field declares one `Transitions` table of its allowed
(from → to) moves, next to the services that move it, and every change of that field goes through the table's door
(`move` for an object the caller saves, `update` for a row written in place). A forbidden move raises
`InvalidTransition` with a Chinese message naming both states; `REGISTRY` lists every table, so tests can walk them.
"""

from .errors import InvalidTransition

REGISTRY = {}


class Transitions:
    """The allowed moves of `model.field`: {from: {to, …}}; a state missing from the table has no way out.

    `message` is formatted with the states' labels (`old`, `new`) and the model's name (`noun`)."""

    def __init__(self, model, table, *, field="status", message="“{old}”状态的{noun}不能变为“{new}”。", code=None):
        self.model, self.field, self.message, self.code = model, field, message, code
        self.table = {old: frozenset(new) for old, new in table.items()}
        self.labels = dict(model._meta.get_field(field).choices)
        unknown = (set(self.table) | {s for news in self.table.values() for s in news}) - set(self.labels)
        if unknown:
            raise ValueError(f"{model.__name__}.{field}: unknown states {sorted(unknown)}")
        REGISTRY[(model._meta.label, field)] = self

    def __repr__(self):
        return f"<Transitions {self.model._meta.label}.{self.field}>"

    @property
    def moves(self):
        """Every allowed (from, to) pair, in the table's order."""
        return [(old, new) for old, news in self.table.items() for new in sorted(news)]

    def allows(self, old, new):
        return new in self.table.get(old, ())

    def targets(self, old):
        return self.table.get(old, frozenset())

    def refusal(self, old, new):
        noun = self.model._meta.verbose_name
        return self.message.format(old=self.labels.get(old, old), new=self.labels.get(new, new), noun=noun)

    def check(self, old, new):
        """Raise `InvalidTransition` unless `old` → `new` is in the table."""
        if not self.allows(old, new):
            error = InvalidTransition(self.refusal(old, new))
            error.code = self.code or error.code
            raise error

    def move(self, obj, new):
        """The door: check the move and set the field on `obj` (the caller saves it and records the audit event).
        Returns the old state."""
        old = getattr(obj, self.field)
        self.check(old, new)
        setattr(obj, self.field, new)
        return old

    def update(self, obj, new, **fields):
        """The door for rows written in place: check the move from `obj`'s state, then write the new state (and
        `fields`) to its row with one UPDATE. Returns the old state."""
        old = self.move(obj, new)
        type(obj)._default_manager.filter(pk=obj.pk).update(**{self.field: new}, **fields)
        return old
