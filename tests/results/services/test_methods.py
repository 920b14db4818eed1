"""Vote methods and the tie-break order, on the pure functions of the tally."""

import datetime
from fractions import Fraction

from pingxuan.results.tally import _decider, _sort_key, vote_points


def test_vote_methods():
    votes = {1: 50, 2: 100, 3: 50, 4: 0}
    assert vote_points(votes, "max") == {1: 50.0, 2: 100.0, 3: 50.0, 4: 0.0}
    assert vote_points(votes, None) == {1: 50.0, 2: 100.0, 3: 50.0, 4: 0.0}
    assert vote_points(votes, "share") == {1: 25.0, 2: 50.0, 3: 25.0, 4: 0.0}
    # Competition ranks 1, 2, 2, 4 among 4: 100 × (4 − r + 1) / 4.
    assert vote_points(votes, "rank") == {2: 100.0, 1: 75.0, 3: 75.0, 4: 25.0}
    assert vote_points({1: 0, 2: 0}, "max") == {1: 0.0, 2: 0.0}
    assert vote_points({1: 0, 2: 0}, "share") == {1: 0.0, 2: 0.0}


def row(pk, *, total=80.0, expert=70.0, delegate=0, public=0, unit_rank=None, day=1):
    return {
        "nomination": pk,
        "raw": {"public_vote": public, "delegate_vote": delegate},
        "unit_rank": unit_rank,
        "_exact": {
            "total": Fraction(str(total)),
            "points": {"expert": Fraction(str(expert))},
            "scores": {"expert": Fraction(str(expert)), "onsite": None},
        },
        "_submitted_at": datetime.datetime(2019, 6, day, tzinfo=datetime.UTC),
    }


ORDER = ["expert", "delegate_vote", "unit_rank", "submitted_at"]


def ranked(rows, order=ORDER):
    return [r["nomination"] for r in sorted(rows, key=lambda r: _sort_key(r, order))]


def test_tie_break_default_order():
    a = row(1, expert=70, delegate=5, unit_rank=2, day=1)
    b = row(2, expert=75, delegate=1, unit_rank=3, day=9)
    assert ranked([a, b]) == [2, 1] and _decider(a, b, ORDER) == "expert"
    b = row(2, expert=70, delegate=6, unit_rank=3, day=9)
    assert ranked([a, b]) == [2, 1] and _decider(a, b, ORDER) == "delegate_vote"
    b = row(2, expert=70, delegate=5, unit_rank=1, day=9)
    assert ranked([a, b]) == [2, 1] and _decider(a, b, ORDER) == "unit_rank"
    b = row(2, expert=70, delegate=5, unit_rank=2, day=3)
    assert ranked([a, b]) == [1, 2] and _decider(a, b, ORDER) == "submitted_at"
    b = row(2, expert=70, delegate=5, unit_rank=2, day=1)
    assert ranked([b, a]) == [1, 2] and _decider(a, b, ORDER) == "id"


def test_total_before_tie_break_and_custom_order():
    a = row(1, total=81.0, expert=60)
    b = row(2, total=80.0, expert=90)
    assert ranked([b, a]) == [1, 2]
    a = row(1, public=10, expert=90)
    b = row(2, public=20, expert=60)
    assert ranked([a, b], ["public_vote", "expert"]) == [2, 1]
    assert _decider(a, b, ["public_vote", "expert"]) == "public_vote"
    # A unit's own rank: unranked nominations come after ranked ones.
    assert ranked([row(1, expert=70), row(2, expert=70, unit_rank=5)]) == [2, 1]
