"""Headless Chromium at a 375-pixel phone viewport: the verification page a certificate's QR code opens (valid, then
revoked) and the public honour roll; screenshots go to docs/screenshots/awards/."""

import datetime

import pytest
from playwright.sync_api import expect

from pingxuan.awards import services
from pingxuan.awards.models import Certificate
from tests.awards.helpers import SHOTS
from tests.screenshots import screenshot

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_verify_page_and_honour_roll_on_a_phone(browser, live_server, decided):
    w = decided
    services.set_particulars(
        user=w["organiser"], campaign=w["campaign"], doc_number="荆工办〔2019〕9号", issued_on=datetime.date(2019, 8, 30)
    )
    services.issue_certificates(user=w["organiser"], campaign=w["campaign"])
    cert = Certificate.objects.get(recipient="张红梅")
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/verify/{cert.token}/")
    expect(page.locator("#verdict")).to_have_text("证书有效")
    expect(page.locator("#recipient")).to_have_text("张红梅")
    expect(page.locator("#honour")).to_have_text("优质服务明星")
    expect(page.locator("#date")).to_have_text("二〇一九年八月")
    expect(page.locator("#serial")).to_have_text(cert.serial)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, SHOTS / "verify-valid-375.png", full_page=True)
    services.revoke(user=w["organiser"], certificate=cert, reason="经核查，获奖者申报材料不实")
    page.reload()
    expect(page.locator("#verdict")).to_have_text("证书已撤销")
    expect(page.locator("#revoked")).to_contain_text("撤销理由：经核查，获奖者申报材料不实")
    screenshot(page, SHOTS / "verify-revoked-375.png", full_page=True)
    page.goto(f"{live_server.url}/honours/{w['campaign'].code}/")
    expect(page.get_by_role("heading", name="光荣榜")).to_be_visible()
    expect(page.get_by_role("heading", name="优质服务明星（1 名）")).to_be_visible()
    expect(page.locator(".roll-entry")).to_have_count(7)
    expect(page.locator(".roll-entry").first).to_contain_text("市政务服务中心办税窗口")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, SHOTS / "honour-roll-375.png", full_page=True)
    context.close()


def signed_in(browser, live_server, user):
    from django.conf import settings as dj_settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    host = live_server.url.split("//")[1].split(":")[0]
    cookie = client.cookies[dj_settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": dj_settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}])
    return context.new_page()


@pytest.mark.django_db(transaction=True)
def test_office_page_issues_and_revokes(browser, live_server, decided):
    w = decided
    page = signed_in(browser, live_server, w["organiser"])
    page.goto(f"{live_server.url}/awards/{w['campaign'].code}/")
    expect(page.locator("#check-decision")).to_contain_text("获评 8 个（名）")
    expect(page.locator("#check-seals")).to_contain_text("荆门市消费者委员会没有印章图片")
    page.get_by_role("button", name="颁发证书").click()
    expect(page.locator("#confirm-summary")).to_contain_text("每张带可扫码查验的二维码")
    page.get_by_role("button", name="确认颁发").click()
    expect(page.get_by_role("alert")).to_contain_text("已颁发 8 张证书（编号 ")
    expect(page.locator("tbody tr")).to_have_count(8)
    screenshot(page, SHOTS / "office.png", full_page=True)
    page.get_by_role("link", name=Certificate.objects.get(recipient="张红梅").serial).click()
    page.get_by_label("撤销理由（必填，将在查验页上显示）").fill("经核查，获奖者申报材料不实")
    page.get_by_role("button", name="撤销证书").click()
    expect(page.get_by_role("alert")).to_contain_text("已撤销")
    expect(page.locator("h1 .badge")).to_have_text("已撤销")
    screenshot(page, SHOTS / "certificate-revoked.png", full_page=True)
    page.context.close()
