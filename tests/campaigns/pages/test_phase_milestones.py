"""The phase editor moves a phase's milestones with its start: a new round set up from an earlier year's preset can be
given this year's dates on the page (changzhou-2015's nomination phase has two milestones)."""

import datetime

import pytest
from django.urls import reverse

from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.services import load_preset

pytestmark = pytest.mark.django_db


def test_milestones_follow_the_phase_start(client, admin_user):
    campaign = load_preset(user=admin_user, name="changzhou-2015")
    client.force_login(admin_user)
    delta = datetime.timedelta(days=4018)  # 2015-06-09 → 2026-06-09
    post = {}
    for p in export_config(campaign)["phases"]:
        start, end = (datetime.date.fromisoformat(str(p[k])) + delta for k in ("start", "end"))
        post |= {f"{p['kind']}-enabled": "on", f"{p['kind']}-start": start.isoformat(), f"{p['kind']}-end": end.isoformat()}
    response = client.post(reverse("campaign-config", args=[campaign.code, "phases"]), post)
    assert response.status_code == 302
    campaign.refresh_from_db()
    nomination = next(p for p in export_config(campaign)["phases"] if p["kind"] == "nomination")
    assert (str(nomination["start"]), str(nomination["end"])) == ("2026-06-09", "2026-07-10")
    assert [(str(m["date"]), m["label"][:6]) for m in nomination["milestones"]] == [
        ("2026-06-25", "自荐申报截止"),
        ("2026-07-10", "择优推荐截止"),
    ]
