"""Headless Chromium at phone width: the clerk attests a changzhou-2015 brand nomination's eligibility rule with an
evidence PDF; screenshot for docs/screenshots/nominations/attest-375.png."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.screenshots import screenshot, shots_dir
from tests.world import PDF_BODY, open_preset

SHOTS = shots_dir("nominations")
RULE = "近两年未发生重大违纪违法案件和重大责任事故，未发生有负面影响的服务质量问题"


@pytest.fixture
def world(transactional_db, admin_user, tmp_path):
    from pingxuan.nominations import services
    from pingxuan.orgs.models import User
    from pingxuan.web.demo import DEMO_PASSWORD

    today = timezone.localdate()
    campaign = open_preset(admin_user, "changzhou-2015", started_days_ago=20)
    clerk = User.objects.get(username="clerk")
    unit = clerk.memberships.get(role="clerk").organisation  # a base unit under the first recommending unit
    n = services.create_nomination(
        user=clerk,
        category=campaign.categories.get(code="brand"),
        unit=unit,
        data={"brand_name": "“平安驿站”便民服务品牌", "started_on": (today - datetime.timedelta(days=900)).isoformat()},
    )
    evidence = tmp_path / "无违纪证明.pdf"
    evidence.write_bytes(PDF_BODY)
    return {"nomination": n, "password": DEMO_PASSWORD, "evidence": evidence}


@pytest.mark.browser
def test_clerk_attests_on_a_phone(page, live_server, world):
    from pingxuan.nominations.models import Attestation

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(world["password"])
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")

    n = world["nomination"]
    page.goto(f"{live_server.url}/nominations/{n.pk}/")
    page.get_by_role("link", name="评选条件核对与资格承诺").click()
    expect(page.get_by_role("heading", name="评选条件核对")).to_be_visible()
    expect(page.get_by_text("单位尚未承诺。")).to_be_visible()

    # an empty statement is refused with the service's message
    page.get_by_role("button", name="保存承诺").click()
    expect(page.get_by_role("alert")).to_have_text(f"请填写对“{RULE}”的承诺内容。")
    assert Attestation.objects.count() == 0

    page.get_by_label("承诺内容").fill(
        "本单位近两年未发生重大违纪违法案件和重大责任事故，未发生有负面影响的服务质量问题。特此承诺。"
    )
    page.get_by_label("证明材料").set_input_files(str(world["evidence"]))
    page.get_by_role("button", name="保存承诺").click()
    expect(page.get_by_text(f"已保存对“{RULE}”的承诺。")).to_be_visible()
    expect(page.get_by_role("link", name="无违纪证明.pdf")).to_be_visible()
    expect(page.get_by_role("button", name="更新承诺")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways at 375 px ({width} px)"
    screenshot(page, SHOTS / "attest-375.png", full_page=True)
    a = Attestation.objects.get()
    assert (a.evidence_name, a.is_active, a.attested_by.username) == ("无违纪证明.pdf", True, "clerk")
