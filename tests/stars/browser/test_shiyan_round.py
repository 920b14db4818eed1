"""shiyan-2011 played in headless Chromium, every role in its own browser context and through pages: window staff
publish commitments and print the desk card; citizens on a 375 px phone open the URL read from the card's QR code,
pass the SMS check and rate; a leader scores; a complaint is registered, answered late, verified and listed in the
notice; 回头看 with evidence; the office computes and publishes the half-year's star levels and the public board shows
the levels of an independent calculation; 再承诺 into the next half-year; weekly summaries and the not-filed view.

The office creates the programme from its preset on the 新建常态化评议 page and adds the current and the next half-year
on the 评定周期 page; the windows and their people on duty are then put in place through the services (conftest)."""

import datetime
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.qr import decode, pdf_qr_matrix
from tests.stars import shiyan_play as play

from .conftest import SHOTS


@pytest.fixture
def world(shiyan_world):
    """The play's starting state (tests/stars/browser/conftest.py), not the area's loaded programme."""
    return shiyan_world


W1, W2 = "十堰市人民医院门诊挂号窗口", "十堰市民政局婚姻登记窗口"
SCORES = {"满意": 100, "基本满意": 60, "不满意": 0}  # the preset's options


def level(score):
    """The preset's thresholds: one star from 50 points, one more every 5, ten from 95; below 50 no star."""
    return 0 if score < 50 else min(10, int((score - 50) // 5) + 1)


def combine(commitment, public, leader):
    """The preset's weights: 承诺践诺 40, 群众评议 40, 领导点评 20 (rounded half up to 0.01)."""
    return float(f"{0.4 * commitment + 0.4 * public + 0.2 * leader + 1e-9:.2f}")


@pytest.mark.browser
def test_shiyan_half_year_round(browser, live_server, world, periods, settings, tmp_path):
    base = live_server.url
    stars = f"{base}/stars/shiyan-2011"
    cur, nxt = periods[0]["code"], periods[1]["code"]

    # the office creates the programme from its preset and adds the current and the next half-year
    office = play.sign_in(browser, base, "organiser")
    play.new_programme(office, "十堰市窗口单位和服务行业创先争优“一诺双评创十星”常态化活动（shiyan-2011）", "十堰市（sy-city）")
    for period in periods:
        play.add_period(office, period)
    expect(office.get_by_role("row", name=periods[0]["name"]).get_by_text("当前")).to_be_visible()
    play.shot(office, "office-periods")
    world["on_duty"]()
    w1, w2, m1, m2, m3 = (world[k] for k in ("w1", "w2", "m1", "m2", "m3"))

    # the office opens the programme from its dashboard
    office.goto(f"{base}/")
    office.get_by_role("link", name=world["programme"].name).first.click()
    expect(office.get_by_role("heading", name="选择窗口")).to_be_visible()
    play.shot(office, "office-windows")

    # window staff: 亮承诺 for the window and its people, then print the desk card
    clerk1 = play.sign_in(browser, base, "clerk1")
    list1 = f"{stars}/commitments/?period={cur}"
    clerk1.goto(list1)
    expect(clerk1.get_by_role("heading", name=f"{W1} · 公开承诺")).to_be_visible()
    play.publish(clerk1, f"org:{w1.pk}", "standard", "首问负责，一次告知", cur)
    play.publish(clerk1, f"member:{m1.pk}", "time_limit", "挂号不超过2分钟", cur)
    play.publish(clerk1, f"member:{m1.pk}", "content", "微笑服务，耐心解答", cur)
    play.publish(clerk1, f"member:{m2.pk}", "standard", "收费零差错", cur)
    play.shot(clerk1, "clerk-commitments")
    clerk2 = play.sign_in(browser, base, "clerk2")
    list2 = f"{stars}/commitments/?period={cur}"
    clerk2.goto(list2)
    play.publish(clerk2, f"org:{w2.pk}", "time_limit", "婚姻登记当场办结", cur)
    play.publish(clerk2, f"member:{m3.pk}", "procedure", "一次性告知所需材料", cur)

    cards = {}
    for page, window in [(clerk1, w1), (clerk2, w2)]:
        page.goto(f"{stars}/w/{window.pk}/")
        href = page.get_by_role("link", name="打印桌牌（PDF）").get_attribute("href")
        pdf = page.request.get(f"{base}{href}")
        assert pdf.headers["content-type"] == "application/pdf"
        folder = tmp_path / f"card{window.pk}"
        folder.mkdir()
        (folder / "card.pdf").write_bytes(pdf.body())
        text = subprocess.run(["pdftotext", str(folder / "card.pdf"), "-"], capture_output=True, check=True).stdout.decode()
        assert window.name in text and "扫码查看承诺并评议服务" in text
        cards[window.pk] = decode(pdf_qr_matrix(folder / "card.pdf", folder))
        if window == w1:
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(folder / "card.pdf"), str(SHOTS / "desk-card")])
    assert cards == {w1.pk: f"{stars}/w/{w1.pk}/", w2.pk: f"{stars}/w/{w2.pk}/"}

    # citizens scan the card on their phones and rate after the SMS check
    given = {w1.pk: ["满意", "满意", "基本满意"], w2.pk: ["满意", "不满意"]}
    n = 0
    for window_pk, options in given.items():
        for option in options:
            n += 1
            comment = "挂号很快，态度好" if n == 1 else ""
            play.rate(browser, settings, cards[window_pk], f"1390719{n:04d}", option, comment, name="citizen" if n == 1 else None)

    # five phones from one network on one day: the fourth and fifth are flagged, and still count until invalidated
    # (the board below is calculated with all five)
    office.goto(f"{stars}/flagged/")
    flagged = office.get_by_role("region", name="同一 IP 当天用 3 个以上手机号码评议")
    expect(flagged).to_have_count(1)
    expect(flagged.get_by_role("heading")).to_contain_text("2 条")
    play.shot(office, "office-flagged")

    # a leader scores each window's subjects
    leader = play.sign_in(browser, base, "leader")
    branch = world["branch"].name
    play.score(
        leader,
        stars,
        cur,
        W1,
        {
            f"窗口：{W1}": (92, ""),
            f"党组织：{branch}": (90, ""),
            "党员：张红（挂号员）": (88, "服务热情，业务熟练"),
            "党员：李明（收费员）": (80, ""),
        },
    )
    play.shot(leader, "leader-scores")
    play.score(leader, stars, cur, W2, {f"窗口：{W2}": (60, "高峰时段等候较久"), "党员：王芳（登记员）": (70, "")})
    leader.context.close()

    # a complaint received eight days ago: registered, answered late by the window, verified valid, then the notice
    office.goto(f"{stars}/complaints/")
    received = (timezone.localtime() - datetime.timedelta(days=8)).strftime("%Y-%m-%dT%H:%M")
    office.get_by_label("窗口", exact=True).select_option(str(w1.pk))
    office.get_by_label("内容", exact=True).fill("周一上午挂号排队一小时，无人引导")
    office.get_by_label("投诉人（可不填）").fill("王先生")
    office.get_by_label("受理时间（不填为现在）").fill(received)
    office.get_by_role("button", name="登记").click()
    expect(office.get_by_text("已登记。")).to_be_visible()
    complaint_url = office.url
    office.goto(f"{stars}/complaints/?state=all")
    expect(office.get_by_text("1 件逾期未答复")).to_be_visible()
    play.shot(office, "office-complaints")

    clerk1.goto(f"{stars}/complaints/")
    clerk1.get_by_role("link", name="周一上午挂号排队一小时，无人引导").click()
    clerk1.get_by_label("答复内容").fill("已增设导诊员，高峰时段增开两个挂号窗口")
    clerk1.get_by_role("button", name="记录答复").click()
    expect(clerk1.get_by_text("答复已记录。")).to_be_visible()
    expect(clerk1.get_by_role("heading")).to_contain_text(["逾期答复"])

    office.goto(complaint_url)
    office.get_by_label("有效投诉").check()
    office.get_by_label("核实意见").fill("经调阅监控，情况属实")
    office.get_by_role("button", name="记录核实意见").click()
    expect(office.get_by_text("核实意见已记录。")).to_be_visible()
    play.shot(office, "office-complaint")
    office.goto(f"{stars}/notices/")
    office.get_by_role("button", name="立即检查并发出通报（1 件待通报）").click()
    expect(office.get_by_text("列出 1 件")).to_be_visible()
    expect(office.get_by_role("cell", name="周一上午挂号排队一小时，无人引导")).to_be_visible()
    expect(office.get_by_role("cell", name="逾期答复", exact=False)).to_be_visible()
    play.shot(office, "office-notice")

    # 回头看 at the end of the half-year, with evidence
    pic = play.photo(tmp_path)
    play.review(clerk1, list1, "首问负责，一次告知", cur, True, "上半年群众来信表扬 12 件")
    play.review(clerk1, list1, "挂号不超过2分钟", cur, False)
    play.review(clerk1, list1, "微笑服务，耐心解答", cur, True, "满意度回访 98%", pic)
    expect(clerk1.get_by_role("link", name="践诺照片.png")).to_be_visible()
    play.review(clerk1, list1, "收费零差错", cur, True, "收费差错 0 笔")
    play.review(clerk2, list2, "婚姻登记当场办结", cur, True, "当场办结率 100%")
    play.review(clerk2, list2, "一次性告知所需材料", cur, True, "一次性告知单已上墙")
    clerk1.goto(list1)
    play.shot(clerk1, "clerk-review")

    # the office computes the half-year's star levels, checks the run and publishes the board
    office.goto(f"{stars}/commitments/")
    office.get_by_role("link", name="星级计算").click()
    office.get_by_label("周期", exact=True).select_option(cur)
    office.get_by_role("button", name="计算星级").click()
    expect(office.get_by_text("星级已计算，核对后请公布。")).to_be_visible()
    row = office.get_by_role("row", name=periods[0]["name"])
    expect(row.get_by_role("cell").nth(3)).to_have_text("6")
    expect(row).to_contain_text("未公布")
    row.get_by_role("button", name="公布").click()
    expect(office.get_by_text("星级榜已公布。")).to_be_visible()
    expect(row).to_contain_text("已公布")
    play.shot(office, "office-runs")

    # the independent calculation from what was typed on the pages
    def public(options):
        return sum(SCORES[o] for o in options) / len(options)

    p1, p2 = public(given[w1.pk]), public(given[w2.pk])
    parts = {
        ("member", "张红"): (50, p1, 88),
        ("member", "李明"): (100, p1, 80),
        ("member", "王芳"): (100, p2, 70),
        ("party_org", branch): (0, p1, 90),
        ("window", W1): (100, p1, 92),
        ("window", W2): (100, p2, 60),
    }
    expected = {key: (combine(*v), level(combine(*v))) for key, v in parts.items()}
    assert {k: v[1] for k, v in expected.items()} == {
        ("member", "张红"): 5,  # 20 + 34.67 + 17.6 = 72.27
        ("member", "李明"): 9,  # 40 + 34.67 + 16 = 90.67
        ("member", "王芳"): 5,  # 40 + 20 + 14 = 74
        ("party_org", branch): 1,  # 0 + 34.67 + 18 = 52.67
        ("window", W1): 9,  # 40 + 34.67 + 18.4 = 93.07
        ("window", W2): 5,  # 40 + 20 + 12 = 72
    }

    citizen = browser.new_context(locale="zh-CN", **play.PHONE).new_page()
    for kind in ("member", "party_org", "window"):
        citizen.goto(f"{stars}/board/?period={cur}&kind={kind}")
        play.no_sideways_scroll(citizen)
        want = sorted(((-s, name, lv) for (k, name), (s, lv) in expected.items() if k == kind))
        rows = play.board_rows(citizen)
        assert rows == [(i, name, f"{lv} 星" if lv else "未定星", -s) for i, (s, name, lv) in enumerate(want, start=1)], kind
        if kind == "member":
            play.shot(citizen, "public-board")
    citizen.goto(cards[w1.pk])
    expect(citizen.get_by_text("9 星（93.07 分）")).to_be_visible()
    play.shot(citizen, "public-window-after-round")
    citizen.context.close()

    # 再承诺 into the next half-year for the commitment not kept
    clerk1.goto(list1)
    clerk1.get_by_role("row", name="挂号不超过2分钟").get_by_role("link").click()
    clerk1.get_by_label("作出周期").select_option(nxt)
    clerk1.get_by_label("新的承诺内容").fill("挂号不超过1分钟，推行诊间预约")
    clerk1.get_by_role("button", name="再承诺").click()
    expect(clerk1.get_by_text("再承诺已公开，原承诺保留在记录中。")).to_be_visible()
    clerk1.goto(f"{stars}/commitments/?period={nxt}")
    expect(clerk1.get_by_role("row", name="挂号不超过1分钟，推行诊间预约")).to_contain_text("再承诺")
    expect(clerk1.get_by_role("row", name="挂号不超过2分钟")).to_contain_text("已被取代")
    play.shot(clerk1, "clerk-recommit")

    # 一周一小结: one window files, the office sees who has not
    clerk1.get_by_role("link", name="一周一小结").click()
    clerk1.get_by_label("小结（再次提交即替换）").fill("本周受理挂号 3,210 人次；周三高峰增开 2 个窗口。")
    clerk1.get_by_role("button", name="提交").click()
    expect(clerk1.get_by_text("本周小结已提交。")).to_be_visible()
    office.goto(f"{stars}/summaries/")
    expect(office.get_by_text("已提交（1 个）")).to_be_visible()
    expect(office.get_by_text("未提交的窗口（1 个）")).to_be_visible()
    expect(office.locator("li.list-group-item", has_text=W2)).to_have_count(1)
    play.shot(office, "office-summaries")
    for page in (office, clerk1, clerk2):
        page.context.close()
