"""Headless Chromium through the staff pages of the standing programme: a window clerk publishes a commitment,
records the 回头看 with an evidence photo, makes a 再承诺 and files the weekly summary; a leader scores; the office registers an overdue
complaint, verifies it and issues the notice, invalidates a burst of ratings, computes and publishes the stars. Screenshots go to docs/screenshots/stars/."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from tests.screenshots import screenshot, shots_dir

SHOTS = shots_dir("stars")
PASSWORD = "Pass-word-2026"


def problems(page):
    """axe-core violations (serious, critical) of the page as shown, and sideways scrolling at 375 px."""
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")  # from the site itself: the policy forbids inline script
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'], runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    found = [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 800})
    if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
        found.append("scrolls sideways at 375 px")
    page.set_viewport_size(size)
    return found


@pytest.fixture
def live_world(transactional_db, world):
    return world


def sign_in(browser, live_server, username, width=1280):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = ctx.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.mark.browser
def test_staff_pages_in_a_browser(browser, live_server, live_world, tmp_path, verified):
    SHOTS.mkdir(parents=True, exist_ok=True)
    w = live_world
    base = f"{live_server.url}/stars/shiyan-2011"
    photo = tmp_path / "践诺照片.png"
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 200)).save(buf, "PNG")
    photo.write_bytes(buf.getvalue())

    # the window clerk: 亮承诺, 回头看 with a photo, 再承诺
    page = sign_in(browser, live_server, "clerk1")
    page.goto(f"{base}/commitments/?period=2011h1")
    expect(page.get_by_role("heading", name="十堰市人民医院门诊挂号窗口 · 公开承诺")).to_be_visible()
    page.get_by_label("承诺主体").select_option(f"member:{w['m1'].pk}")
    page.get_by_label("类别").select_option("time_limit")
    page.get_by_label("承诺内容").fill("挂号不超过2分钟，高峰时段增开窗口")
    page.get_by_role("button", name="公开承诺").click()
    expect(page.get_by_text("承诺已公开。")).to_be_visible()
    page.get_by_label("承诺主体").select_option(f"org:{w['w1'].pk}")
    page.get_by_label("承诺内容").fill("首问负责，一次告知")
    page.get_by_role("button", name="公开承诺").click()
    expect(page.get_by_role("cell", name="首问负责，一次告知")).to_be_visible()
    screenshot(page, SHOTS / "staff-commitments.png", full_page=True)
    assert problems(page) == []

    page.get_by_role("row", name="挂号不超过2分钟").get_by_role("link").click()
    page.get_by_label("周期", exact=True).select_option("2011h1")
    page.get_by_label("践诺证明（文字说明）").fill("上半年抽查 200 人次，平均挂号 1 分 40 秒")
    page.get_by_label("证明材料（JPG、PNG 或 PDF，不超过 10 MB）").set_input_files(str(photo))
    page.get_by_role("button", name="记录回头看").click()
    expect(page.get_by_text("回头看已记录。")).to_be_visible()
    expect(page.get_by_role("link", name="践诺照片.png")).to_be_visible()
    page.get_by_label("作出周期").select_option("2011h2")
    page.get_by_label("新的承诺内容").fill("挂号不超过1分钟，推行诊间预约")
    screenshot(page, SHOTS / "staff-commitment-review.png", full_page=True)
    assert problems(page) == []
    page.get_by_role("button", name="再承诺").click()
    expect(page.get_by_text("再承诺已公开，原承诺保留在记录中。")).to_be_visible()
    expect(page.get_by_role("link", name="挂号不超过2分钟，高峰时段增开窗口")).to_be_visible()
    # 一周一小结
    page.get_by_role("link", name="一周一小结").click()
    expect(page.get_by_text("未提交的窗口（1 个）")).to_be_visible()
    page.get_by_label("小结（再次提交即替换）").fill("本周受理挂号 3,210 人次，无投诉；周三高峰增开 2 个窗口。")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("本周小结已提交。")).to_be_visible()
    expect(page.get_by_text("未提交的窗口（0 个）")).to_be_visible()
    screenshot(page, SHOTS / "staff-summaries.png", full_page=True)
    assert problems(page) == []
    page.context.close()

    # a leader: 领导点评 of the window's subjects
    page = sign_in(browser, live_server, "leader")
    page.goto(f"{base}/leader/?period=2011h1")
    page.get_by_role("link", name="十堰市人民医院门诊挂号窗口").click()
    page.get_by_label("窗口：十堰市人民医院门诊挂号窗口", exact=True).fill("92")
    page.get_by_label("党员：张红（挂号员）", exact=True).fill("88")
    page.get_by_label("党员：张红（挂号员）的点评意见").fill("服务热情，业务熟练")
    page.get_by_label("党员：李明（收费员）", exact=True).fill("79.5")
    page.get_by_role("button", name="保存点评").click()
    expect(page.get_by_text("已保存 3 项点评。")).to_be_visible()
    screenshot(page, SHOTS / "staff-leader.png", full_page=True)
    assert problems(page) == []
    page.context.close()

    # the office: an overdue complaint and a hotline incident, verification, the notice
    page = sign_in(browser, live_server, "organiser")
    page.goto(f"{base}/complaints/")
    received = (timezone.localtime() - datetime.timedelta(days=8)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("窗口", exact=True).select_option(str(w["w1"].pk))
    page.get_by_label("内容", exact=True).fill("周一上午挂号排队一小时，无人引导")
    page.get_by_label("投诉人（可不填）").fill("王先生")
    page.get_by_label("受理时间（不填为现在）").fill(received)
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记。")).to_be_visible()
    page.get_by_label("无效投诉").check()
    page.get_by_label("有效投诉").check()
    page.get_by_label("核实意见").fill("经调阅监控，情况属实")
    page.get_by_role("button", name="记录核实意见").click()
    expect(page.get_by_text("核实意见已记录。")).to_be_visible()
    screenshot(page, SHOTS / "staff-complaint.png", full_page=True)
    assert problems(page) == []
    page.goto(f"{base}/complaints/")
    page.get_by_label("类别", exact=True).select_option("hotline")
    page.get_by_label("窗口", exact=True).select_option(str(w["w2"].pk))
    page.get_by_label("电话类别").select_option("监督投诉电话")
    page.get_by_label("情形", exact=True).select_option("无人接听")
    page.get_by_label("内容", exact=True).fill("下午三点连续三次无人接听")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记。")).to_be_visible()
    page.goto(f"{base}/complaints/?state=all")
    expect(page.get_by_text("1 件逾期未答复")).to_be_visible()
    screenshot(page, SHOTS / "staff-complaints.png", full_page=True)
    assert problems(page) == []
    page.goto(f"{base}/notices/")
    page.get_by_role("button", name="立即检查并发出通报（2 件待通报）").click()
    expect(page.get_by_role("heading", name="（第 1 期）")).to_be_visible()
    page.goto(f"{base}/notices/")
    expect(page.get_by_role("link", name="（第 1 期）")).to_be_visible()
    screenshot(page, SHOTS / "staff-notices.png", full_page=True)
    assert problems(page) == []

    # suspicious ratings (a burst at one window), invalidated with a reason; then the half-year's stars
    from pingxuan.stars import ratings

    day = timezone.make_aware(datetime.datetime(2011, 3, 1, 9, 0))
    for i in range(22):
        token = verified(f"1350000{i:04d}")
        ratings.submit(
            programme=w["programme"], window=w["w1"], token=token, option="satisfied", now=day + datetime.timedelta(seconds=i)
        )
    page.get_by_role("link", name="异常评议").click()
    expect(page.get_by_text("10 分钟内同一窗口评议达 20 次以上")).to_be_visible()
    page.get_by_label("作废原因").fill("短时集中评议，经核实为刷票")
    screenshot(page, SHOTS / "staff-flagged.png", full_page=True)
    assert problems(page) == []
    page.get_by_role("button", name="作废这 2 条评议").click()
    expect(page.get_by_text("已作废 2 条评议")).to_be_visible()
    page.get_by_role("link", name="星级计算").click()
    page.get_by_label("周期").select_option("2011h1")
    page.get_by_role("button", name="计算星级").click()
    expect(page.get_by_text("星级已计算，核对后请公布。")).to_be_visible()
    page.get_by_role("button", name="公布").click()
    expect(page.get_by_text("星级榜已公布。")).to_be_visible()
    screenshot(page, SHOTS / "staff-runs.png", full_page=True)
    assert problems(page) == []
    page.get_by_role("link", name="查看星级榜").click()
    expect(page.get_by_role("cell", name="张红 十堰市人民医院门诊挂号窗口")).to_be_visible()
    page.context.close()
