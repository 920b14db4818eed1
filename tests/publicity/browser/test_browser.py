"""Headless Chromium at a 375-pixel phone viewport: the public list with photos, then the objection form (SMS code read
from the console SMS log, never shown on the page), evidence, the follow code and the follow page. Screenshots go to
docs/screenshots/publicity/."""

import re

import pytest
from playwright.sync_api import expect

from pingxuan.nominations.models import Status
from pingxuan.publicity import publishing
from pingxuan.publicity.models import Objection
from tests.publicity.conftest import advance, day, last_code
from tests.screenshots import screenshot, shots_dir
from tests.world import png

pytestmark = pytest.mark.browser
SHOTS = shots_dir("publicity")
PHONE = "13912345678"


@pytest.mark.django_db(transaction=True)
def test_public_list_and_objection_on_a_phone(browser, live_server, hebei, settings, tmp_path):
    w = hebei
    advance(w["noms"], Status.CANDIDATE, w["organiser"])
    pub = publishing.publish(user=w["organiser"], campaign=w["campaign"], stage="candidate", starts_on=day(0), ends_on=day(6))
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/publicity/{pub.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(pub.title)
    expect(page.locator(".pub-entry")).to_have_count(5)
    expect(page.locator("#entry-" + str(pub.entries.first().pk))).to_contain_text("石家庄市第1办税服务厅")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SHOTS.mkdir(parents=True, exist_ok=True)
    screenshot(page, SHOTS / "public-375.png", full_page=True)

    page.get_by_role("link", name="提出异议").click()
    expect(page.get_by_role("heading", name="提出异议")).to_be_visible()
    page.get_by_role("textbox", name="手机号码").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#sent")).to_have_text("验证码已发送，请查看短信。")
    code = last_code(settings, PHONE)
    assert code not in page.content()
    page.get_by_role("textbox", name="短信验证码").fill(code)
    page.get_by_role("textbox", name="真实姓名").fill("张志强")
    page.get_by_label("异议对象").select_option(label=f"{w['window'].name}：石家庄市第2办税服务厅")
    page.get_by_role("textbox", name=re.compile("异议内容")).fill(
        "该厅2012年7月10日上午无人值守，群众排队两小时未办理，附现场照片。"
    )
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(png().read())
    page.set_input_files("#evidence", str(photo))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, SHOTS / "objection-form-375.png", full_page=True)
    page.get_by_role("button", name="提交异议").click()
    follow = page.locator("#follow-code")
    expect(follow).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    assert code not in page.content()
    screenshot(page, SHOTS / "objection-done-375.png", full_page=True)
    follow_code = follow.inner_text()
    obj = Objection.objects.get()
    assert (obj.name, obj.phone, obj.entry.title, [e.original_name for e in obj.evidence.all()]) == (
        "张志强",
        PHONE,
        "石家庄市第2办税服务厅",
        ["现场照片.png"],
    )
    page.get_by_role("link", name="查询处理结果").click()
    page.get_by_role("textbox", name="查询码").fill(follow_code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#status")).to_have_text("待核查")
    screenshot(page, SHOTS / "follow-375.png", full_page=True)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_public_list_with_photos_and_hall_posters(browser, live_server, changzhou):
    pub = changzhou["pub"]
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/publicity/{pub.pk}/")
    photos = page.locator(".pub-entry img")
    expect(photos).to_have_count(2)
    assert page.evaluate(
        "Array.from(document.querySelectorAll('.pub-entry img')).every(i => i.complete && i.naturalWidth === 400)"
    )
    expect(page.get_by_role("link", name=re.compile("营业厅公示海报"))).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, SHOTS / "public-photos-375.png", full_page=True)
    context.close()
