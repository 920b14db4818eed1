"""河北 2012 (seed 001): no votes and no scores — “由省委创先争优活动领导小组审批” on the units' ranked lists
(“编号与《排序表》序号一致”). The results page and the API show the units' ranked lists and award numbers, and no
invented “专家评分 100%” component with 0.0 for every row."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pingxuan.nominations.models import Status
from pingxuan.nominations.services import change_status, create_nomination

pytestmark = pytest.mark.django_db


def test_seed_001_results_without_scoring_show_unit_ranks_not_an_invented_expert_score(hebei, client):
    w = hebei
    office = w["organiser"]
    titles = ["石家庄政务服务中心不动产登记窗口", "石家庄市民服务中心社保窗口"]
    noms = []
    for title in titles:
        n = create_nomination(user=w["city_clerk"], category=w["window"], unit=w["city"], data={"window_name": title})
        for status in (Status.RECEIVED, Status.PASSED, Status.CANDIDATE):
            change_status(n, status, user=office, action=f"nomination.{status}")
        noms.append(n)
    api = APIClient()
    api.force_login(office)
    data = api.get(reverse("api-results-category", args=[w["campaign"].code, "window"])).json()
    assert data["components"] == []
    assert [(r["title"], r["unit_rank"], r["total"], r["raw"], r["points"]) for r in data["rows"]] == [
        (titles[0], 1, None, {}, {}),
        (titles[1], 2, None, {}, {}),
    ]
    sjz = next(u for u in data["summary"]["by_unit"] if u["unit"] == "中共石家庄市委创先争优活动领导小组")
    assert (sjz["awards"], sjz["winners"], sjz["vacant"]) == (16, [n.pk for n in noms], 0)
    assert api.get(reverse("api-results", args=[w["campaign"].code])).json()["components"] == []
    client.force_login(office)
    page = client.get(reverse("results-category", args=[w["campaign"].code, "window"])).content.decode()
    assert "专家评分" not in page and "0.0" not in page
    assert "本活动不计分：按各推荐单位的排序和表彰名额遴选，由领导小组审定。表彰名额 200 个。" in page
    assert "中共石家庄市委创先争优活动领导小组 第 2 名" in page
    assert "<tr><td>省直机关创先争优活动领导小组</td><td>40</td><td>0</td><td>—</td></tr>" in page
    decision = client.get(reverse("results-decision", args=[w["campaign"].code])).content.decode()
    assert f"<li>{titles[0]}（第 1 名）</li>" in decision and " 分）" not in decision
