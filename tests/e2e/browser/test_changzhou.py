"""changzhou-2015 end to end in the browser: the brand nominations through one recommending level, the candidate
publicity with its hall poster and an objection, the 汇报展示会 scored by the judges on their phones, the decision in two
tiers (十大服务品牌 / 优质服务品牌), the certificates verified through their QR code."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from pingxuan.campaigns.models import Campaign
from tests.e2e.closing import decide_final, dismiss_objection, finalise, issue_and_verify, object_to, publish
from tests.e2e.onsite import hall_poster, onsite_session, present_and_score, release_all, set_tier_count
from tests.e2e.play import Play

pytestmark = pytest.mark.browser
JUDGES = ["judge1", "judge2", "judge3"]


def test_changzhou_2015_end_to_end(world, players, browser, live_server, tmp_path, settings):
    settings.SITE_URL = live_server.url
    settings.SESSION_IDLE_SECONDS = 0  # the play moves the clock days ahead; staff would be signed out as idle
    w = world("changzhou-2015")
    play = Play(preset="changzhou-2015", players=players, url=live_server.url, tmp_path=tmp_path)
    play.create_campaign("常州市第三批优质服务品牌推荐评选（changzhou-2015）")
    play.allocate_quota(w["unit"].label, "brand", "n", 2)
    brand = Campaign.objects.get(code=play.code).categories.get(code="brand")
    # Two brands in this play: the office gives 十大服务品牌 one place so that both tiers appear in the decision.
    set_tier_count(play, brand, 0, 1)
    play.open_phase("nomination", days=31)  # as long as the preset's, whose two milestones move with it
    a = play.nominate(brand)
    play.approve_all(a, ["approver3"], returned=True)
    b = play.nominate(brand, title="“警民心连心”便民服务品牌")
    play.approve_all(b, ["approver3"])
    play.open_phase("preliminary_review")
    play.review_and_select(brand, [a, b])
    play.open_phase("candidate_publicity")
    pub = publish(play, "candidate", days=4)
    phone = play.citizen(browser, "13907240002")
    poster = hall_poster(play, phone, pub, a.unit.name)
    assert poster.startswith(b"%PDF")
    assert object_to(play, phone, pub, a.title, "13907240002", f"{brand.name}：{a.title}")
    dismiss_objection(play, pub)
    # The 汇报展示会 follows the end of the candidate publicity: the play lets those days pass (the live server runs in
    # this process and shares the moved clock).
    after = timezone.localdate() + datetime.timedelta(days=5)
    with time_machine.travel(
        datetime.datetime.combine(after, datetime.time(9, 0), tzinfo=timezone.get_current_timezone()), tick=True
    ):
        finalise(play, pub)
        play.open_phase("voting")
        play.form_panel(brand, JUDGES, assign=False)
        session = onsite_session(play, brand, [a.title, b.title])
        present_and_score(play, session, 1, a.title, dict(zip(JUDGES, [18, 17, 19], strict=True)))
        marks = dict(zip(JUDGES, [16, 15, 17], strict=True))
        present_and_score(play, session, 2, b.title, marks, shot="05-onsite-judge-375")
        release_all(play, session, {a.title: "90.00", b.title: "80.00"})
        play.open_phase("decision")
        page = decide_final(play, "经市文明委审定，同意现场评分结果及等次。", [a.title, b.title])
        rows = page.locator("#decision tbody tr")
        assert rows.filter(has_text=a.title).locator("td").nth(6 - 1).inner_text() == "十大服务品牌"
        assert rows.filter(has_text=b.title).locator("td").nth(6 - 1).inner_text() == "优质服务品牌"
        issue_and_verify(play, [a.title, b.title])
