"""选树: 岗位先锋 and 群众满意窗口 proposed from a published star board into a gucheng-2011 campaign as draft
nominations, through the nominations service (its refusals come back per row), by the service and the API."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from pingxuan.core.errors import ServiceError
from pingxuan.nominations.models import Nomination
from pingxuan.orgs.services import grant_role
from pingxuan.stars import compute, ratings, selection
from pingxuan.stars import services as s
from tests.nominations.paperwork import open_preset, people

H1 = timezone.make_aware(datetime.datetime(2011, 5, 10, 10, 0))


def starred(world, verified):
    """A published 2011h1 board: 张红 and the hospital window above one star, 王芳 and the other window below."""
    p = world["programme"]
    for i in range(5):
        ratings.submit(programme=p, window=world["w1"], token=verified(f"1370000{i:04d}"), option="satisfied", now=H1)
    for subject, score in [
        ({"member": world["m1"], "organisation": world["w1"]}, 100),
        ({"member": world["m2"], "organisation": world["w1"]}, 60),
        ({"organisation": world["w1"]}, 100),
        ({"organisation": world["w2"]}, 100),
    ]:
        s.score_subject(user=world["leader"], programme=p, period="2011h1", score=score, **subject)
    run = compute.compute(user=world["organiser"], programme=p, period="2011h1")
    return run


def test_candidates_need_a_published_board(world, verified):
    p = world["programme"]
    run = starred(world, verified)
    with pytest.raises(ServiceError) as err:
        selection.candidates(p, "2011h1", "post_pioneer")
    assert err.value.message == "本周期的星级榜尚未公布，不能从中选树。"
    compute.publish(user=world["organiser"], run=run)
    # 40 % of 100 (public) + 20 % of the leader's score; no commitments
    assert [(r.name, r.score, r.level) for r in selection.candidates(p, "2011h1", "post_pioneer")] == [
        ("张红", 60.0, 3),
        ("李明", 52.0, 1),
    ]
    assert [(r.name, r.score, r.level) for r in selection.candidates(p, "2011h1", "post_pioneer", limit=1)] == [("张红", 60.0, 3)]
    # 王芳's window has no ratings: 20 points, no star, not a candidate; likewise the marriage-registry window
    assert [(r.name, r.score, r.level) for r in selection.candidates(p, "2011h1", "satisfied_window")] == [
        ("十堰市人民医院门诊挂号窗口", 60.0, 3)
    ]
    with pytest.raises(ServiceError) as err:
        selection.candidates(p, "2011h1", "model_worker")
    assert err.value.message == "没有选树类别“model_worker”，可用：岗位先锋、群众满意窗口。"


def test_propose_into_gucheng(world, verified, admin_user):
    p = world["programme"]
    compute.publish(user=world["organiser"], run=starred(world, verified))
    campaign = open_preset(admin_user, "gucheng-2011")
    clerk, base, _ = people(campaign)
    out = selection.propose(
        user=clerk,
        programme=p,
        period="2011h1",
        selection="post_pioneer",
        category=campaign.categories.get(code="individual"),
        unit=base,
    )
    assert [(n.title, n.status, n.unit, n.data) for n in out["created"]] == [
        (
            "张红",
            "draft",
            base,
            {"name": "张红", "political_status": "中共党员", "workplace_post": "十堰市人民医院门诊挂号窗口挂号员"},
        ),
        (
            "李明",
            "draft",
            base,
            {"name": "李明", "political_status": "中共党员", "workplace_post": "十堰市人民医院门诊挂号窗口收费员"},
        ),
    ]
    assert out["refused"] == []
    out = selection.propose(
        user=clerk,
        programme=p,
        period="2011h1",
        selection="satisfied_window",
        category=campaign.categories.get(code="window"),
        unit=base,
    )
    assert [(n.title, n.status, n.data) for n in out["created"]] == [
        ("十堰市人民医院门诊挂号窗口", "draft", {"window_name": "十堰市人民医院门诊挂号窗口"})
    ]
    assert out["refused"] == []
    # someone who is not the unit's clerk: every row refused with the service's message, nothing created
    before = Nomination.objects.count()
    out = selection.propose(
        user=world["organiser"],
        programme=p,
        period="2011h1",
        selection="satisfied_window",
        category=campaign.categories.get(code="window"),
        unit=base,
    )
    assert (out["created"], out["refused"]) == (
        [],
        [{"name": "十堰市人民医院门诊挂号窗口", "message": f"您不是“{base.name}”的经办人，不能为其申报。"}],
    )
    assert Nomination.objects.count() == before


def test_propose_api(world, verified, admin_user):
    p = world["programme"]
    compute.publish(user=world["organiser"], run=starred(world, verified))
    campaign = open_preset(admin_user, "gucheng-2011")
    clerk, base, _ = people(campaign)
    client = APIClient()
    client.force_authenticate(clerk)
    body = {"period": "2011h1", "selection": "post_pioneer", "campaign": campaign.code, "category": "individual", "unit": base.pk}
    # the campaign's clerk cannot see the 十堰 programme: 404
    refused = client.post(f"/api/programmes/{p.code}/propose/", body, format="json")
    assert (refused.status_code, refused.json()["detail"]) == (404, "未找到该常态化活动。")
    # once they also staff the hospital window they can propose its people
    grant_role(user=admin_user, person=clerk, organisation=world["w1"], role="clerk")
    got = client.post(f"/api/programmes/{p.code}/propose/", {**body, "limit": 1}, format="json")
    assert got.status_code == 200, got.json()
    assert [(n["title"], n["status"], n["unit"]["name"]) for n in got.json()["created"]] == [("张红", "draft", base.name)]
    assert got.json()["refused"] == []
    wrong = client.post(f"/api/programmes/{p.code}/propose/", {**body, "category": "team"}, format="json")
    assert (wrong.status_code, wrong.json()["detail"]) == (404, "未找到该类别。")
    early = client.post(f"/api/programmes/{p.code}/propose/", {**body, "period": "2011h2"}, format="json")
    assert (early.status_code, early.json()["detail"]) == (400, "本周期的星级榜尚未公布，不能从中选树。")
