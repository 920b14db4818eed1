"""河北 2012 (seed 001): “正式上报推荐对象前，要先与省委创先争优活动领导小组办公室沟通” (预审 at the city level, before
the formal report), “对达不到推荐条件的，取消评选资格，出缺名额不再递补” (no back-fill), and the quota table's award
number per unit (石家庄 16 … 省直机关 40), each through the services a user triggers."""

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.services import update_section
from pingxuan.core.errors import ServiceError
from pingxuan.judging import services as judging
from pingxuan.nominations import services as noms
from pingxuan.nominations.models import Nomination, Status
from pingxuan.results.proposal import proposal
from tests.world import at

pytestmark = pytest.mark.django_db
PREREVIEW = "本活动规定正式上报推荐对象前，要先与活动办公室沟通（预审）"


def _window(w, i):
    n = noms.create_nomination(
        user=w["clerk"], category=w["window"], unit=w["base"], data={"window_name": f"石家庄国税办税服务厅{i:02d}号窗口"}
    )
    return n


def _submit(w, n):
    """The clerk submits (form completeness is not what these tests are about: the data is filled in first)."""
    noms.update_nomination(
        user=w["clerk"],
        nomination=n,
        data={
            "parent_unit": "石家庄市国家税务局",
            "party_leader": "王书记",
            "unit_phone": "0311-85201234",
            "window_intro": "窗口情况简介。",
            "main_deeds": "主要事迹。",
            "case_material": "典型事迹材料。" * 10,
        },
    )
    noms.submit_nomination(user=w["clerk"], nomination=n)
    noms.decide(user=w["dept_approver"], nomination=n, decision="agree", opinion="同意推荐。")


def _eighteen_received(w):
    """石家庄's 16 + 递补 2, through the chain with the 预审, received by the province."""
    items = [_window(w, i) for i in range(1, 19)]
    for n in items:
        _submit(w, n)
    pre = noms.send_prereview(user=w["city_clerk"], campaign=w["campaign"], unit=w["city"], nominations=items)
    noms.comment_prereview(user=w["organiser"], prereview=pre, comment="同意上报。")
    for n in items:
        noms.decide(user=w["city_approver"], nomination=n, decision="agree", opinion="同意上报。")
        noms.decide(user=w["leader"], nomination=n, decision="agree", opinion="同意。")
    assert [alt for _, alt in noms.ranking(w["window"], w["city"])] == [False] * 16 + [True] * 2
    return items


def _review_and_disqualify_the_fifth(w, items):
    for n in items:
        judging.review(user=w["organiser"], nomination=n, decision="pass")
    gone = items[4]
    judging.disqualify(user=w["organiser"], nomination=gone, reason="考察发现达不到推荐条件。")
    return gone


def test_seed_001_prereview_before_the_formal_report_sent_by_the_city(hebei):
    """Seed 001: “正式上报推荐对象前，要先与省委创先争优活动领导小组办公室沟通”."""
    w = hebei
    n = _window(w, 1)
    _submit(w, n)
    # The city leading group may not report formally before the office's pre-review …
    with pytest.raises(ServiceError) as refused:
        noms.decide(user=w["city_approver"], nomination=n, decision="agree", opinion="同意上报。")
    assert (
        refused.value.message
        == f"{PREREVIEW}：“{n.title}”尚未由“中共石家庄市委创先争优活动领导小组”报送活动办公室预审，不能正式上报。"
    )
    # … and the base unit cannot send the pre-review: the level the preset names (the city) does.
    with pytest.raises(ServiceError) as refused:
        noms.send_prereview(user=w["clerk"], campaign=w["campaign"], unit=w["base"], nominations=[n])
    assert refused.value.message == f"{PREREVIEW}，预审由推荐单位报送；“石家庄市国税局直属分局”是基层单位，不能报送预审。"
    pre = noms.send_prereview(user=w["city_clerk"], campaign=w["campaign"], unit=w["city"], nominations=[n], note="拟推荐名单")
    with pytest.raises(ServiceError) as refused:
        noms.decide(user=w["city_approver"], nomination=n, decision="agree", opinion="同意上报。")
    assert refused.value.message == f"{PREREVIEW}：“{n.title}”已报送预审，尚未收到活动办公室的回复，不能正式上报。"
    noms.comment_prereview(user=w["organiser"], prereview=pre, comment="同意按此名单正式上报。")
    noms.decide(user=w["city_approver"], nomination=n, decision="agree", opinion="同意上报。")
    n.refresh_from_db()
    assert (n.status, n.level) == (Status.SUBMITTED, 2)


