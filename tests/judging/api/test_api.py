"""The judging API: review, candidates, panel, assignment, sheets with 404 scoping, blind mode, reopen, results,
progress, on-site, Excel; query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.judging import panels, scoring
from tests.judging.conftest import full

pytestmark = pytest.mark.django_db
BASE = "/api/campaigns/judge-test/judging/window/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def judged(world):
    db = world.passed("东宝区办税服务厅")
    dd = world.passed("掇刀区政务服务窗口", side="dd")
    world.update(db=db, dd=dd)
    return world


def test_office_flow_through_the_api(judged):
    office = api(judged.organiser)
    n = judged.received("掇刀区第二窗口", side="dd")
    r = office.get(BASE + "review/")
    assert [(row["title"], row["status"]) for row in r.json()] == [("掇刀区第二窗口", "received")]
    r = office.post(f"/api/nominations/{n.pk}/review/", {"decision": "fail"}, format="json")
    assert (r.status_code, r.json()["detail"]) == (400, "初审不通过须写明理由。")
    r = office.post(f"/api/nominations/{n.pk}/review/", {"decision": "pass"}, format="json")
    assert r.json()["status"] == "passed"
    r = office.put(BASE + "candidates/", {"nominations": [judged.dd.pk, n.pk]}, format="json")
    assert (r.json()["staged"], r.json()["blocking"], r.json()["warnings"]) == (
        [judged.dd.pk, n.pk],
        [],
        ["拟定 2 个，少于候选数 4 个。", "另有 1 份初审通过的申报未列入名单，应用后仍为“初审通过”。"],
    )
    r = office.post(BASE + "candidates/apply/")
    assert r.json() == {"changed": sorted([judged.dd.pk, n.pk])}
    ids = [j.pk for j in judged.judges[:3]]
    r = office.put(BASE + "panel/", {"judges": ids, "name": "窗口评审组"}, format="json")
    assert (r.json()["name"], r.json()["judges"]) == ("窗口评审组", ids)
    r = office.post(BASE + "assign/", {"mode": "balanced", "k": 2}, format="json")
    assert r.json() == {"created": 6}
    # judges and units get 404 on the office's endpoints
    for user in (judged.judges[1], judged.clerks["dd"]):
        assert api(user).get(BASE + "results/").status_code == 404
        assert api(user).post(f"/api/nominations/{n.pk}/review/", {"decision": "pass"}, format="json").status_code == 404


def test_judge_api_scoped_to_assignments_and_own_subtree(judged):
    panels.set_panel(user=judged.organiser, category=judged.category, judges=judged.judges[:3])
    panels.assign(user=judged.organiser, category=judged.category, mode="all")
    j1 = api(judged.judges[0])
    rows = j1.get("/api/judging/assignments/").json()
    assert [r["nomination"]["title"] for r in rows] == ["掇刀区政务服务窗口"]
    for method, url, body in [
        ("get", f"/api/judging/assignments/{judged.db.pk}/sheet/", None),
        ("put", f"/api/judging/assignments/{judged.db.pk}/sheet/", {"scores": full(20), "submit": True}),
        ("post", f"/api/judging/assignments/{judged.db.pk}/conflict/", {"reason": "x"}),
    ]:
        r = getattr(j1, method)(url, body, format="json")
        assert (r.status_code, r.json()["detail"]) == (404, "未找到该评审任务。")
    outsider = api(judged.judges[4])
    assert outsider.get("/api/judging/assignments/").json() == []
    assert outsider.get(f"/api/judging/assignments/{judged.dd.pk}/sheet/").status_code == 404


def test_sheet_draft_submit_reopen_and_audit(judged):
    panels.set_panel(user=judged.organiser, category=judged.category, judges=judged.judges[1:3])
    panels.assign(user=judged.organiser, category=judged.category, mode="all")
    j2 = api(judged.judges[1])
    url = f"/api/judging/assignments/{judged.dd.pk}/sheet/"
    r = j2.put(url, {"scores": {"attitude": "18"}, "comment": "好"}, format="json")
    assert (r.json()["submitted"], r.json()["total"]) == (False, 18.0)
    r = j2.put(url, {"scores": full(18), "submit": True}, format="json")
    assert (r.json()["submitted"], r.json()["total"]) == (True, 90.0)
    r = j2.put(url, {"scores": full(20), "submit": True}, format="json")
    assert (r.status_code, r.json()["detail"]) == (409, "评分表已提交并锁定；如需修改，请活动办公室重新开放。")
    sheet_id = r.json() and j2.get(url).json()["sheet"]["id"]
    assert j2.post(f"/api/judging/sheets/{sheet_id}/reopen/", {"reason": "x"}, format="json").status_code == 404
    r = api(judged.organiser).post(f"/api/judging/sheets/{sheet_id}/reopen/", {"reason": "误填。"}, format="json")
    assert r.json()["submitted"] is False
    assert list(
        AuditEvent.objects.filter(action__startswith="judging.score").order_by("id").values_list("action", flat=True)
    ) == [
        "judging.score.draft",
        "judging.score.submit",
        "judging.score.reopen",
    ]
    results = api(judged.organiser).get(BASE + "results/").json()
    assert [(r["title"], r["judges"], r["score"]) for r in results] == [
        ("东宝区办税服务厅", 0, None),
        ("掇刀区政务服务窗口", 0, None),
    ]


def test_blind_mode_in_the_api(judged):
    cat = judged.category
    cat.blind = True
    cat.save()
    panels.set_panel(user=judged.organiser, category=cat, judges=judged.judges[1:3])
    panels.assign(user=judged.organiser, category=cat, mode="all")
    j2 = api(judged.judges[1])
    listing = j2.get("/api/judging/assignments/").content.decode()
    a = panels.get_assignment(judged.judges[1], judged.dd.pk)
    alias = panels.alias(a.panel_id, judged.dd.pk)
    assert "掇刀" not in listing and "东宝" not in listing and alias in listing
    assert j2.get(f"/api/judging/assignments/{judged.dd.pk}/sheet/").status_code == 404  # never by the real id
    detail = j2.get(f"/api/judging/assignments/{alias}/sheet/").json()
    assert detail["nomination"] == {
        "id": alias,
        "code": alias,
        "title": f"评审对象 {alias}",
        "unit": None,
        "recommender": None,
        "blind": True,
        "fields": [{"key": "story", "label": "主要事迹", "value": "优质服务" * 40}],
    }
    scoring.save_sheet(user=judged.judges[1], nomination_id=judged.dd.pk, scores=full(18), submit=True)
    results = api(judged.organiser).get(BASE + "results/").content.decode()
    assert "掇刀" not in results


def test_onsite_through_the_api(judged):
    panels.set_panel(user=judged.organiser, category=judged.category, judges=judged.judges[:3])
    office = api(judged.organiser)
    r = office.post(BASE + "onsite/", {"title": "汇报展示会", "order": [judged.dd.pk, judged.db.pk]}, format="json")
    session = r.json()["id"]
    office.post(f"/api/judging/onsite/{session}/current/", {"position": 2}, format="json")
    # judge1 is from 东宝区税务局: excused from the 东宝区 presentation
    r = api(judged.judges[0]).post(f"/api/judging/onsite/{session}/score/", {"scores": full(20)}, format="json")
    assert (r.status_code, r.json()["detail"]) == (404, "未找到该现场评分任务。")
    for j, pts in zip(judged.judges[1:3], [18, 16], strict=True):
        assert api(j).post(f"/api/judging/onsite/{session}/score/", {"scores": full(pts)}, format="json").status_code == 200
    board = office.get(f"/api/judging/onsite/{session}/").json()
    second = board["presentations"][1]
    assert (second["scored"], second["expected"], second["score"]) == (2, 2, None)
    office.post(f"/api/judging/onsite/{session}/release/", {"nomination": judged.db.pk}, format="json")
    board = office.get(f"/api/judging/onsite/{session}/").json()
    assert board["presentations"][1]["score"] == 85.0
    assert api(judged.judges[4]).get(f"/api/judging/onsite/{session}/").status_code == 404
    assert (
        api(judged.judges[1])
        .post(f"/api/judging/onsite/{session}/release/", {"nomination": judged.db.pk}, format="json")
        .status_code
        == 403
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_api_query_counts(world):
    for i in range(2):
        world.passed(f"窗口{i}", side="dd")
    panels.set_panel(user=world.organiser, category=world.category, judges=world.judges[1:])
    panels.assign(user=world.organiser, category=world.category, mode="all")
    judge, office = api(world.judges[1]), api(world.organiser)
    before = [_count(judge, "/api/judging/assignments/"), _count(office, BASE + "progress/"), _count(office, BASE + "results/")]
    for i in range(2, 6):
        n = world.passed(f"窗口{i}", side="dd")
    panels.assign(user=world.organiser, category=world.category, mode="all")
    for j in world.judges[1:]:
        scoring.save_sheet(user=j, nomination_id=n.pk, scores=full(15), submit=True)
    after = [_count(judge, "/api/judging/assignments/"), _count(office, BASE + "progress/"), _count(office, BASE + "results/")]
    assert after == before
