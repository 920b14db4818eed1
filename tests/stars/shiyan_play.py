"""Steps of the shiyan-2011 play that several roles repeat, each done on the pages as a person would."""

import io

from PIL import Image
from playwright.sync_api import expect

from tests.screenshots import screenshot
from tests.stars.browser.conftest import SHOTS, sms_code

PASSWORD = "Pass-word-2026"
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def sign_in(browser, base, username):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")
    return page


def shot(page, name):
    screenshot(page, SHOTS / f"{name}.png", full_page=True)


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide at a 375 px phone"


def photo(tmp_path):
    path = tmp_path / "践诺照片.png"
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 60, 40)).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return path


def publish(page, subject, kind, text, period):
    """亮承诺 on the window's commitments page."""
    page.get_by_label("承诺主体").select_option(subject)
    page.get_by_label("类别").select_option(kind)
    page.get_by_label("作出周期").select_option(period)
    page.get_by_label("承诺内容").fill(text)
    page.get_by_role("button", name="公开承诺").click()
    expect(page.get_by_text("承诺已公开。")).to_be_visible()
    expect(page.get_by_role("cell", name=text, exact=True)).to_be_visible()


def review(page, listing, text, period, fulfilled, evidence="", file=None):
    """回头看 of one commitment from the window's list, back to the list afterwards."""
    page.goto(listing)
    page.get_by_role("row", name=text).get_by_role("link").click()
    page.get_by_label("周期", exact=True).select_option(period)
    page.get_by_label("已践诺" if fulfilled else "未践诺", exact=True).check()
    if evidence:
        page.get_by_label("践诺证明（文字说明）").fill(evidence)
    if file:
        page.get_by_label("证明材料（JPG、PNG 或 PDF，不超过 10 MB）").set_input_files(str(file))
    page.get_by_role("button", name="记录回头看").click()
    expect(page.get_by_text("回头看已记录。")).to_be_visible()


def score(page, base, period, window, marks):
    """领导点评 of one window's subjects: marks = {label: (score, comment)}."""
    page.goto(f"{base}/leader/?period={period}")
    page.get_by_role("link", name=window).click()
    for label, (value, comment) in marks.items():
        page.get_by_label(label, exact=True).fill(str(value))
        if comment:
            page.get_by_label(f"{label}的点评意见").fill(comment)
    page.get_by_role("button", name="保存点评").click()
    expect(page.get_by_text(f"已保存 {len(marks)} 项点评。")).to_be_visible()


def rate(browser, settings, url, phone, option, comment="", name=None):
    """A citizen on a phone: the scanned window page, the rating page, the SMS code, the rating."""
    ctx = browser.new_context(locale="zh-CN", **PHONE)
    page = ctx.new_page()
    page.goto(url)
    no_sideways_scroll(page)
    if name:
        shot(page, f"{name}-window")
    page.get_by_role("link", name="评议服务").click()
    page.get_by_label("手机号码").fill(phone)
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信验证码").fill(sms_code(settings, phone))
    page.get_by_label(option, exact=True).check()
    if comment:
        page.get_by_label("意见建议（可不填）").fill(comment)
    no_sideways_scroll(page)
    if name:
        shot(page, f"{name}-rate")
    page.get_by_role("button", name="提交评议").click()
    expect(page.get_by_role("status")).to_contain_text(f"感谢您的评议！您的评议已记录（{phone[:3]}****{phone[-4:]}")
    if name:
        shot(page, f"{name}-done")
    ctx.close()


def board_rows(page):
    """(rank, name, stars, score) of the public board's table as read on the page."""
    cells = page.eval_on_selector_all("tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))")
    return [(int(c[0]), c[1].split()[0], c[2], float(c[3])) for c in cells]


def new_programme(page, preset_name, under):
    """新建常态化评议 from the dashboard: the preset and the organisation to create it under; lands on 评定周期."""
    page.get_by_role("link", name="新建常态化评议").click()
    expect(page.get_by_role("heading", name="新建常态化评议")).to_be_visible()
    page.get_by_label("预设", exact=True).select_option(label=preset_name)
    page.get_by_label("所属组织", exact=True).select_option(label=under)
    shot(page, "office-new-programme")
    page.get_by_role("button", name="创建常态化活动").click()
    expect(page.get_by_text("已从预设创建常态化活动")).to_be_visible()
    expect(page.get_by_role("heading", name="评定周期", exact=True)).to_be_visible()


def add_period(page, period):
    """添加评定周期 on the programme's 评定周期 page: code, name, start and end as typed by the office."""
    page.get_by_label("周期代码").fill(period["code"])
    page.get_by_label("周期名称").fill(period["name"])
    page.get_by_label("开始日期").fill(period["start"].isoformat())
    page.get_by_label("结束日期").fill(period["end"].isoformat())
    page.get_by_role("button", name="添加周期").click()
    expect(page.get_by_text(f"已添加评定周期“{period['name']}”。")).to_be_visible()
    expect(page.get_by_role("row", name=period["name"])).to_be_visible()
