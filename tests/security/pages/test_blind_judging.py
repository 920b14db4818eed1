"""Blind judging cannot be de-anonymised by a judge: pages and API show a per-panel alias (never the nomination's
id, which public lists map to the unit) and no field naming the unit or people (such as 经办人); the real id finds
nothing; only the office sees which alias stands for which nomination."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from pingxuan.judging import panels
from pingxuan.judging.services import review
from pingxuan.nominations import services as nom_services
from tests.judging.conftest import FORM, build_world

pytestmark = pytest.mark.django_db

BLIND_FORM = {
    **FORM,
    "fields": [*FORM["fields"], {"key": "handler", "label": "经办人", "type": "text", "required": True, "max_length": 20}],
}


@pytest.fixture
def blind(admin_user, make_user, tree):
    w = build_world(admin_user, make_user, tree, form=BLIND_FORM, blind=True)
    unit, clerk = w.windows["dd"], w.clerks["dd"]
    data = {"window_name": "掇刀区政务服务窗口", "unit_name": "掇刀区", "phone": "13912345678", "story": "优质服务" * 40}
    n = nom_services.create_nomination(user=clerk, category=w.category, unit=unit, data={**data, "handler": "王晓经办"})
    n = nom_services.submit_nomination(user=clerk, nomination=n)
    n = nom_services.decide(user=w.approvers["dd"], nomination=n, decision="agree", opinion="同意推荐。")
    w["n"] = review(user=w.organiser, nomination=n, decision="pass")
    panels.set_panel(user=w.organiser, category=w.category, judges=w.judges[1:3])
    panels.assign(user=w.organiser, category=w.category, mode="all")
    return w


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_judge_sees_only_the_alias_and_no_names_in_pages_and_api(blind):
    judge = signed_in(blind.judges[1])
    n = blind.n
    listing = judge.get("/api/judging/assignments/").json()
    alias = listing[0]["nomination"]["id"]
    assert re.fullmatch(r"N[0-9A-F]{9}", alias)
    assert listing == [
        {
            "nomination": {
                "id": alias,
                "code": alias,
                "title": f"评审对象 {alias}",
                "unit": None,
                "recommender": None,
                "blind": True,
            },
            "category": "优质服务窗口",
            "state": "todo",
            "total": None,
        }
    ]
    detail = judge.get(f"/api/judging/assignments/{alias}/sheet/").json()
    assert detail["nomination"]["fields"] == [{"key": "story", "label": "主要事迹", "value": "优质服务" * 40}]
    put = judge.put(
        f"/api/judging/assignments/{alias}/sheet/",
        {"scores": {"attitude": 18, "discipline": 18, "environment": 18, "procedure": 18, "efficiency": 18}, "submit": False},
        content_type="application/json",
    ).json()
    assert put["nomination"] == alias
    for text in (
        str(listing),
        str(detail),
        str(put),
        judge.get(reverse("judging-my")).content.decode(),
        judge.get(reverse("judging-score", args=[alias])).content.decode(),
    ):
        assert "王晓经办" not in text and "掇刀" not in text and f"-{n.pk:04d}" not in text
        assert not re.search(rf"/(?:score|assignments)/{n.pk}/", text)
    # The real id answers nothing, page or API: a judge cannot pair aliases with ids.
    assert judge.get(reverse("judging-score", args=[n.pk])).status_code == 404
    assert judge.get(f"/api/judging/assignments/{n.pk}/sheet/").status_code == 404
    # Another panel member sees the same nomination under the same panel's alias; the office sees the mapping.
    assert signed_in(blind.judges[2]).get("/api/judging/assignments/").json()[0]["nomination"]["id"] == alias
    office = (
        signed_in(blind.organiser).get(reverse("judging-panel", args=[blind.campaign.code, blind.category.code])).content.decode()
    )
    assert re.search(rf'<td class="font-monospace">{alias}</td><td>掇刀区政务服务窗口</td><td>掇刀区政务服务窗口</td>', office)
