"""Headless Chromium: the ranking page (table and ECharts charts) and a nomination's explanation page, and the staging
page with its checklist; screenshots for docs/screenshots/results/."""

import io
import random

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.screenshots import screenshot, shots_dir

SHOTS = shots_dir("results")
SCHEME = {
    "components": [
        {"kind": "public_vote", "weight": 70, "method": "max"},
        {"kind": "delegate_vote", "weight": 30, "method": "max"},
    ],
    "tie_break": ["public_vote", "delegate_vote", "unit_rank", "submitted_at"],
}


@pytest.fixture
def voted(transactional_db, admin_user):
    from pingxuan.campaigns.services import update_section
    from pingxuan.voting import ballots, demo, otp
    from pingxuan.voting import services as vote_services
    from pingxuan.voting.models import Delegate, Voter

    world = demo.build(admin=admin_user, code="rb", candidates=8)
    campaign, organiser = world["campaign"], world["organiser"]
    update_section(user=organiser, campaign=campaign, section="scoring", value=SCHEME)
    noms = world["candidates"]["window"]
    rng = random.Random(8)
    weights = [9, 7, 7, 5, 4, 3, 2, 1]
    for i in range(40):
        token = otp.make_token(Voter.objects.create(phone=f"1380000{i:04d}"))
        for n in set(rng.choices(noms, weights=weights, k=3)):
            vote_services.cast_vote(token=token, nomination_id=n.pk)
    wb = openpyxl.Workbook()
    wb.active.append(["编号", "姓名"])
    for i in range(12):
        wb.active.append([f"{i + 1:03d}", f"代表{i + 1}"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    ballots.import_delegates(user=organiser, fileobj=buf, campaign=campaign)
    for d in Delegate.objects.filter(campaign=campaign).order_by("number"):
        picks = rng.sample(noms[:6], 3)
        ballots.cast_online(code=d.code, category_code="window", choices=[n.pk for n in picks])
    return world


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Pingxuan-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
def test_ranking_explanation_and_staging_pages(browser, live_server, voted):
    from pingxuan.core.display import number
    from pingxuan.results.tally import tally

    SHOTS.mkdir(parents=True, exist_ok=True)
    rows = tally(voted["categories"][0])
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    sign_in(page, live_server, "rb-organiser")
    page.goto(f"{live_server.url}/results/c/rb/window/")
    expect(page.get_by_role("heading", name="群众满意窗口 · 排名")).to_be_visible()
    first = page.locator("#ranking tbody tr").first
    expect(first).to_contain_text(rows[0]["title"])
    expect(first).to_contain_text(number(rows[0]["total"]))
    # The charts are drawn by the locally served ECharts (a canvas each).
    expect(page.locator("#chart-stacked canvas")).to_have_count(1)
    expect(page.locator("#chart-hist canvas")).to_have_count(1)
    screenshot(page, SHOTS / "ranking.png", full_page=True)
    page.get_by_role("link", name=rows[1]["title"]).first.click()
    expect(page.get_by_role("heading", name=f"计分说明：{rows[1]['title']}")).to_be_visible()
    expect(page.locator("#sum")).to_have_text(
        " + ".join(number(rows[1]["weighted"][k], "plain") for k in ("public_vote", "delegate_vote"))
        + f" = {number(rows[1]['total'], 'plain')}"
    )
    expect(page.locator("#rank")).to_contain_text("排第 2 名")
    screenshot(page, SHOTS / "explanation.png", full_page=True)
    page.goto(f"{live_server.url}/results/c/rb/window/stage/?stage=shortlist")
    expect(page.get_by_text("投票阶段尚未结束")).to_be_visible()
    screenshot(page, SHOTS / "staging.png", full_page=True)
    ctx.close()


@pytest.mark.browser
def test_amendment_preview_and_public_rules_page(browser, live_server, voted):
    """The office previews an amendment (totals under both versions), confirms it with a reason; the public rules page
    (a phone's width, no login) shows it in words."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    sign_in(page, live_server, "rb-organiser")
    page.goto(f"{live_server.url}/results/c/rb/amend/")
    expect(page.get_by_text("本活动已有网络投票，计分办法和投票规则已冻结")).to_be_visible()
    page.get_by_label("网络投票权重（%）").fill("60")
    page.get_by_label("代表投票权重（%）").fill("40")
    page.get_by_role("button", name="预览修订前后的总分").click()
    expect(page.locator("#preview")).to_contain_text("计分项：网络投票70%（按最高票折算）、代表投票30%（按最高票折算） →")
    screenshot(page, SHOTS / "amendment-preview.png", full_page=True)
    page.get_by_label("修订理由（必填，将公布）").fill("领导小组第二次会议决定提高代表投票权重")
    page.get_by_role("button", name="确认修订").click()
    expect(page.locator("#amendments")).to_contain_text("理由：领导小组第二次会议决定提高代表投票权重")
    ctx.close()
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"{live_server.url}/results/rules/rb/")
    expect(page.locator("#amendments")).to_contain_text("修订：计分项：网络投票70%（按最高票折算）、代表投票30%（按最高票折算）")
    expect(page.locator("#components")).to_contain_text("60%")
    screenshot(page, SHOTS / "public-rules.png", full_page=True)
    phone.close()
