"""Creating a campaign from a preset for a new round: the first phase's start moves every date of the timeline, the
form's deadline text and the note with it; year, name and 文号 are the new round's. Without a start the campaign
keeps the preset's particulars and the page says so."""

import datetime

import pytest

from pingxuan.campaigns.models import Campaign
from pingxuan.campaigns.moving import shift_text


def test_dates_inside_texts_move_with_the_timeline():
    days = (datetime.date(2026, 4, 1) - datetime.date(2019, 4, 9)).days
    text = "请于 2019 年 7 月 9 日前报送。原文：申报推荐阶段（4月9日至7月9日）。"
    assert shift_text(text, days, 2019) == "请于 2026年7月1日前报送。原文：申报推荐阶段（4月1日至7月1日）。"


@pytest.mark.django_db
def test_create_from_preset_for_a_new_round(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/campaigns/new/",
        {
            "source": "preset",
            "preset": "jingmen-2019",
            "code": "jm-2026",
            "start": "2026-04-01",
            "year": "2026",
            "name": "",
            "doc_number": "荆工办〔2026〕5号",
            "organisers": "荆门市总工会、荆门市文明办",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "全部日期已按第一阶段开始日期平移" in page
    c = Campaign.objects.get(code="jm-2026")
    assert (c.year, c.doc_number, c.organisers) == (2026, "荆工办〔2026〕5号", ["荆门市总工会", "荆门市文明办"])
    assert "2026年度" in c.name and "2019" not in c.name
    phases = {p.kind: (p.starts_on, p.ends_on) for p in c.phases.all()}
    assert phases["nomination"] == (datetime.date(2026, 4, 1), datetime.date(2026, 7, 1))
    assert phases["commendation"] == (datetime.date(2026, 8, 22), datetime.date(2026, 8, 23))
    window = c.categories.get(code="window")
    notes = repr(window.form)
    assert "请于 2026年7月1日前报送评选活动办公室" in notes and "2019 年 7 月 9 日" not in notes


@pytest.mark.django_db
def test_create_from_preset_without_a_start_warns(client, admin_user):
    client.force_login(admin_user)
    page = client.post(
        "/campaigns/new/", {"source": "preset", "preset": "jingmen-2019", "code": "jm-old"}, follow=True
    ).content.decode()
    assert "沿用预设原来的名称、文号和日期（2019 年度）" in page


@pytest.mark.django_db
def test_the_api_creates_a_new_round_too(client, admin_user):
    client.force_login(admin_user)
    r = client.post(
        "/api/campaigns/",
        {"preset": "jingmen-2019", "code": "jm-api-2026", "start": "2026-04-01", "doc_number": "荆工办〔2026〕9号"},
        content_type="application/json",
    )
    assert r.status_code == 201
    c = Campaign.objects.get(code="jm-api-2026")
    assert (c.year, c.doc_number, c.phases.get(kind="nomination").starts_on) == (
        2026,
        "荆工办〔2026〕9号",
        datetime.date(2026, 4, 1),
    )
    r = client.post("/api/campaigns/", {"preset": "jingmen-2019", "code": "x2", "start": "soon"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "start"
