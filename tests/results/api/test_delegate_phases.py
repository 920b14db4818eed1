"""Issue 15 (4): delegate ballots keep to their phases. Online ballots only in the voting phase; paper entry until the
count of the category is closed (a recorded step: service, page and API); late entries refused naming the phase."""

import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.services import update_section
from pingxuan.core.errors import PhaseClosed
from pingxuan.results.tally import tally
from pingxuan.voting import ballots
from pingxuan.voting.models import Ballot, Delegate, PaperEntry

TZ = datetime.timezone(datetime.timedelta(hours=8))


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def _delegates(world):
    wb = openpyxl.Workbook()
    wb.active.append(["编号", "姓名", "代表团"])
    for i in range(1, 4):
        wb.active.append([f"D00{i}", f"代表{i}", "城关镇代表团"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    ballots.import_delegates(user=world["organiser"], fileobj=buf, campaign=world["campaign"])
    return {d.number: d for d in Delegate.objects.filter(campaign=world["campaign"])}


def _phase_dates(world):
    phase = world["campaign"].phases.get(kind="voting")
    return phase.starts_on, phase.ends_on


def _end_voting_yesterday(world):
    phases = export_config(world["campaign"])["phases"]
    for p in phases:
        if p["kind"] == "voting":
            p["start"] = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
            p["end"] = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    update_section(user=world["organiser"], campaign=world["campaign"], section="phases", value=phases)


def _delegate_votes(world):
    return {r["nomination"]: r["raw"]["delegate_vote"] for r in tally(world["category"])}


@pytest.mark.django_db
def test_online_ballot_only_in_the_voting_phase(small):
    world = small
    noms = world["noms"]
    ds = _delegates(world)
    start, end = _phase_dates(world)
    before = datetime.datetime.combine(start - datetime.timedelta(days=1), datetime.time(10), tzinfo=TZ)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(10), tzinfo=TZ)
    r = APIClient().post(
        "/api/vote/delegate/", {"code": ds["D001"].code, "category": "window", "choices": [noms[0].pk]}, format="json"
    )
    assert r.status_code == 201
    with pytest.raises(PhaseClosed) as exc:
        ballots.cast_online(code=ds["D002"].code, category_code="window", choices=[noms[1].pk], now=before)
    assert (
        exc.value.message
        == f"“网络投票”阶段（{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日）尚未开始，不能网上投代表票。"
    )
    with pytest.raises(PhaseClosed) as exc:
        ballots.cast_online(code=ds["D002"].code, category_code="window", choices=[noms[1].pk], now=after)
    assert exc.value.message.endswith("已结束，不能网上投代表票。")
    _end_voting_yesterday(world)
    r = APIClient().post(
        "/api/vote/delegate/", {"code": ds["D003"].code, "category": "window", "choices": [noms[2].pk]}, format="json"
    )
    assert r.status_code == 409
    assert r.json()["detail"].endswith("已结束，不能网上投代表票。")
    assert list(Ballot.objects.values_list("delegate__number", flat=True)) == ["D001"]
    assert _delegate_votes(world) == {n.pk: (1 if n == noms[0] else 0) for n in noms}


@pytest.mark.django_db
def test_paper_entry_until_the_count_is_closed(small, make_user, admin_user):
    world = small
    noms, org, campaign = world["noms"], world["organiser"], world["campaign"]
    clerk2 = make_user(world["root"], "organiser", by=admin_user, username="rs-clerk2")
    _delegates(world)
    # Paper ballots may still be typed after the voting phase ended, until the count is closed.
    _end_voting_yesterday(world)
    for user in (org, clerk2):
        ballots.enter_paper(user=user, campaign=campaign, delegate_number="D001", category_code="window", choices=[noms[3].pk])
    assert _delegate_votes(world)[noms[3].pk] == 1
    ballots.enter_paper(user=org, campaign=campaign, delegate_number="D002", category_code="window", choices=[noms[4].pk])
    # The API reports the count open, then closes it (a recorded step); closing twice is refused.
    c = api(org)
    url = f"/api/voting/campaigns/{campaign.code}/categories/window/count-closure/"
    assert c.get(url).json() == {
        "category": "window",
        "closed": False,
        "closed_at": None,
        "closed_by": None,
        "note": "",
        "ballots": 1,
    }
    r = c.post(url, {"note": "纸质选票已全部录入核对"}, format="json")
    assert r.status_code == 201
    data = r.json()
    assert (data["closed"], data["closed_by"], data["note"], data["ballots"]) == (True, str(org), "纸质选票已全部录入核对", 1)
    r = c.post(url, {}, format="json")
    assert r.status_code == 409 and r.json()["detail"] == "“群众满意窗口”的代表投票已结束计票，不能重复操作。"
    event = AuditEvent.objects.get(action="vote.count.close")
    assert (event.reason, event.after["ballots"], event.after["uncounted_paper"]) == (
        "纸质选票已全部录入核对",
        1,
        ["D002：待第二人录入"],
    )
    # A late paper entry (the second typing of D002) is refused in Chinese naming the phase; nothing is saved.
    today = timezone.localdate()
    r = c.post(
        f"/api/voting/campaigns/{campaign.code}/paper-entries/",
        {"delegate": "D002", "category": "window", "choices": [noms[4].pk]},
        format="json",
    )
    assert r.status_code == 409
    assert r.json()["detail"] == (
        f"“群众满意窗口”的代表投票已于 {today.year}年{today.month}月{today.day}日 结束计票（计票结束阶段），不能再录入纸质选票。"
    )
    assert PaperEntry.objects.filter(delegate__number="D002").count() == 1
    assert _delegate_votes(world) == {n.pk: (1 if n == noms[3] else 0) for n in noms}
    # The office page shows the closure.
    page = Client()
    page.force_login(org)
    html = page.get(f"/voting/{campaign.code}/").content.decode()
    assert "已于" in html and "结束计票</span>" in html and "纸质选票已全部录入核对" in html


@pytest.mark.django_db
def test_count_closes_only_after_voting_and_through_the_page(small):
    world = small
    org, campaign = world["organiser"], world["campaign"]
    _start, end = _phase_dates(world)
    page = Client()
    page.force_login(org)
    r = page.post(f"/voting/{campaign.code}/count/window/close/", {"note": ""}, follow=True)
    assert (
        f"“网络投票”阶段到 {end.year}年{end.month}月{end.day}日 才结束，投票阶段结束后才能结束“群众满意窗口”的计票。"
        in r.content.decode()
    )
    assert not AuditEvent.objects.filter(action="vote.count.close").exists()
    _end_voting_yesterday(world)
    r = page.post(f"/voting/{campaign.code}/count/window/close/", {"note": "计票完毕"}, follow=True)
    assert "已结束计票，此后不再录入纸质选票。" in r.content.decode()
    assert AuditEvent.objects.filter(action="vote.count.close").count() == 1
    # Outside the office the closure does not exist (404), page and API alike.
    clerk = world["clerk"]
    c = api(clerk)
    assert c.get(f"/api/voting/campaigns/{campaign.code}/categories/window/count-closure/").status_code == 404
    other = Client()
    other.force_login(clerk)
    assert other.post(f"/voting/{campaign.code}/count/window/close/").status_code == 404
