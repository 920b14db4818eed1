"""Explicit state machines. Every model with a status field declares one `Transitions` table of its allowed
(from → to) moves, next to the services that move it, and every change of that field goes through the table's door
(`move` for an object the caller saves, `update` for a row written in place). A forbidden move raises
`InvalidTransition` with a Chinese message naming both states; `REGISTRY` lists every table, so tests can walk them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from .errors import InvalidTransition

REGISTRY: dict[tuple[str, str], Transitions] = {}


class Transitions:
    """The allowed moves of `model.field`: {from: {to, …}}; a state missing from the table has no way out.

    `message` is formatted with the states' labels (`old`, `new`) and the model's name (`noun`)."""

    def __init__(
        self,
        model: type[models.Model],
        table: Mapping[str, Iterable[str]],
        *,
        field: str = "status",
        message: str = "“{old}”状态的{noun}不能变为“{new}”。",
        code: str | None = None,
    ) -> None:
        self.model, self.field, self.message, self.code = model, field, message, code
        self.table = {old: frozenset(new) for old, new in table.items()}
        self.labels: dict[Any, Any] = dict(getattr(model._meta.get_field(field), "choices", None) or [])
        unknown = (set(self.table) | {s for news in self.table.values() for s in news}) - set(self.labels)
        if unknown:
            raise ValueError(f"{model.__name__}.{field}: unknown states {sorted(unknown)}")
        REGISTRY[(model._meta.label, field)] = self

    def __repr__(self) -> str:
        return f"<Transitions {self.model._meta.label}.{self.field}>"

    @property
    def moves(self) -> list[tuple[str, str]]:
        """Every allowed (from, to) pair, in the table's order."""
        return [(old, new) for old, news in self.table.items() for new in sorted(news)]

    def allows(self, old: str, new: str) -> bool:
        return new in self.table.get(old, ())

    def targets(self, old: str) -> frozenset[str]:
        return self.table.get(old, frozenset())

    def refusal(self, old: str, new: str) -> str:
        noun = self.model._meta.verbose_name
        return self.message.format(old=self.labels.get(old, old), new=self.labels.get(new, new), noun=noun)

    def check(self, old: str, new: str) -> None:
        """Raise `InvalidTransition` unless `old` → `new` is in the table."""
        if not self.allows(old, new):
            error = InvalidTransition(self.refusal(old, new))
            error.code = self.code or error.code
            raise error

    def move(self, obj: models.Model, new: str) -> str:
        """The door: check the move and set the field on `obj` (the caller saves it and records the audit event).
        Returns the old state."""
        old: str = getattr(obj, self.field)
        self.check(old, new)
        setattr(obj, self.field, new)
        return old

    def update(self, obj: models.Model, new: str, **fields: Any) -> str:
        """The door for rows written in place: check the move from `obj`'s state, then write the new state (and
        `fields`) to its row with one UPDATE. Returns the old state."""
        old = self.move(obj, new)
        type(obj)._default_manager.filter(pk=obj.pk).update(**{self.field: new}, **fields)
        return old
