"""Each role, in a real browser, starts at the login page and reaches the pages it needs by clicking links only (no
typed address after the login page), on the demo `make run` loads."""

import re

import pytest
from playwright.sync_api import expect

from pingxuan.web.demo import DEMO_PASSWORD, ensure_admin
from pingxuan.web.demo_world import build
from tests.screenshots import GUIDE_IMG, screenshot, shots_dir

GUIDE = shots_dir(docs=GUIDE_IMG)  # a temporary folder; docs/guide/img only under `make screenshots`
# Pictures for the guide: (username, step after which) → file
SHOTS = {("organiser", 0): "organiser-workqueue.png", ("admin", 1): "admin-settings.png", ("window", 0): "window-dashboard.png"}

pytestmark = pytest.mark.browser

# username → [(link or button to click, text the page then shows)]
PATHS = {
    "organiser": [
        (("link", re.compile("待处理的刷票预警（.*投票中）")), "投票管理"),
        (("css", "a[href*='/voting/clusters/']"), "涉及的投票"),
        (("link", re.compile("投票管理")), "投票管理"),
        (("link", "工作台"), "待办事项"),
        (("link", re.compile("待核查的异议（.*公示中）")), "公示"),
        (("link", "评选活动"), "评选活动"),
        (("link", re.compile("（演示·申报中）")), "公开页面"),
        (("link", "申报汇总"), "申报"),
    ],
    "clerk": [
        (("link", re.compile("退回给我修改的推荐")), "市直公交客服中心"),
        (("link", "市直公交客服中心"), "退回"),
    ],
    "approver1": [
        (("link", re.compile("待我审核的推荐")), "待我审核"),
        (("link", "市直门诊服务窗口"), "审核"),
    ],
    "judge1": [(("link", re.compile("待我评分的推荐对象")), "评审")],
    "leader": [
        (("link", "评选活动"), "评选活动"),
        (("link", re.compile("（演示·已审定）")), "公开页面"),
        (("link", "评选结果"), "结果"),
    ],
    "supervisor": [(("link", "审计日志"), "审计日志")],
    "admin": [(("link", "系统设置"), "网站公开地址（SITE_URL）")],
    "window": [(("link", "打印桌牌（二维码，PDF）"), None)],
    "delegate": [(("link", "代表投票（凭选票编码）"), "选票")],
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", list(PATHS))
def test_each_role_reaches_its_pages_by_links_from_the_login_page(browser, live_server, username):
    build(ensure_admin())
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")  # the one typed address
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    toggler = page.locator(".navbar-toggler")
    if (username, 0) in SHOTS:
        screenshot(page, GUIDE / SHOTS[(username, 0)], full_page=True)
    for step, ((role, name), shows) in enumerate(PATHS[username], start=1):
        if role == "link" and name in ("工作台", "评选活动", "审计日志", "系统设置") and toggler.is_visible():
            toggler.click()  # the phone's collapsed navigation
        link = page.locator(name).first if role == "css" else page.get_by_role(role, name=name).first
        if shows is None:  # a file: the link answers a PDF
            with page.expect_response(lambda r: r.url.endswith(".pdf")) as answer:
                link.click()
            assert (answer.value.status, answer.value.headers["content-type"]) == (200, "application/pdf")
            continue
        link.click()
        expect(page.locator("main")).to_contain_text(shows)
        if (username, step) in SHOTS:
            screenshot(page, GUIDE / SHOTS[(username, step)], full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 400  # no sideways scrolling on a phone
    context.close()
