"""The star levels stored by `compute` (one SQL statement on PostgreSQL) equal the reference calculation in Python,
row for row and in order, on a round with ties, exact halves to round, pooled party windows, several leaders and a
member without any rating; rounding is 四舍五入 to 0.01."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from pingxuan.stars import commitments as c
from pingxuan.stars import compute, compute_sql, ratings
from pingxuan.stars import services as s
from pingxuan.stars.models import StarRun
from pingxuan.stars.services import get_period

H1 = timezone.make_aware(datetime.datetime(2011, 4, 2, 10, 0))
FIELDS = [
    "subject_kind",
    "organisation_id",
    "member_id",
    "name",
    "commitment",
    "public",
    "leader",
    "satisfaction",
    "ratings",
    "score",
    "level",
    "rank",
]


def test_round2_is_half_up_at_two_decimals():
    assert [compute.round2(x) for x in (72.125, 2.675, 0.1 + 0.2, 71.4, 54.995, 100.0)] == [
        72.13,
        2.68,
        0.3,
        71.4,
        55.0,
        100.0,
    ]


def _round(world, verified):
    """A round with ties, exact halves to round, pooled party windows, several leaders and a member without any
    rating."""
    p, clerk1, clerk2 = world["programme"], world["clerk1"], world["clerk2"]
    extra = s.add_member(user=clerk2, programme=p, window=world["w2"], name="赵强", post="窗口", party_org=world["branch"])
    s.add_member(user=clerk2, programme=p, window=world["w2"], name="钱进", post="窗口")
    made = []
    for i in range(8):
        made.append(
            c.publish(
                user=clerk1,
                programme=p,
                organisation=world["w1"],
                member=world["m1"],
                kind="content",
                text=f"承诺{i}",
                period="2011h1",
            )
        )
    for i, commitment in enumerate(made):
        c.review(user=clerk1, commitment=commitment, period="2011h1", fulfilled=i < 3, evidence="记录" if i < 3 else "")
    w2c = c.publish(user=clerk2, programme=p, organisation=world["w2"], kind="goal", text="窗口承诺", period="2011h1")
    c.review(user=clerk2, commitment=w2c, period="2011h1", fulfilled=True, evidence="台账")
    for i, option in enumerate(["satisfied", "basic", "basic", "unsatisfied", "satisfied", "basic", "satisfied"]):
        ratings.submit(programme=p, window=world["w1"], token=verified(f"1370000{i:04d}"), option=option, now=H1)
    for i, option in enumerate(["basic", "unsatisfied", "satisfied"]):
        ratings.submit(programme=p, window=world["w2"], token=verified(f"1371000{i:04d}"), option=option, now=H1)
    for who, score in [("leader", 87), ("organiser", 90), ("admin", 88)]:
        s.score_subject(user=world[who], programme=p, period="2011h1", score=score, member=world["m1"], organisation=world["w1"])
    s.score_subject(user=world["leader"], programme=p, period="2011h1", score=77.5, organisation=world["branch"])
    s.score_subject(user=world["leader"], programme=p, period="2011h1", score=61, member=extra, organisation=world["w2"])


# The star levels exist twice on purpose (docs/stars.md): `compute.calculate` in Python (the reference, and the leg
# used off PostgreSQL) and `compute_sql.write_run`, one INSERT … SELECT on PostgreSQL. Each leg writes a run from the
# same data; both must store the reference rows.
LEGS = {
    "python": lambda run, p: compute._write(run, compute.calculate(p, "2011h1")),
    "sql": lambda run, p: compute_sql.write_run(run, p, get_period(p, "2011h1")),
}


@pytest.mark.parametrize("leg", sorted(LEGS))
def test_every_leg_stores_the_reference_rows(world, verified, leg):
    if leg == "sql" and connection.vendor != "postgresql":
        pytest.skip("the SQL leg needs PostgreSQL (the suite runs it there under make test)")
    p = world["programme"]
    _round(world, verified)
    expected = compute.calculate(p, "2011h1")
    run = StarRun.objects.create(programme=p, period="2011h1", computed_by=world["organiser"])
    LEGS[leg](run, p)
    assert [{f: getattr(lv, f) for f in FIELDS} for lv in run.levels.order_by("id")] == expected
    assert len(expected) == 2 + 5 + 1


def test_stored_rows_equal_the_reference_calculation(world, verified):
    p = world["programme"]
    _round(world, verified)
    expected = compute.calculate(p, "2011h1")
    run = compute.compute(user=world["organiser"], programme=p, period="2011h1")
    stored = [{f: getattr(lv, f) for f in FIELDS} for lv in run.levels.order_by("id")]
    assert stored == expected
    assert len(stored) == 2 + 5 + 1
    by_name = {r["name"]: r for r in stored}
    # 张红: 3 of 8 fulfilled = 37.5; public (300 + 180) / 7 = 68.571…; leaders (87 + 90 + 88) / 3 = 88.333…
    assert (by_name["张红"]["commitment"], by_name["张红"]["public"], by_name["张红"]["leader"]) == (37.5, 68.57, 88.33)
    assert by_name["张红"]["score"] == compute.round2(0.4 * 37.5 + 0.4 * 480 / 7 + 0.2 * 265 / 3) == 60.1
    # the party branch pools both windows (its members are on duty at w1 and w2): 10 ratings
    assert (by_name["十堰市人民医院门诊党支部"]["ratings"], by_name["十堰市人民医院门诊党支部"]["satisfaction"]) == (10, 40.0)
    assert by_name["钱进"]["leader"] == 0.0 and by_name["钱进"]["ratings"] == 3
    # each row's rank is its place in the board's order; the run knows its row count per kind; pages are rank ranges
    for kind in ("member", "window", "party_org"):
        levels = run.levels.filter(subject_kind=kind)
        assert [lv.pk for lv in levels.order_by("rank")] == [lv.pk for lv in levels.order_by("-score", "id")]
        assert [lv.rank for lv in levels.order_by("rank")] == list(range(1, levels.count() + 1))
    run.refresh_from_db()
    assert run.counts == {"window": 2, "member": 5, "party_org": 1}
    compute.publish(user=world["organiser"], run=run)
    ordered = [lv.name for lv in run.levels.filter(subject_kind="member").order_by("-score", "id")]
    published, rows, total = compute.board(p, "2011h1", "member", page=2, size=2)
    assert (published, total, [(r.rank, r.name) for r in rows]) == (run, 5, [(3, ordered[2]), (4, ordered[3])])
