"""The office in a desktop browser: the checklist before publishing, publishing, the register, an investigation note
and an upheld outcome (河北: the place stays vacant). Screenshots go to docs/screenshots/publicity/."""

import pytest
from django.conf import settings as dj_settings
from django.test import Client
from playwright.sync_api import expect

from pingxuan.nominations.models import Nomination, Status
from pingxuan.publicity import objections
from tests.publicity.conftest import advance, day
from tests.screenshots import screenshot, shots_dir

pytestmark = pytest.mark.browser
SHOTS = shots_dir("publicity")


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    host = live_server.url.split("//")[1].split(":")[0]
    cookie = client.cookies[dj_settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": dj_settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}])
    return context.new_page()


@pytest.mark.django_db(transaction=True)
def test_office_publishes_and_upholds_an_objection(browser, live_server, hebei, verified):
    w = hebei
    advance(w["noms"], Status.CANDIDATE, w["organiser"])
    page = signed_in(browser, live_server, w["organiser"])
    page.goto(f"{live_server.url}/publicity/office/hebei-2012/")
    page.get_by_label("名单").select_option("candidate")
    page.get_by_label("公示开始").fill(day(0).isoformat())
    page.get_by_label("公示结束").fill(day(6).isoformat())
    page.get_by_role("button", name="检查发布条件").click()
    expect(page.locator("#checklist")).to_contain_text("共 5 个公示对象。")
    screenshot(page, SHOTS / "office-checklist.png", full_page=True)
    page.get_by_role("button", name="发布公示（发布后名单即公开，不可撤回）").click()
    page.get_by_role("button", name="确认发布").click()
    expect(page.locator("#entries tbody tr")).to_have_count(5)
    pub = w["campaign"].publications.get()
    obj, _ = objections.submit(
        publication=pub,
        entry=pub.entries.get(nomination=w["noms"][0]),
        name="赵敏",
        token=verified("13700000001"),
        text="该窗口负责人在评选材料中虚报群众满意率数据。",
    )
    page.reload()
    page.get_by_role("link", name=f"#{obj.pk}").click()
    page.get_by_label("核查情况").fill("调阅原始测评记录，满意率实为 81%。")
    page.get_by_role("button", name="记录").click()
    expect(page.locator("#status")).to_have_text("核查中")
    page.get_by_label("反映属实").check()
    page.get_by_label("理由（将短信告知异议人）").fill("经核查，材料中的满意率数据与原始记录不符。")
    page.get_by_role("button", name="办结").click()
    expect(page.locator("#status")).to_have_text("反映属实")
    screenshot(page, SHOTS / "office-objection.png", full_page=True)
    page.get_by_role("link", name=pub.title).click()
    expect(page.locator("#entries")).to_contain_text("取消资格（出缺，不递补）：经核查，材料中的满意率数据与原始记录不符。")
    screenshot(page, SHOTS / "office-publication.png", full_page=True)
    assert Nomination.objects.get(pk=w["noms"][0].pk).status == Status.DISQUALIFIED
    page.context.close()