def test_seed_001_vacancy_after_disqualification_is_not_backfilled(hebei):
    """Seed 001: “对达不到推荐条件的，取消评选资格，出缺名额不再递补” — 石家庄's 16 + 递补 2; the 5th is disqualified
    during 考察; the alternates stay alternates, 15 are selected and the results say the place is vacant."""
    w = hebei
    window = w["window"]
    items = _eighteen_received(w)
    review_day = w["phases"]["preliminary_review"][0]
    with time_machine.travel(at(review_day), tick=False):
        gone = _review_and_disqualify_the_fifth(w, items)
        # Today the 17th silently moved into the formal list; now both alternates stay alternates.
        ranked = noms.ranking(window, w["city"])
        assert [(n.pk, alt) for n, alt in ranked] == [(n.pk, False) for n in items[:4] + items[5:16]] + [
            (items[16].pk, True),
            (items[17].pk, True),
        ]
        with pytest.raises(ServiceError) as refused:
            noms.fill_vacancy(user=w["organiser"], vacated=gone, reason="按排序递补。")
        assert refused.value.message == f"本活动规定“出缺名额不再递补”，“{gone.title}”的名额保持空缺。"
        # Nor may the unit renumber an alternate into the vacant place.
        order = [n.pk for n in items[:4]] + [items[16].pk] + [n.pk for n in items[5:16]] + [items[17].pk]
        with pytest.raises(ServiceError) as refused:
            noms.set_ranking(user=w["city_clerk"], category=window, recommender=w["city"], order=order)
        assert refused.value.message == (
            f"本活动规定“出缺名额不再递补”，名单报送后，递补对象“{items[16].title}”不能调入正式推荐名额（递补须由活动办公室记录递补）。"
        )
        live = [n.pk for n in items if n.pk != gone.pk]
        judging.stage_candidates(user=w["organiser"], category=window, nomination_ids=live)
        judging.apply_candidates(user=w["organiser"], category=window)
    prop = proposal(window, "final")
    assert prop["default"] == [n.pk for n in items[:4] + items[5:16]]
    sjz = next(u for u in prop["summary"]["by_unit"] if u["unit_id"] == w["city"].pk)
    assert (sjz["awards"], len(sjz["winners"]), sjz["vacant"], sjz["note"]) == (
        16,
        15,
        1,
        f"出缺 1 个（{gone.title}取消资格），不再递补",
    )
    assert Nomination.objects.get(pk=items[16].pk).rank == 17


def test_backfill_where_the_policy_allows_it_is_the_offices_recorded_step(hebei, client):
    """The counterpart of “出缺名额不再递补”: where a campaign allows back-fill, the next alternate moves up only by the
    office's recorded step (page and API), never by position alone."""
    w = hebei
    window = w["window"]
    items = _eighteen_received(w)
    with time_machine.travel(at(w["phases"]["preliminary_review"][0]), tick=False):
        gone = _review_and_disqualify_the_fifth(w, items)
        client.force_login(w["organiser"])
        answer = client.get(reverse("nom-detail", args=[gone.pk]))
        assert answer.status_code == 200, (answer.status_code, answer.get("Location"))
        page = answer.content.decode()
        assert "本活动规定“出缺名额不再递补”，该名额保持空缺。" in page
        policies = {**w["campaign"].policies, "backfill_alternates": True}
        update_section(user=w["organiser"], campaign=w["campaign"], section="policies", value=policies)
        assert [alt for _, alt in noms.ranking(window, w["city"])] == [False] * 15 + [True] * 2
        api = APIClient()
        api.force_login(w["organiser"])
        url = reverse("api-nomination-fill-vacancy", args=[gone.pk])
        refused = api.post(url, {"reason": ""}, format="json")
        assert (refused.status_code, refused.json()["detail"]) == (400, "递补须写明理由。")
        answer = api.post(url, {"reason": "经领导小组同意，由第 17 名递补。"}, format="json")
        assert answer.status_code == 200
    ranked = noms.ranking(window, w["city"])
    assert [(n.pk, alt) for n, alt in ranked] == [(n.pk, False) for n in [*items[:4], items[16], *items[5:16]]] + [
        (items[17].pk, True)
    ]
    event = AuditEvent.objects.get(action="nomination.backfill")
    assert (event.object_id, event.reason) == (str(items[16].pk), "经领导小组同意，由第 17 名递补。")
    # The results see the place filled: no vacancy, no “出缺…未递补” note, the 16 formal places selected.
    with time_machine.travel(at(w["phases"]["preliminary_review"][0]), tick=False):
        live = [n.pk for n in items if n.pk != gone.pk]
        judging.stage_candidates(user=w["organiser"], category=window, nomination_ids=live)
        judging.apply_candidates(user=w["organiser"], category=window)
    sjz = next(u for u in proposal(window, "final")["summary"]["by_unit"] if u["unit_id"] == w["city"].pk)
    assert (sjz["awards"], sjz["winners"], sjz["vacant"], sjz["note"]) == (
        16,
        [n.pk for n in [*items[:4], items[16], *items[5:16]]],
        0,
        "",
    )
