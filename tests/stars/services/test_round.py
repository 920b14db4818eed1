"""The shiyan-2011 programme runs a half-year round end to end: commitments, QR ratings, leader evaluations,
回头看, star levels checked against an independent calculation, the published board, 再承诺 and the trend."""

import datetime

from django.utils import timezone

from pingxuan.stars import commitments as c
from pingxuan.stars import compute, ratings
from pingxuan.stars import services as s
from pingxuan.stars.models import Commitment

H1 = timezone.make_aware(datetime.datetime(2011, 5, 10, 10, 0))


def expected_level(score):
    """shiyan-2011: 1 star from 50 points, one more every 5 points, 10 stars from 95 (typed from the preset's notes)."""
    return 0 if score < 50 else min(10, int((score - 50) // 5) + 1)


def combine(commitment, public, leader):
    """Weights of the preset's notes: 承诺践诺 40 %, 群众评议 40 %, 领导点评 20 %."""
    return round(0.4 * commitment + 0.4 * public + 0.2 * leader, 2)


def rate(world, verified, window, answers, start=0, now=H1):
    for i, option in enumerate(answers, start=start):
        token = verified(f"1380000{i:04d}")
        ratings.submit(programme=world["programme"], window=world[window], token=token, option=option, now=now)


def test_half_year_round(world, verified):
    p, clerk1, clerk2 = world["programme"], world["clerk1"], world["clerk2"]
    m1, m2, m3 = world["m1"], world["m2"], world["m3"]
    # 亮承诺
    c_w1 = c.publish(
        user=clerk1, programme=p, organisation=world["w1"], kind="standard", text="首问负责，一次告知", period="2011h1"
    )
    c_w2 = c.publish(user=clerk2, programme=p, organisation=world["w2"], kind="time_limit", text="当场办结", period="2011h1")
    c_p1 = c.publish(
        user=world["hclerk"], programme=p, organisation=world["branch"], kind="goal", text="创党员示范窗口", period="2011h1"
    )
    c_m1a = c.publish(
        user=clerk1, programme=p, organisation=world["w1"], member=m1, kind="content", text="微笑服务", period="2011h1"
    )
    c_m1b = c.publish(
        user=clerk1, programme=p, organisation=world["w1"], member=m1, kind="time_limit", text="挂号不超过2分钟", period="2011h1"
    )
    c_m2 = c.publish(
        user=clerk1, programme=p, organisation=world["w1"], member=m2, kind="standard", text="收费零差错", period="2011h1"
    )
    c_m3 = c.publish(
        user=clerk2, programme=p, organisation=world["w2"], member=m3, kind="procedure", text="一次性告知", period="2011h1"
    )
    # 群众评议 by QR code, after the SMS check
    rate(world, verified, "w1", ["satisfied"] * 8 + ["basic", "unsatisfied"])
    rate(world, verified, "w2", ["satisfied"] * 3 + ["unsatisfied"] * 2, start=100)
    # 领导点评 (two leaders on m1: the mean counts)
    for who, subject, score in [
        ("leader", {"member": m1, "organisation": world["w1"]}, 90),
        ("organiser", {"member": m1, "organisation": world["w1"]}, 80),
        ("leader", {"member": m2, "organisation": world["w1"]}, 70),
        ("leader", {"organisation": world["branch"]}, 88),
        ("leader", {"organisation": world["w1"]}, 92),
        ("leader", {"organisation": world["w2"]}, 60),
    ]:
        s.score_subject(user=world[who], programme=p, period="2011h1", score=score, **subject)
    # 回头看
    for commitment, fulfilled, user in [
        (c_w1, True, clerk1),
        (c_w2, False, clerk2),
        (c_p1, True, world["hclerk"]),
        (c_m1a, True, clerk1),
        (c_m1b, False, clerk1),
        (c_m2, True, clerk1),
        (c_m3, True, clerk2),
    ]:
        c.review(
            user=user, commitment=commitment, period="2011h1", fulfilled=fulfilled, evidence="群众来信表扬" if fulfilled else ""
        )

    run = compute.compute(user=world["organiser"], programme=p, period="2011h1")
    got = {
        (lv.subject_kind, lv.name): (lv.commitment, lv.public, lv.leader, lv.score, lv.level, lv.satisfaction, lv.ratings)
        for lv in run.levels.all()
    }
    # independent calculation from the rows typed above
    w1_public, w2_public = (8 * 100 + 60 + 0) / 10, (3 * 100) / 5
    parts = {
        ("window", "十堰市人民医院门诊挂号窗口"): (100, w1_public, 92, 80.0, 10),
        ("window", "十堰市民政局婚姻登记窗口"): (0, w2_public, 60, 60.0, 5),
        ("member", "张红"): (50, w1_public, 85, 80.0, 10),
        ("member", "李明"): (100, w1_public, 70, 80.0, 10),
        ("member", "王芳"): (100, w2_public, 0, 60.0, 5),
        ("party_org", "十堰市人民医院门诊党支部"): (100, w1_public, 88, 80.0, 10),
    }
    expected = {
        key: (float(cm), pub, float(ld), combine(cm, pub, ld), expected_level(combine(cm, pub, ld)), sat, n)
        for key, (cm, pub, ld, sat, n) in parts.items()
    }
    assert got == expected
    assert {k: v[4] for k, v in got.items()} == {
        ("window", "十堰市人民医院门诊挂号窗口"): 9,  # 40 + 34.4 + 18.4 = 92.8
        ("window", "十堰市民政局婚姻登记窗口"): 0,  # 0 + 24 + 12 = 36, below the first star
        ("member", "张红"): 5,  # 20 + 34.4 + 17 = 71.4
        ("member", "李明"): 8,  # 40 + 34.4 + 14 = 88.4
        ("member", "王芳"): 3,  # 40 + 24 + 0 = 64
        ("party_org", "十堰市人民医院门诊党支部"): 9,  # 40 + 34.4 + 17.6 = 92
    }

    # the board shows nothing until a run is published
    assert compute.board(p, "2011h1", "member") == (None, [], 0)
    compute.publish(user=world["organiser"], run=run)
    published, rows, total = compute.board(p, "2011h1", "member")
    assert (published, total) == (run, 3)
    assert [(r.rank, r.name, r.score, r.level) for r in rows] == [
        (1, "李明", 88.4, 8),
        (2, "张红", 71.4, 5),
        (3, "王芳", 64.0, 3),
    ]

    # 再承诺 in the second half-year: the unkept commitment is replaced, never deleted
    new = c.recommit(user=clerk1, commitment=c_m1b, text="挂号不超过1分钟，高峰增开窗口", period="2011h2")
    c_m1b.refresh_from_db()
    assert (c_m1b.is_active, new.supersedes, new.member, new.kind) == (False, c_m1b, m1, "time_limit")
    assert [x.text for x in c.active_commitments(member=m1)] == ["微笑服务", "挂号不超过1分钟，高峰增开窗口"]
    assert Commitment.objects.filter(member=m1).count() == 3
    counts = {r["name"]: r for r in c.counts(p, "2011h2")}
    assert counts["十堰市人民医院门诊挂号窗口"] == {
        "organisation": world["w1"].pk,
        "name": "十堰市人民医院门诊挂号窗口",
        "total": 1,
        "active": 4,
        "new": 1,
        "reviewed": 0,
        "fulfilled": 0,
    }
    assert sorted((r["name"], r["total"], r["active"], r["new"]) for r in counts.values()) == [
        ("十堰市人民医院门诊党支部", 0, 1, 0),
        ("十堰市人民医院门诊挂号窗口", 1, 4, 1),
        ("十堰市民政局婚姻登记窗口", 0, 2, 0),
    ]
    assert sorted((r["name"], r["total"], r["reviewed"], r["fulfilled"]) for r in c.counts(p, "2011h1")) == [
        ("十堰市人民医院门诊党支部", 1, 1, 1),
        ("十堰市人民医院门诊挂号窗口", 4, 4, 3),
        ("十堰市民政局婚姻登记窗口", 2, 2, 1),
    ]
    assert compute.trend(p, member=m1) == [
        {"period": "2011h1", "name": "2011年上半年", "level": 5, "score": 71.4, "satisfaction": 80.0}
    ]
