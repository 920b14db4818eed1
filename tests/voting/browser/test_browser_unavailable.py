"""Headless Chromium at 375 px while Redis cannot be reached: the vote button tells the voter in Chinese that the
vote was not recorded, and the voting page itself is a plain 503 page; screenshots go to docs/screenshots/voting/."""

import pytest
from playwright.sync_api import expect

from tests.screenshots import screenshot, shots_dir
from tests.voting.api.test_unavailable import redis_unreachable
from tests.voting.conftest import sms_codes

pytestmark = pytest.mark.browser
SHOTS = shots_dir("voting")
PHONE = "13907240009"


@pytest.mark.django_db(transaction=True)
def test_vote_and_page_while_redis_is_down(browser, live_server, admin_user, settings):
    from pingxuan.voting import demo
    from pingxuan.voting.models import Vote

    world = demo.build(admin=admin_user, code="vu", candidates=3)
    cat = world["categories"][0]
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/vote/{cat.pk}/")
    page.get_by_role("textbox", name="手机号码").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#verify-msg")).to_have_text("验证码已发送，请查看短信。")
    page.get_by_role("textbox", name="短信验证码").fill(sms_codes(settings, PHONE)[-1])
    page.get_by_role("button", name="验证", exact=True).click()
    expect(page.locator("#verified")).to_contain_text("139****0009")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with redis_unreachable():
        page.locator(".vote-btn").first.click()
        expect(page.locator("#result .alert-danger")).to_have_text("系统繁忙，投票未被记录，请稍后再试。")
        screenshot(page, SHOTS / "vote-unavailable-375.png")
        answer = page.goto(f"{live_server.url}/vote/{cat.pk}/")
        assert answer.status == 503
        expect(page.get_by_role("heading", name="系统繁忙，请稍后再试")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(page, SHOTS / "unavailable-375.png", full_page=True)
    assert Vote.objects.count() == 0
    context.close()
