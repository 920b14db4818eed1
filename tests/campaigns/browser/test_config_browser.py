"""Headless Chromium: sign in, use the configuration editor's list editor, and take the screenshots for docs/."""

import pytest
from playwright.sync_api import expect

from tests.screenshots import screenshot, shots_dir

SHOTS = shots_dir()


def seal_org(user, org):
    """A round red seal image, uploaded through the service so the tree shows a thumbnail."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    from pingxuan.orgs.services import set_seal

    img = Image.new("RGBA", (200, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((8, 8, 192, 192), outline=(200, 20, 20, 255), width=10)
    draw.regular_polygon((100, 100, 40), 5, fill=(200, 20, 20, 255))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    set_seal(user=user, org=org, upload=SimpleUploadedFile("seal.png", buf.getvalue(), "image/png"))


@pytest.fixture
def demo(transactional_db, admin_user):
    from pingxuan.audit.services import seal_pending
    from pingxuan.campaigns.services import load_preset
    from pingxuan.web.demo import DEMO_PASSWORD, add_demo

    campaign = load_preset(user=admin_user, name="jingmen-2019")
    add_demo(campaign, user=admin_user)
    seal_org(admin_user, campaign.owner)
    seal_pending()
    return {"campaign": campaign, "username": "organiser", "password": DEMO_PASSWORD}


def sign_in(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(demo["username"])
    page.get_by_label("密码").fill(demo["password"])
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
def test_sign_in_and_screenshots(page, live_server, demo):
    SHOTS.mkdir(parents=True, exist_ok=True)
    campaign = demo["campaign"]
    sign_in(page, live_server, demo)
    assert page.get_by_role("heading", name="工作台").is_visible()
    assert page.get_by_role("link", name=campaign.name).first.is_visible()
    screenshot(page, SHOTS / "dashboard.png", full_page=True)

    page.goto(f"{live_server.url}/orgs/")
    assert page.get_by_role("heading", name="组织机构").is_visible()
    assert page.locator("img.seal-thumb").count() == 1
    from pingxuan.orgs.models import Organisation

    total = Organisation.objects.count()
    expect(page.locator(".org-tree a")).to_have_count(total)
    expect(page.get_by_text(f"共 {total} 个组织。")).to_be_visible()
    screenshot(page, SHOTS / "org-tree.png", full_page=True)

    # The rubric editor: the live sum follows the inputs, and a bad sum is refused with the rule's message.
    page.goto(f"{live_server.url}/campaigns/{campaign.code}/config/categories/window/fields/")
    blocks = page.locator("fieldset.row-block")
    before = blocks.count()
    assert before > 5
    page.get_by_role("button", name="添加一项").click()
    expect(blocks).to_have_count(before + 1)
    last = blocks.nth(before)
    last.get_by_label("类型", exact=True).select_option("longtext")
    expect(last.get_by_label("目标字数", exact=True)).to_be_visible()
    expect(last.get_by_label("最多字数", exact=True)).to_be_hidden()
    page.get_by_role("button", name=f"删除第 {before + 1} 项").click()
    expect(blocks).to_have_count(before)
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, SHOTS / "campaign-config.png")

    page.goto(f"{live_server.url}/campaigns/{campaign.code}/config/scoring/")
    weights = page.locator("input[name$='-weight']")
    assert weights.count() == 2
    if weights.count():
        weights.first.fill(str(float(weights.first.input_value() or 0) + 5))
        expect(page.locator(".row-editor")).to_contain_text("应为 100")
        page.get_by_role("button", name="保存").click()
        expect(page.locator("#config-errors")).to_contain_text("各计分项权重之和应为 100%")

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/campaigns/{campaign.code}/")
    assert page.get_by_role("heading", name=campaign.name).is_visible()
    screenshot(page, SHOTS / "campaign-detail-375.png", full_page=True)
