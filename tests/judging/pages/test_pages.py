"""Pages: the judge sees and scores only assigned nominations (never from their own subtree), blind mode, the
office's review, candidates, panel and results pages, reopen, and query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pingxuan.audit.models import AuditEvent
from pingxuan.judging import panels, scoring
from pingxuan.judging.models import ScoreSheet
from pingxuan.nominations.models import Status
from tests.judging.conftest import full

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(world):
    db = world.passed("东宝区办税服务厅")
    dd = world.passed("掇刀区政务服务窗口", side="dd")
    panels.set_panel(user=world.organiser, category=world.category, judges=world.judges[:3])
    panels.assign(user=world.organiser, category=world.category, mode="all")
    world.update(db=db, dd=dd)
    return world


def login(client, user):
    client.force_login(user)
    return client


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_judge_lists_opens_and_scores_only_assigned(client, judged):
    j1 = judged["judges"][0]  # belongs to 东宝区税务局: never given the 东宝区 window
    login(client, j1)
    page = text(client.get("/judging/my/"))
    assert "已完成 0 / 1" in page
    assert "掇刀区政务服务窗口" in page and "东宝区办税服务厅" not in page
    assert client.get(f"/judging/score/{judged['db'].pk}/").status_code == 404
    r = client.post(f"/judging/score/{judged['db'].pk}/", {"action": "submit", **{f"s_{k}": 20 for k in full(20)}})
    assert r.status_code == 404
    assert ScoreSheet.objects.count() == 0
    # a judge outside the panel sees nothing at all
    login(client, judged["judges"][4])
    assert client.get(f"/judging/score/{judged['dd'].pk}/").status_code == 404
    assert "暂无分配给您的评审任务。" in text(client.get("/judging/my/"))


def test_judge_drafts_submits_and_is_locked(client, judged):
    j2 = judged["judges"][1]
    login(client, j2)
    pk = judged["dd"].pk
    r = client.post(f"/judging/score/{pk}/", {"action": "draft", "s_attitude": "18", "comment": "服务规范"})
    assert r.status_code == 302 and r["Location"] == f"/judging/score/{pk}/"
    r = client.post(f"/judging/score/{pk}/", {"action": "submit", "s_attitude": "18"}, follow=True)
    assert "评分有误：“服务纪律严”未打分。" in text(r)
    values = {f"s_{k}": v for k, v in full([18, 17, 16, 19, 20]).items()}
    r = client.post(f"/judging/score/{pk}/", {"action": "submit", **values}, follow=True)
    assert r.redirect_chain[-1][0] == f"/judging/score/{judged['db'].pk}/"
    page = text(client.get(f"/judging/score/{pk}/"))
    assert "评分已提交并锁定。如需修改，请联系活动办公室重新开放。" in page
    r = client.post(f"/judging/score/{pk}/", {"action": "submit", **dict.fromkeys(values, "20")}, follow=True)
    assert "评分表已提交并锁定；如需修改，请活动办公室重新开放。" in text(r)
    assert ScoreSheet.objects.get(judge=j2, nomination_id=pk).total == 90.0


def test_blind_mode_hides_unit_and_names_in_pages(client, judged):
    cat = judged["category"]
    cat.blind = True
    cat.save()
    login(client, judged["judges"][1])
    from pingxuan.judging import panels

    a = panels.get_assignment(judged["judges"][1], judged["dd"].pk)
    alias = panels.alias(a.panel_id, judged["dd"].pk)
    for url in ("/judging/my/", f"/judging/score/{alias}/"):
        page = text(client.get(url))
        assert "掇刀" not in page, url
        assert f"评审对象 {alias}" in page
    assert "主要事迹" in text(client.get(f"/judging/score/{alias}/"))
    assert client.get(f"/judging/score/{judged['dd'].pk}/").status_code == 404


def test_declaring_a_conflict_on_the_page(client, judged):
    j2 = judged["judges"][1]
    login(client, j2)
    r = client.post(f"/judging/score/{judged['dd'].pk}/conflict/", {"reason": "亲属在该单位工作。"}, follow=True)
    assert "已声明回避，该评审任务已移交其他评委。" in text(r)
    assert client.get(f"/judging/score/{judged['dd'].pk}/").status_code == 404


def test_office_review_pages(client, judged):
    n = judged.received("掇刀区第二窗口", side="dd")
    login(client, judged["organiser"])
    page = text(client.get(f"/judging/c/judge-test/n/{n.pk}/review/"))
    assert "评选条件核验" in page and "主要事迹" in page
    r = client.post(f"/judging/c/judge-test/n/{n.pk}/review/", {"decision": "fail", "reason": ""}, follow=True)
    assert "初审不通过须写明理由。" in text(r)
    r = client.post(f"/judging/c/judge-test/n/{n.pk}/review/", {"decision": "fail", "reason": "材料不实。"}, follow=True)
    assert "已记录初审结论。" in text(r)
    n.refresh_from_db()
    assert n.status == Status.FAILED
    # units and judges do not see the office's pages
    login(client, judged["judges"][1])
    for url in ("/judging/c/judge-test/", "/judging/c/judge-test/window/results/", f"/judging/c/judge-test/n/{n.pk}/review/"):
        assert client.get(url).status_code == 404, url


def test_candidates_page_stage_and_apply(client, judged):
    login(client, judged["organiser"])
    url = "/judging/c/judge-test/window/candidates/"
    client.post(url, {"stage": "1", "nominations": [judged["dd"].pk]})
    page = text(client.get(url))
    assert "拟定 1 个，少于候选数 4 个。" in page
    r = client.post(url, {"apply": "1"}, follow=True)
    assert "候选名单已确定。" in text(r)
    judged["dd"].refresh_from_db()
    assert judged["dd"].status == Status.CANDIDATE
    r = client.get(url + "plaques.docx")
    assert r.status_code == 200 and r["Content-Type"].endswith("wordprocessingml.document")


def test_results_page_reopen_is_recorded(client, judged):
    j2 = judged["judges"][1]
    sheet = scoring.save_sheet(user=j2, nomination_id=judged["dd"].pk, scores=full(18), submit=True)
    login(client, judged["organiser"])
    page = text(client.get("/judging/c/judge-test/window/results/"))
    assert "评委进度" in page and "90.0" in page
    r = client.post(f"/judging/c/judge-test/sheets/{sheet.pk}/reopen/", {"reason": "误填。"}, follow=True)
    assert "评分表已重新开放，评委可修改后再提交。" in text(r)
    assert AuditEvent.objects.filter(action="judging.score.reopen", reason="误填。").count() == 1
    login(client, j2)
    assert client.post(f"/judging/c/judge-test/sheets/{sheet.pk}/reopen/", {"reason": "x"}).status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_rows(client, world):
    for i in range(2):
        world.passed(f"掇刀区窗口{i}", side="dd")
    panels.set_panel(user=world.organiser, category=world.category, judges=world.judges[1:])
    panels.assign(user=world.organiser, category=world.category, mode="all")
    judge = world.judges[1]
    login(client, judge)
    small_judge = _queries(client, "/judging/my/")
    login(client, world.organiser)
    small_results = _queries(client, "/judging/c/judge-test/window/results/")
    for i in range(2, 6):
        n = world.passed(f"掇刀区窗口{i}", side="dd")
    panels.assign(user=world.organiser, category=world.category, mode="all")
    for j in world.judges[1:]:
        scoring.save_sheet(user=j, nomination_id=n.pk, scores=full(15), submit=True)
    login(client, judge)
    assert _queries(client, "/judging/my/") == small_judge
    login(client, world.organiser)
    assert _queries(client, "/judging/c/judge-test/window/results/") == small_results
