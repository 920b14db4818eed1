"""Hooks: how a lower area lets a higher one take part without importing it (imports point down, docs/architecture.md).

The lower area declares a `Hook` where the work happens (`WINNER_DISQUALIFIED = Hook("…")`) and calls it; the higher
area registers its function in its `AppConfig.ready()`. Handlers run in registration order, inside the caller's
transaction, and their errors propagate to the caller (unlike a signal receiver, a hook may refuse the action).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self, name: str) -> None:
        self.name = name
        self.handlers: list[Callable[..., Any]] = []

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self.handlers)} handler(s)>"

    def register(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Add `fn` (once; registering again is a no-op, so a reloaded app does not run twice). Returns `fn`."""
        if fn not in self.handlers:
            self.handlers.append(fn)
        return fn

    def __call__(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Every handler's answer, in registration order."""
        return [fn(*args, **kwargs) for fn in self.handlers]

    def first(self, *args: Any, default: Any = None, **kwargs: Any) -> Any:
        """The first handler's answer that is not None, or `default` (a provider: the area that knows answers)."""
        for fn in self.handlers:
            answer = fn(*args, **kwargs)
            if answer is not None:
                return answer
        return default
