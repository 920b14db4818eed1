"""Recording an accepted-so-far vote: its places in the shared counters, the checks on them, its durable row.

`cast(vote)` either records the vote alone (SQLite, or inside a caller's transaction, or with group commit off) or
hands it to this process's group commit (groupcommit.py): the leader reserves the counters of every waiting vote
with one Redis script, runs each vote's counter checks, writes the votes that passed with one PostgreSQL statement
and hands back the places of the votes that were refused. Either way a vote's answer comes after its commit, and
a refused vote holds no place in any counter.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection

from . import limits, store
from .groupcommit import GroupCommit, Waiting, copy_error

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

logger = logging.getLogger(__name__)


class Pending(Waiting):
    """A vote that passed every check that needs no counter: its row, its rules and its counters."""

    def __init__(
        self,
        row: dict[str, Any],
        limit: int,
        per_candidate: int,
        state: dict[str, Any],
        counters: dict[str, str],
        check: Callable[[Mapping[str, int]], None],
    ) -> None:
        super().__init__()
        self.row, self.limit, self.per_candidate, self.state = row, limit, per_candidate, state
        self.counters = counters  # {name: cache key}
        self.check = check  # raises the refusal due for {name: this vote's place in that counter}
        self.key = (row["voter_id"], row["category_id"], row["day"])  # type: ignore[assignment]

    def places(self, values):
        return dict(zip(self.counters, values, strict=True))


def cast(vote: Pending) -> None:
    """Record the vote or raise its refusal (in Chinese, naming the rule)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block and settings.VOTE_GROUP_COMMIT:
        GROUP.submit(vote)
        return
    keys = list(vote.counters.values())
    values = limits.reserve(keys)
    try:
        vote.check(vote.places(values))
        store.insert(vote.row, vote.limit, vote.per_candidate, vote.state)
    except BaseException:
        limits.release(keys)
        raise


def _cast_batch(batch):
    places = iter(limits.reserve([key for vote in batch for key in vote.counters.values()]))
    ready = []
    for vote in batch:
        values = [next(places) for _ in vote.counters]
        try:
            vote.check(vote.places(values))
            ready.append(vote)
        except Exception as exc:
            vote.error = exc
    try:
        if len(ready) == 1:
            _insert_one(ready[0])
        elif ready:
            store.insert_batch(ready)
    except Exception as exc:  # nothing of the batch was written: every vote gets the error, and hands its places back
        for vote in ready:
            vote.error = copy_error(exc)
    refused = [key for vote in batch if vote.error is not None for key in vote.counters.values()]
    if refused:
        try:
            limits.release(refused)
        except Exception:  # the batch is committed: nothing may fail it now; the places stay taken until the
            # counters expire (the safe side)
            logger.exception("could not hand back %d counter places of refused votes", len(refused))


def _insert_one(vote):
    try:
        store.insert(vote.row, vote.limit, vote.per_candidate, vote.state)
    except Exception as exc:
        vote.error = exc


GROUP = GroupCommit(_cast_batch)
