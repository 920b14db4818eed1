"""Property test of the tally (SPEC §8): for random scenarios with planted ties, the ranking and the winners equal an
independent calculation written here with exact fractions. Vote counts are aggregated (up to 50,000 votes in all)."""

import datetime
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingxuan.judging import aggregation
from pingxuan.results.selection import select
from pingxuan.results.tally import score_rows

TIE_KEYS = ["expert", "delegate_vote", "unit_rank", "submitted_at"]
SCHEMES = [
    [{"kind": "expert", "weight": 100}],
    [{"kind": "public_vote", "weight": 60, "method": "max"}, {"kind": "expert", "weight": 40}],
    [{"kind": "public_vote", "weight": 30, "method": "share"}, {"kind": "delegate_vote", "weight": 70, "method": "max"}],
    [
        {"kind": "public_vote", "weight": 33.3, "method": "rank"},
        {"kind": "delegate_vote", "weight": 33.3, "method": "share"},
        {"kind": "expert", "weight": 33.4},
    ],
    [{"kind": "delegate_vote", "weight": 50, "method": "rank"}, {"kind": "expert", "weight": 50}],
]
DAY = datetime.datetime(2019, 6, 1, tzinfo=datetime.UTC)


@st.composite
def scenarios(draw):
    n = draw(st.integers(2, 60))
    judges = draw(st.integers(0, 9))
    # Small pools of values so that equal votes, equal scores and equal totals (ties) are frequent.
    vote_pool = draw(st.lists(st.integers(0, 50_000 // n), min_size=1, max_size=4))
    score_pool = draw(st.lists(st.integers(0, 200).map(lambda h: Fraction(h, 2)), min_size=1, max_size=4))
    noms = []
    for pk in range(1, n + 1):
        noms.append(
            {
                "pk": pk * 7 % 101 + pk,  # ids not in input order
                "public": draw(st.sampled_from(vote_pool)),
                "delegate": draw(st.sampled_from(vote_pool)) % 200,
                "totals": [draw(st.sampled_from(score_pool)) for _ in range(draw(st.integers(0, judges)))],
                "unit_rank": draw(st.one_of(st.none(), st.integers(1, 3))),
                "day": draw(st.one_of(st.none(), st.integers(0, 2))),
            }
        )
    return {
        "noms": noms,
        "trim": draw(st.booleans()),
        "comps": draw(st.sampled_from(SCHEMES)),
        "order": draw(st.permutations(TIE_KEYS)),
        "awards": draw(st.integers(1, n)),
        "shortlist": draw(st.one_of(st.none(), st.integers(1, n))),
    }


def independent(sc):
    """SPEC §8 by hand: expert score = mean of the judges' totals (去掉一个最高分和一个最低分 with trim and ≥ 5 judges);
    vote points max: 100·v/max, share: 100·v/Σ, rank: 100·(n − r + 1)/n with competition ranks; total = Σ w/100 ·
    points; ranked by total, then the tie-break order, then the nomination id."""
    noms = sc["noms"]

    def expert(nom):
        t = sorted(nom["totals"])
        if not t:
            return None
        if sc["trim"] and len(t) >= 5:
            t = t[1:-1]
        return Fraction(sum(t)) / len(t)

    def points(kind, method, nom):
        key = {"public_vote": "public", "delegate_vote": "delegate"}[kind]
        values = [m[key] for m in noms]
        v = nom[key]
        if method == "share":
            return Fraction(100 * v, sum(values)) if sum(values) else Fraction(0)
        if method == "rank":
            r = 1 + sum(1 for x in values if x > v)
            return Fraction(100 * (len(values) - r + 1), len(values))
        return Fraction(100 * v, max(values)) if max(values) else Fraction(0)

    keyed = []
    for nom in noms:
        total = Fraction(0)
        for c in sc["comps"]:
            p = expert(nom) or Fraction(0) if c["kind"] == "expert" else points(c["kind"], c.get("method"), nom)
            total += Fraction(str(c["weight"])) / 100 * p
        ties = {
            "expert": -(expert(nom) or 0),
            "delegate_vote": -nom["delegate"],
            "unit_rank": (nom["unit_rank"] is None, nom["unit_rank"] or 0),
            "submitted_at": (nom["day"] is None, nom["day"] or 0),
        }
        keyed.append(([-total] + [ties[k] for k in sc["order"]] + [nom["pk"]], nom["pk"], total))
    keyed.sort()
    order = [pk for _, pk, _ in keyed]
    pool = order[: sc["shortlist"]] if sc["shortlist"] else order
    return order, {pk: total for _, pk, total in keyed}, pool[: sc["awards"]]


def system(sc, category):
    rows = []
    for nom in sc["noms"]:
        summary = aggregation.summarise(nom["totals"], trim=sc["trim"])
        rows.append(
            {
                "nomination": nom["pk"],
                "unit_rank": nom["unit_rank"],
                "raw": {"public_vote": nom["public"], "delegate_vote": nom["delegate"]},
                "_exact": {"scores": {"expert": summary["exact"], "onsite": None}},
                "_submitted_at": None if nom["day"] is None else DAY + datetime.timedelta(days=nom["day"]),
            }
        )
    score_rows(rows, sc["comps"], sc["order"])
    # A real category (selection reads its quotas and alternates), with this scenario's rules set in memory only.
    category.selection = {"shortlist": sc["shortlist"]} if sc["shortlist"] else {}
    category.awards, category.tiers = sc["awards"], []
    return rows, select(category, rows)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(sc=scenarios())
def test_ranking_and_winners_equal_an_independent_calculation(small, sc):
    order, totals, winners = independent(sc)
    rows, summary = system(sc, small["category"])
    assert [r["nomination"] for r in rows] == order
    assert {r["nomination"]: Fraction(r["total_exact"]) for r in rows} == totals
    assert [r["rank"] for r in rows] == list(range(1, len(order) + 1))
    assert summary["winners"] == winners


def test_totals_0_00004_apart_do_not_tie():
    """Two totals 0.00004 apart: the higher ranks first although both show as 80.0 and the tie-break (delegate votes)
    would reverse them; rounded before ranking only when the scheme says so."""

    def rows(a, b):
        return [
            {
                "nomination": pk,
                "unit_rank": None,
                "raw": {"public_vote": 0, "delegate_vote": delegate},
                "_exact": {"scores": {"expert": Fraction(score), "onsite": None}},
                "_submitted_at": DAY,
            }
            for pk, score, delegate in [(1, a, 0), (2, b, 9)]
        ]

    comps = [{"kind": "expert", "weight": 100}]
    ranked = score_rows(rows("80.00004", "80.00000"), comps, ["delegate_vote"])
    assert [(r["nomination"], r["total"], r["total_exact"], r["decided_by"]) for r in ranked] == [
        (1, 80.0, "2000001/25000", None),
        (2, 80.0, "80", None),
    ]
    ranked = score_rows(rows("80.00004", "80.00000"), comps, ["delegate_vote"], round_places=2)
    assert [(r["nomination"], r["total"], r["total_exact"], r["decided_by"]) for r in ranked] == [
        (2, 80.0, "80", "delegate_vote"),
        (1, 80.0, "80", "delegate_vote"),
    ]
