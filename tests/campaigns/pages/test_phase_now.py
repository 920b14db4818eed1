"""“Open the next phase now” / “close this phase now”: a confirmation with what changes and a required reason, one audit
event with the dates before and after; the same through the API."""

import datetime

import pytest
from django.utils import timezone

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.models import Campaign
from pingxuan.core.chinese import date_zh
from pingxuan.orgs.models import User
from pingxuan.web.demo import ensure_admin
from pingxuan.web.demo_world import build


@pytest.mark.django_db
def test_close_the_nomination_phase_now_and_open_the_next(client):
    build(ensure_admin())
    organiser = User.objects.get(username="organiser")
    campaign = Campaign.objects.get(code="jm-demo-nominating")
    today = timezone.localdate()
    phase = campaign.phases.get(kind="nomination")
    client.force_login(organiser)
    detail = client.get(f"/campaigns/{campaign.code}/").content.decode()
    assert "立即结束…" in detail and "立即开始…" in detail
    url = f"/campaigns/{campaign.code}/phases/nomination/now/"
    page = client.post(url, {"op": "close"}).content.decode()
    yesterday = today - datetime.timedelta(days=1)
    assert "请确认：立即结束“申报推荐阶段”" in page
    assert f"改为 {date_zh(yesterday)} 结束，今天起不再开放。" in page and "经办人不能再修改、提交申报" in page
    response = client.post(url, {"op": "close", "reason": "", "confirmed": "1"})
    assert response.status_code == 400 and "请填写“理由（记入审计日志）”" in response.content.decode()
    phase.refresh_from_db()
    assert phase.ends_on > today  # nothing changed yet
    page = client.post(url, {"op": "close", "reason": "各单位已全部报送。", "confirmed": "1"}, follow=True).content.decode()
    phase.refresh_from_db()
    assert phase.ends_on == yesterday
    assert "已调整：“申报推荐阶段”现为" in page
    event = AuditEvent.objects.filter(action="campaign.phase_now").latest("id")
    assert (event.reason, event.after["ends_on"], event.after["操作"]) == (
        "各单位已全部报送。",
        yesterday.isoformat(),
        "立即结束",
    )

    # The API opens the next phase today; a clerk may not.
    clerk = User.objects.get(username="clerk")
    client.force_login(clerk)
    r = client.post(
        f"/api/campaigns/{campaign.code}/phases/preliminary_review/now/",
        {"op": "open", "reason": "x"},
        content_type="application/json",
    )
    assert r.status_code == 403
    client.force_login(organiser)
    r = client.post(
        f"/api/campaigns/{campaign.code}/phases/preliminary_review/now/",
        {"op": "open", "reason": "提前初审。"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["start"] == today.isoformat() and r.json()["name"] == "初审"
    r = client.post(
        f"/api/campaigns/{campaign.code}/phases/preliminary_review/now/",
        {"op": "open", "reason": "再来"},
        content_type="application/json",
    )
    assert (r.status_code, r.json()["detail"]) == (400, r.json()["detail"]) and "已经开始，不需要立即开始" in r.json()["detail"]
