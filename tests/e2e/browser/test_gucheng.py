"""gucheng-2011 end to end in the browser: window nominations through three approval levels (the last one the
leading group's), candidates, public votes on a phone and delegate votes with the codes printed on their ballots, the
shortlist published with an objection handled, the week passing, the decision and the verified certificates. The
preset's 50 → 15 → 10 are played with two nominations."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from pingxuan.campaigns.models import Campaign
from tests.e2e.closing import decide_final, dismiss_objection, finalise, issue_and_verify, object_to, publish, stage_and_apply
from tests.e2e.delegates import ballot_codes, close_counts, delegate_votes, import_delegates
from tests.e2e.play import Play

pytestmark = pytest.mark.browser
LEVELS = ["approver1", "approver2", "approver0"]


def test_gucheng_2011_end_to_end(world, players, browser, live_server, tmp_path, settings):
    settings.SITE_URL = live_server.url
    settings.SESSION_IDLE_SECONDS = 0  # the play moves the clock days ahead; staff would be signed out as idle
    w = world("gucheng-2011")
    play = Play(preset="gucheng-2011", players=players, url=live_server.url, tmp_path=tmp_path)
    play.create_campaign("谷城县评选表彰“十佳优良服务窗口、十佳优秀服务标兵、十佳优质服务品牌”活动（谷创先发〔2011〕14号）")
    play.allocate_quota(w["unit"].label, "window", "n", 2)
    play.open_phase("nomination")
    window = Campaign.objects.get(code=play.code).categories.get(code="window")
    a = play.nominate(window)
    play.approve_all(a, LEVELS, returned=True)
    b = play.nominate(window, title="谷城县城关镇便民服务中心综合窗口")
    play.approve_all(b, LEVELS)
    play.open_phase("preliminary_review")
    play.review_and_select(window, [a, b])
    play.open_phase("voting")
    import_delegates(play, [("001", "张代表", "城关镇代表团"), ("002", "李代表", "石花镇代表团")])
    codes = ballot_codes(play)
    assert len(codes) == 2
    phone = play.citizen(browser, "13907240001")
    delegate_votes(play, phone, codes[0], window, [a.title, b.title])
    delegate_votes(play, phone, codes[1], window, [a.title])
    play.shot(phone, "06-delegate-375")
    play.vote(phone, window, "13907240001", [a.title])
    play.shot(phone, "06-vote-375")
    play.vote(play.citizen(browser, "13907240003"), window, "13907240003", [a.title])
    play.open_phase("shortlist_publicity")
    close_counts(play)
    stage_and_apply(play, window)
    pub = publish(play, "shortlist")
    assert object_to(play, phone, pub, b.title, "13907240002", f"{window.name}：{b.title}")
    dismiss_objection(play, pub)
    after = timezone.localdate() + datetime.timedelta(days=7)
    with time_machine.travel(
        datetime.datetime.combine(after, datetime.time(9, 0), tzinfo=timezone.get_current_timezone()), tick=True
    ):
        finalise(play, pub)
        play.open_phase("decision")
        page = decide_final(play, "经县委创先争优活动领导小组审议，同意公示名单。", [a.title, b.title])
        # max method, 50 % each: a has both public votes and both delegates (100), b one delegate of two (25)
        cells = [[c.inner_text() for c in row.locator("td").all()[2:5]] for row in page.locator("#decision tbody tr").all()]
        assert cells == [[a.title, "1", "100.00"], [b.title, "2", "25.00"]]
        issue_and_verify(play, [a.title, b.title])
