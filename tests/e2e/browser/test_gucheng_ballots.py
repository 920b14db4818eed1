"""gucheng-2011 (seed 000): “公众及党代表投票” — in the browser, the delegate and paper-ballot steps: the office imports
the delegates and prints the ballots; a delegate scans the QR code of the printed ballot on a phone and votes; two of
the office's people each type the paper ballots of the delegates who voted on paper (by spreadsheet, on the voting
page) and the reconciliation table shows them counted only once both entries agree. The candidates are set up through
the services; everything from the delegates on happens in the pages."""

import pytest
import time_machine
from openpyxl import Workbook
from playwright.sync_api import expect

from pingxuan.campaigns.services import load_preset
from pingxuan.judging import services as judging
from pingxuan.nominations.models import Status
from pingxuan.nominations.services import change_status, create_nomination
from pingxuan.orgs.models import Organisation
from pingxuan.voting.models import Ballot
from tests.e2e.delegates import ballot_codes, delegate_votes, import_delegates
from tests.e2e.play import Play
from tests.world import at, shift_phases, verify_open_checks

from .conftest import _person

pytestmark = pytest.mark.browser
TITLES = ["谷城县政务服务中心办税窗口", "谷城县城关镇便民服务中心综合窗口", "谷城县人民医院门诊窗口"]


def _paper_sheet(play, name, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["代表编号", "奖项代码", "所选候选编号"])
    for row in rows:
        ws.append(list(row))
    path = play.tmp / name
    wb.save(path)
    return path


def _enter_paper(play, username, path, expected_rows):
    page = play.go(username, f"/voting/{play.code}/")
    page.locator("#kind").select_option("ballots")
    page.set_input_files("#file", str(path))
    page.get_by_role("button", name="导入").click()
    expect(page.locator(".alert-success")).to_contain_text("导入完成。")
    table = page.locator("section[aria-labelledby=delegates-h] table tbody tr")
    expect(table).to_have_count(len(expected_rows))
    cells = [[c.inner_text() for c in row.locator("td").all()] for row in table.all()]
    assert [[r[0], r[1], r[3]] for r in cells] == expected_rows
    return page


def test_gucheng_delegate_and_paper_ballot_steps(world, players, browser, live_server, tmp_path, settings, admin_user):
    settings.SITE_URL = live_server.url
    w = world("gucheng-2011")
    campaign = load_preset(user=admin_user, name="gucheng-2011")
    _person(admin_user, "organiser2", "活动办公室 赵干事", w["owner"], "organiser")
    phases = shift_phases(admin_user, campaign, "voting")
    window = campaign.categories.get(code="window")
    unit = Organisation.objects.get(code="gc-chengguan")
    clerk = _person(admin_user, "gc-clerk", "城关镇 经办人", unit, "clerk")
    office = w["organiser"]
    with time_machine.travel(at(phases["nomination"][0]), tick=False):
        noms = [create_nomination(user=clerk, category=window, unit=unit, data={"window_name": t}) for t in TITLES]
    with time_machine.travel(at(phases["preliminary_review"][0]), tick=False):
        for n in noms:
            change_status(n, Status.RECEIVED, user=office, action="nomination.received")
            verify_open_checks(office, n)
            judging.review(user=office, nomination=n, decision="pass")
        judging.stage_candidates(user=office, category=window, nomination_ids=[n.pk for n in noms])
        judging.apply_candidates(user=office, category=window)
    play = Play(preset="gucheng-2011", players=players, url=live_server.url, tmp_path=tmp_path)
    play.code = campaign.code
    import_delegates(
        play, [("001", "张代表", "城关镇代表团"), ("002", "李代表", "石花镇代表团"), ("003", "王代表", "庙滩镇代表团")]
    )
    codes = ballot_codes(play)
    assert len(codes) == 3
    phone = play.citizen(browser, "delegate-001")
    delegate_votes(play, phone, codes[0], window, [TITLES[0], TITLES[1]])
    play.shot(phone, "07-delegate-ballot-375")
    # Delegates 002 and 003 voted on paper: the first person types both ballots …
    rows = [("002", "window", f"{noms[0].pk}、{noms[2].pk}"), ("003", "window", f"{noms[1].pk}")]
    _enter_paper(
        play,
        "organiser",
        _paper_sheet(play, "录入一.xlsx", rows),
        [["002 李代表", "十佳优良服务窗口", "待第二人录入"], ["003 王代表", "十佳优良服务窗口", "待第二人录入"]],
    )
    assert Ballot.objects.filter(channel=Ballot.Channel.PAPER).count() == 0
    # … the second person types them again: where both agree the ballot counts; 003 typed differently stays out.
    rows2 = [("002", "window", f"{noms[0].pk}、{noms[2].pk}"), ("003", "window", f"{noms[2].pk}")]
    second = _enter_paper(
        play,
        "organiser2",
        _paper_sheet(play, "录入二.xlsx", rows2),
        [["003 王代表", "十佳优良服务窗口", "两次录入不一致"], ["002 李代表", "十佳优良服务窗口", "一致，已计票"]],
    )
    expect(second.locator("tr.table-danger")).to_contain_text("003 王代表")
    play.shot(second, "07-paper-reconciliation")
    paper = Ballot.objects.filter(channel=Ballot.Channel.PAPER).select_related("delegate").get()
    assert paper.delegate.number == "002"
    assert sorted(c.nomination_id for c in paper.choices.all()) == sorted([noms[0].pk, noms[2].pk])
    assert Ballot.objects.filter(channel=Ballot.Channel.ONLINE).count() == 1
