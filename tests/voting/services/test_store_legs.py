"""The vote's durable write exists twice on purpose (docs/voting.md, `voting/store.py`): one SQL statement on
PostgreSQL — for one vote, and its batch form for the votes a process groups — and the same checks through the ORM
elsewhere. Every leg runs the same attempts on the same data: each accepts and refuses the same votes with the same
messages and leaves the same vote rows and daily counters. The SQL legs run where the database is PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from pingxuan.core.errors import ServiceError
from pingxuan.voting import store
from pingxuan.voting.models import Vote, Voter, VoterDay
from pingxuan.voting.recorder import Pending
from pingxuan.voting.services import nomination_state

DAY1 = datetime.date(2026, 3, 2)
DAY2 = datetime.date(2026, 3, 3)
LIMIT, PER_CANDIDATE = 3, 2
# (voter, candidate, day): one voter's day fills up; another votes twice for one candidate; a new day starts afresh.
ATTEMPTS = [
    (0, 0, DAY1),
    (0, 0, DAY1),
    (0, 0, DAY1),
    (0, 1, DAY1),
    (0, 2, DAY1),
    (1, 3, DAY1),
    (1, 3, DAY1),
    (1, 3, DAY1),
    (1, 4, DAY1),
    (0, 0, DAY2),
]
CATEGORY = "群众满意窗口"


def _by_one(insert):
    def run(pending):
        out = []
        for vote in pending:
            try:
                insert(vote.row, vote.limit, vote.per_candidate, vote.state)
                out.append(None)
            except ServiceError as exc:
                out.append(exc.message)
        return out

    return run


def _batches(pending):
    """In order, as a process groups them: a batch holds at most one vote per voter, category and day."""
    out = []
    for vote in pending:
        if out and vote.key not in {v.key for v in out[-1]}:
            out[-1].append(vote)
        else:
            out.append([vote])
    return out


def _in_batches(pending):
    for batch in _batches(pending):
        store.insert_batch(batch)
    return [getattr(vote, "error", None) and vote.error.message for vote in pending]


LEGS = {"orm": _by_one(store._insert_orm), "sql": _by_one(store._insert_pg), "sql_batch": _in_batches}


@pytest.mark.parametrize("leg", sorted(LEGS))
def test_every_leg_accepts_refuses_and_counts_alike(world, leg):
    if leg != "orm" and connection.vendor != "postgresql":
        pytest.skip("the SQL legs need PostgreSQL (the suite runs them there under make test)")
    candidates = world["candidates"]["window"]
    voters = [Voter.objects.create(phone=f"1392000{i:04d}") for i in range(2)]
    pending = []
    for n, (who, candidate, day) in enumerate(ATTEMPTS):
        state = nomination_state(candidates[candidate].pk)
        row = {
            "campaign_id": state["campaign"],
            "category_id": state["category"],
            "nomination_id": candidates[candidate].pk,
            "voter_id": voters[who].pk,
            "day": day,
            "cast_at": timezone.now(),
            "ip": "10.0.0.1",
            "device": "",
            "user_agent": "test",
            "verify_delay": 30.0,
            "receipt": f"LEG{n:05d}",
        }
        pending.append(Pending(row, LIMIT, PER_CANDIDATE, state, {}, None))
    titles = [str(c) for c in candidates]

    answers = LEGS[leg](pending)

    daily = f"每人每天在“{CATEGORY}”最多投 {LIMIT} 票，今天的票已投完，明天再来。"

    def same(i):
        return f"每人每天对同一候选对象最多投 {PER_CANDIDATE} 票，今天已为“{titles[i]}”投过票。"

    assert answers == [None, None, same(0), None, daily, None, None, same(3), None, None]
    who = {v.pk: i for i, v in enumerate(voters)}
    which = {c.pk: i for i, c in enumerate(candidates)}
    votes = sorted(
        (who[voter], which[nomination], day, slot)
        for voter, nomination, day, slot in Vote.objects.values_list("voter_id", "nomination_id", "day", "slot")
    )
    assert votes == [
        (0, 0, DAY1, 1),
        (0, 0, DAY1, 2),
        (0, 0, DAY2, 1),
        (0, 1, DAY1, 1),
        (1, 3, DAY1, 1),
        (1, 3, DAY1, 2),
        (1, 4, DAY1, 1),
    ]
    counters = sorted((who[voter], day, used) for voter, day, used in VoterDay.objects.values_list("voter_id", "day", "used"))
    assert counters == [(0, DAY1, 3), (0, DAY2, 1), (1, DAY1, 3)]
