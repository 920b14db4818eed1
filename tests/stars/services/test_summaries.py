"""一周一小结: window staff file a week's summary (again: replaces it), refusals name the rule, and the organiser sees
which windows have not filed — through the services, the API and the page."""

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.stars import services as s
from pingxuan.stars.models import WeeklySummary

WED = datetime.date(2011, 5, 11)  # a Wednesday; its week starts on Monday 9 May
MONDAY = datetime.date(2011, 5, 9)


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_file_and_refile_then_missing(world):
    p, w1 = world["programme"], world["w1"]
    assert [w.name for w in s.missing_summaries(user=world["organiser"], programme=p, week=WED)] == [
        "十堰市人民医院门诊挂号窗口",
        "十堰市民政局婚姻登记窗口",
    ]
    row = s.file_summary(user=world["clerk1"], programme=p, window=w1, week=WED, text="  本周接待群众 320 人次，无投诉。 ")
    assert (row.week, row.text, row.filed_by, row.window) == (MONDAY, "本周接待群众 320 人次，无投诉。", world["clerk1"], w1)
    again = s.file_summary(
        user=world["clerk1"], programme=p, window=w1, week=MONDAY + datetime.timedelta(days=4), text="更正：350 人次"
    )
    assert again.pk == row.pk
    assert list(WeeklySummary.objects.values_list("window__name", "week", "text")) == [
        ("十堰市人民医院门诊挂号窗口", MONDAY, "更正：350 人次")
    ]
    assert [w.name for w in s.missing_summaries(user=world["organiser"], programme=p, week=WED)] == ["十堰市民政局婚姻登记窗口"]
    # window staff see only their own window in the check
    assert [w.name for w in s.missing_summaries(user=world["clerk1"], programme=p, week=WED)] == []
    assert [w.name for w in s.missing_summaries(user=world["clerk2"], programme=p, week=WED)] == ["十堰市民政局婚姻登记窗口"]
    # the next week nobody has filed yet
    next_week = WED + datetime.timedelta(days=7)
    assert len(s.missing_summaries(user=world["organiser"], programme=p, week=next_week)) == 2


def test_refusals(world):
    p = world["programme"]
    with pytest.raises(PermissionDenied) as err:
        s.file_summary(user=world["clerk2"], programme=p, window=world["w1"], week=WED, text="x")
    assert err.value.message == "您不是“十堰市人民医院门诊挂号窗口”的工作人员，不能提交一周一小结。"
    with pytest.raises(ServiceError) as err:
        s.file_summary(user=world["clerk1"], programme=p, window=world["w1"], week=WED, text="   ")
    assert err.value.message == "请填写本周小结。"
    with pytest.raises(ServiceError) as err:
        s.file_summary(user=world["clerk1"], programme=p, window=world["w1"], week=WED, text="字" * 5001)
    assert err.value.message == "小结不能超过 5000 字（现为 5001 字）。"
    with pytest.raises(ServiceError) as err:
        s.file_summary(user=world["hclerk"], programme=p, window=world["branch"], week=WED, text="x")
    assert (
        err.value.message
        == "“十堰市人民医院门诊党支部”不是“十堰市窗口单位和服务行业创先争优“一诺双评创十星”常态化活动”范围内的服务窗口。"
    )
    assert WeeklySummary.objects.count() == 0


def test_api_and_page(world):
    code, w1, w2 = world["programme"].code, world["w1"], world["w2"]
    clerk1, organiser = as_user(world["clerk1"]), as_user(world["organiser"])
    made = clerk1.post(
        f"/api/programmes/{code}/summaries/", {"window": w1.pk, "week": "2011-05-11", "text": "本周无投诉"}, format="json"
    )
    assert made.status_code == 201
    body = made.json()
    assert {k: body[k] for k in ("window", "week", "text")} == {"window": w1.pk, "week": "2011-05-09", "text": "本周无投诉"}
    other = clerk1.post(f"/api/programmes/{code}/summaries/", {"window": w2.pk, "week": "2011-05-11", "text": "x"}, format="json")
    assert (other.status_code, other.json()["detail"]) == (404, "未找到该窗口。")
    empty = clerk1.post(f"/api/programmes/{code}/summaries/", {"window": w1.pk, "week": "2011-05-11", "text": " "}, format="json")
    assert empty.status_code == 400
    missing = organiser.get(f"/api/programmes/{code}/summaries/missing/?week=2011-05-13").json()
    assert [(r["id"], r["name"]) for r in missing] == [(w2.pk, "十堰市民政局婚姻登记窗口")]
    bad = organiser.get(f"/api/programmes/{code}/summaries/missing/?week=5月")
    assert (bad.status_code, bad.json()["detail"]) == (400, "参数“week”应为日期（YYYY-MM-DD），收到“5月”。")
    outsider = as_user(world["outsider"]).get(f"/api/programmes/{code}/summaries/missing/")
    assert (outsider.status_code, outsider.json()["detail"]) == (404, "未找到该常态化活动。")

    web = Client()
    web.force_login(world["organiser"])
    page = web.get(f"/stars/{code}/summaries/?week=2011-05-11")
    assert page.status_code == 200
    html = page.content.decode()
    missing_list = html.split("未提交的窗口（1 个）")[1].split("</ul>")[0]
    filed_list = html.split("已提交（1 个）")[1].split("</ul>")[0]
    assert "十堰市民政局婚姻登记窗口" in missing_list and "十堰市人民医院门诊挂号窗口" not in missing_list
    assert "十堰市人民医院门诊挂号窗口" in filed_list and "本周无投诉" in filed_list
