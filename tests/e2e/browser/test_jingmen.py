"""jingmen-2019 end to end in the browser: every role through its own pages, from the preset to the verified
certificate."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from pingxuan.campaigns.models import Campaign
from tests.e2e.closing import (
    decide_final,
    decision_blocked,
    dismiss_objection,
    finalise,
    finalise_refused,
    issue_and_verify,
    object_to,
    publish,
    stage_and_apply,
)
from tests.e2e.play import Play

pytestmark = pytest.mark.browser


def test_jingmen_2019_end_to_end(world, players, browser, live_server, tmp_path, settings):
    settings.SITE_URL = live_server.url
    w = world("jingmen-2019")
    play = Play(preset="jingmen-2019", players=players, url=live_server.url, tmp_path=tmp_path)
    play.create_campaign("2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选（荆工办〔2019〕3号）")
    play.allocate_quota(w["unit"].label, "window", "a", 1)
    play.open_phase("nomination")
    campaign = Campaign.objects.get(code=play.code)
    window, individual = campaign.categories.get(code="window"), campaign.categories.get(code="individual")
    a = play.nominate(window)
    play.approve_all(a, ["approver1", "approver2"], returned=True)
    b = play.nominate(individual)
    play.approve_all(b, ["approver1", "approver2"])
    play.open_phase("preliminary_review")
    play.review_and_select(window, [a])
    play.review_and_select(individual, [b])
    play.open_phase("voting")
    play.form_panel(window, ["judge1", "judge2", "judge3"])
    play.form_panel(individual, ["judge1", "judge2", "judge3"])
    for judge, points in [("judge1", 18), ("judge2", 17), ("judge3", 19)]:
        page = play.score_all(judge, points)
    play.shot(page, "05-judge-tasks")
    phone = play.citizen(browser, "13907240001")
    play.vote(phone, window, "13907240001", [a.title])
    play.vote(phone, individual, "13907240001", [b.title])
    play.shot(phone, "06-vote-375")
    play.open_phase("shortlist_publicity")
    stage_and_apply(play, window)
    stage_and_apply(play, individual)
    pub = publish(play, "shortlist")
    follow = object_to(play, phone, pub, a.title, "13907240002", f"{window.name}：{a.title}")
    assert follow
    dismiss_objection(play, pub)
    finalise_refused(play, pub)
    # A real office waits out the publicity period (today + 6 days); the play lets the week pass. The live server runs
    # in this process, so its clock moves too (the finalising below is refused unless the server's today is later).
    after = timezone.localdate() + datetime.timedelta(days=7)
    with time_machine.travel(
        datetime.datetime.combine(after, datetime.time(9, 30), tzinfo=timezone.get_current_timezone()), tick=True
    ):
        assert timezone.localdate() == after
        play.open_phase("decision")
        decision_blocked(play)
        finalise(play, pub)
        titles = [a.title, b.title]
        decide_final(play, "经领导小组会议集体研究，同意公示名单，予以表彰。", titles)
        issue_and_verify(play, titles)
