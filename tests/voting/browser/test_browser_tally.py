"""Headless Chromium at a 375-pixel phone viewport: the published tally page and a receipt with its inclusion proof
fit the screen; screenshots go to a temporary folder (docs/screenshots/voting/ with `make screenshots`)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.screenshots import screenshot, shots_dir

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_tally_page_and_receipt_proof_on_a_phone(browser, live_server, admin_user):
    from pingxuan.voting import demo, otp, tally_proof
    from pingxuan.voting import services as s
    from pingxuan.voting.models import Voter

    world = demo.build(admin=admin_user, code="vtb", candidates=4)
    cat = world["categories"][0]
    noms = world["candidates"]["window"]
    cast = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    receipts = [
        s.cast_vote(token=otp.make_token(Voter.objects.create(phone=f"1370000000{i}")), nomination_id=noms[i % 3].pk, now=cast)[
            "receipt"
        ]
        for i in range(7)
    ]
    end = world["campaign"].phases.get(kind="voting").ends_on
    pub = tally_proof.publish(
        category=cat, now=timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(1)))
    )
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/vote/{cat.pk}/tally/")
    expect(page.locator("tfoot")).to_contain_text("计票总数7")
    expect(page.get_by_text(pub.root)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shots = shots_dir("voting")
    screenshot(page, shots / "tally-375.png", full_page=True)
    page.goto(f"{live_server.url}/vote/receipt/?code={receipts[0]}")
    expect(page.get_by_text("这一票已计入公布的计票结果（第 1 版）。")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, shots / "receipt-proof-375.png", full_page=True)
    context.close()
