"""hebei-2012 end to end in the browser: window nominations through the three approval levels (主管单位党组织, 市委或
省直机关领导小组, 省委领导小组) with a return, the office's review and candidates, the leading group's decision in the
recommending units' order (the preset has neither votes nor scores nor a publicity phase of its own), and the
certificates verified through their QR code."""

import pytest

from pingxuan.campaigns.models import Campaign
from pingxuan.orgs.models import Role
from tests.e2e.closing import decide_final, issue_and_verify
from tests.e2e.play import Play

from .conftest import _person

pytestmark = pytest.mark.browser
LEVELS = ["approver2", "approver3", "approver0"]


def test_hebei_2012_end_to_end(world, players, live_server, tmp_path, settings, admin_user):
    settings.SITE_URL = live_server.url
    w = world("hebei-2012")
    # “正式上报推荐对象前，要先与省委创先争优活动领导小组办公室沟通”: the city leading group's clerk sends the 预审.
    _person(admin_user, "cityclerk", f"{w['unit'].name} 经办人", w["unit"], Role.CLERK)
    play = Play(preset="hebei-2012", players=players, url=live_server.url, tmp_path=tmp_path)
    play.create_campaign("河北省为民服务创先争优群众满意窗口、行业服务标兵和优质服务品牌推荐表彰（冀创组〔2012〕18号）")
    play.allocate_quota(w["unit"].label, "window", "a", 1)
    play.open_phase("nomination")
    window = Campaign.objects.get(code=play.code).categories.get(code="window")
    a = play.nominate(window)
    play.approve_all(a, LEVELS, returned=True, prereview_by="cityclerk", prereview_at=1)
    b = play.nominate(window, title="石家庄市政务服务中心不动产登记窗口")
    play.approve_all(b, LEVELS, prereview_by="cityclerk", prereview_at=1)
    play.open_phase("preliminary_review")
    play.review_and_select(window, [a, b])
    play.open_phase("decision")
    page = decide_final(play, "经省委创先争优活动领导小组研究，同意按推荐排序予以表彰。", [a.title, b.title])
    cells = [[c.inner_text() for c in row.locator("td").all()[1:4]] for row in page.locator("#decision tbody tr").all()]
    assert cells == [["1", a.title, "1"], ["2", b.title, "2"]]
    issue_and_verify(play, [a.title, b.title])
