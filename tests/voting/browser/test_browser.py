"""Headless Chromium at a 375-pixel phone viewport: verify a number with the SMS code (read from the console SMS
log), vote, get a receipt, look it up; the screenshot goes to docs/screenshots/voting/."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.screenshots import screenshot, shots_dir
from tests.voting.conftest import sms_codes

pytestmark = pytest.mark.browser
SHOTS = shots_dir("voting")
PHONE = "13907240001"


@pytest.mark.django_db(transaction=True)
def test_vote_on_a_phone(browser, live_server, admin_user, settings):
    from pingxuan.voting import demo

    world = demo.build(admin=admin_user, code="vb", candidates=5)
    cat = world["categories"][0]
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/vote/{cat.pk}/")
    expect(page.get_by_role("heading", name="群众满意窗口")).to_be_visible()
    page.locator(".vote-btn").first.click()
    expect(page.locator("#result")).to_have_text("请先验证手机号码。")
    page.get_by_role("textbox", name="手机号码").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#verify-msg")).to_have_text("验证码已发送，请查看短信。")
    code = sms_codes(settings, PHONE)[-1]
    assert code not in page.content()
    page.get_by_role("textbox", name="短信验证码").fill(code)
    page.get_by_role("button", name="验证", exact=True).click()
    expect(page.locator("#verified")).to_contain_text("139****0001")
    first = page.locator(".vote-btn").first
    title = first.get_attribute("data-title")
    first.click()
    receipt = page.locator("#receipt strong")
    expect(receipt).to_have_text(re.compile(r"^[A-Z2-9]{10}$"))
    expect(page.locator("#receipt")).to_contain_text(f"已为“{title}”投上一票")
    assert code not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SHOTS.mkdir(parents=True, exist_ok=True)
    screenshot(page, SHOTS / "vote-375.png", full_page=True)
    code_text = receipt.inner_text()
    page.locator(".vote-btn").first.click()
    expect(page.locator("#result")).to_have_text(f"每人每天对同一候选对象最多投 1 票，今天已为“{title}”投过票。")
    page.goto(f"{live_server.url}/vote/receipt/?code={code_text}")
    expect(page.locator(".badge")).to_have_text("已计票")
    screenshot(page, SHOTS / "receipt-375.png", full_page=True)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_organiser_page_follows_the_analysis_without_reload(browser, live_server, admin_user, settings):
    """The button starts the job; the panel polls its progress and shows the clusters once the worker is done."""
    from pingxuan.jobs.models import Job
    from pingxuan.jobs.services import run_job
    from pingxuan.voting import demo

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # a worker that waits
    world = demo.build(admin=admin_user, code="vb", candidates=5)
    noms = world["candidates"]["window"]
    demo.ordinary_and_farm(noms, farm_for=noms[2])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("vb-organiser")
    page.get_by_label("密码").fill("Pingxuan-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/voting/vb/")
    page.get_by_role("button", name="运行刷票分析").click()
    panel = page.locator("#clusters-panel")
    expect(panel).to_contain_text("：排队中")
    expect(panel).to_contain_text("分析完成后，可疑群组将自动显示在这里。")
    page.evaluate("window.stillThisPage = true")
    panel.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    screenshot(page, SHOTS / "analysis-running.png", full_page=True)
    run_job.call(Job.objects.get(kind="voting.analyse").pk)  # what the task worker does
    expect(panel.get_by_role("link", name="同一设备：12 票，多数投给“公交客服中心”")).to_be_visible(timeout=20_000)
    expect(panel).to_contain_text("新发现可疑群组 1 个")
    assert page.evaluate("window.stillThisPage") is True  # no reload, no navigation
    screenshot(page, SHOTS / "analysis-done.png", full_page=True)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_vote_log_upload_follows_the_job_and_shows_clusters(browser, live_server, admin_user, settings, tmp_path):
    """The organiser uploads another platform's export; the page follows the job and then shows the findings."""
    import sys

    from pingxuan.jobs.models import Job
    from pingxuan.jobs.services import run_job
    from pingxuan.voting import demo

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    import fraudgen

    from tests.voting.services.test_analyse_votes import write_stream

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # a worker that waits
    demo.build(admin=admin_user, code="vl", candidates=5)
    s = fraudgen.stream(7005, fraudgen.Shape(voters=800, night=40, families=10), [("ip_farm", 200, 60, 5, False)], ["paid_post"])
    write_stream(tmp_path / "导出.csv", s)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("vl-organiser")
    page.get_by_label("密码").fill("Pingxuan-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/voting/vl/")
    page.get_by_label("投票记录文件").set_input_files(str(tmp_path / "导出.csv"))
    page.get_by_role("button", name="上传并分析").click()
    expect(page.locator("#log-body")).to_contain_text("分析任务：排队中")
    page.evaluate("window.stillThisPage = true")
    run_job.call(Job.objects.get(kind="voting.log").pk)  # what the task worker does
    expect(page.get_by_role("heading", name="可疑群组")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("link", name="报告（PDF）")).to_be_visible()
    expect(page.locator("#inflow-h + table")).to_contain_text(s.operations["paid_post"][0])
    assert page.evaluate("window.stillThisPage") is True  # followed without a reload
    SHOTS.mkdir(parents=True, exist_ok=True)
    screenshot(page, SHOTS / "vote-log.png", full_page=True)
    context.close()
