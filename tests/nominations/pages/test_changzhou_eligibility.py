"""常州 2015 (seed 002): “运行一年以上” and “已被评为常州市第一、第二批优质服务品牌的，不再参加此次推荐” are enforced,
not only displayed. A failing automatic check stops the clerk's submission (naming the rule and the date it needs); a
check that fails later, or one the product cannot verify (待核实), stops 初审 passing, the candidate list, publication
and the decision until the office records an exemption or a verification with a written reason (audited, shown on
the nomination and in the decision)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.services import update_section
from pingxuan.core.chinese import date_zh
from pingxuan.core.errors import ServiceError
from pingxuan.judging import services as judging
from pingxuan.nominations import eligibility
from pingxuan.nominations import services as noms
from pingxuan.nominations.models import Nomination, Status
from pingxuan.publicity import publishing
from pingxuan.results import services as results
from tests.world import at

pytestmark = pytest.mark.django_db
RULE = "服务品牌运行一年以上"
BATCHES = "未被评为常州市第一、第二批优质服务品牌"


def _data(name, started):
    return {
        "brand_name": name,
        "applicant_unit": "常州市公安局",
        "sector": "公安",
        "started_on": started.isoformat(),
        "contact_name": "陈经办",
        "contact_mobile": "13912345678",
        "brand_intro": "品牌简介：以群众满意为目标的便民服务品牌。",
        "practice": "主要做法和成效：推行一站式服务，群众满意率显著提高。",
    }


def _api(user):
    client = APIClient()
    client.force_login(user)
    return client


def _received(w, name, started):
    n = noms.create_nomination(user=w["clerk"], category=w["category"], unit=w["unit"], data=_data(name, started))
    noms.submit_nomination(user=w["clerk"], nomination=n)
    noms.decide(user=w["approver"], nomination=n, decision="agree", opinion="同意推荐。")
    n.refresh_from_db()
    assert n.status == Status.RECEIVED
    return n


def _move_nomination_start(w, days):
    """The office moves the start of the nomination phase `days` earlier (the date “运行一年以上” is counted to)."""
    phases = export_config(w["campaign"])["phases"]
    phase = next(p for p in phases if p["kind"] == "nomination")
    start = datetime.date.fromisoformat(str(phase["start"])) - datetime.timedelta(days=days)
    phase["start"] = start.isoformat()
    update_section(user=w["organiser"], campaign=w["campaign"], section="phases", value=phases)
    return start


def test_seed_002_running_one_year_refuses_submission_naming_the_date(changzhou, client):
    """Seed 002: “运行一年以上” — a brand created half a year before the call cannot be submitted."""
    w = changzhou
    start = w["phases"]["nomination"][0]
    started = start - datetime.timedelta(days=150)  # like 2015-01-10 against the call of 2015-06-09
    n = noms.create_nomination(user=w["clerk"], category=w["category"], unit=w["unit"], data=_data("警民心连心", started))
    cutoff = start.replace(year=start.year - 1)
    expected = (
        f"不符合评选条件，不能提交：“{RULE}”——品牌创建时间为{date_zh(started)}，至申报开始（{date_zh(start)}）"
        f"不满 1 年，须不晚于{date_zh(cutoff)}。"
    )
    answer = _api(w["clerk"]).post(reverse("api-nomination-submit", args=[n.pk]), {}, format="json")
    assert (answer.status_code, answer.json()["detail"], answer.json()["code"]) == (400, expected, "ineligible")
    client.force_login(w["clerk"])
    page = client.post(reverse("nom-edit", args=[n.pk]), {"action": "submit", **{f"f_{k}": v for k, v in n.data.items()}})
    assert page.status_code == 400
    assert expected in page.content.decode()
    n.refresh_from_db()
    assert (n.status, n.submitted_at) == (Status.DRAFT, None)


def test_seed_002_unverifiable_and_later_failing_checks_block_until_the_office_rules(changzhou, client):
    """Seed 002: “运行一年以上” and “已被评为常州市第一、第二批优质服务品牌的，不再参加此次推荐” hold at 初审, the candidate
    list, publication and the decision."""
    w = changzhou
    start = w["phases"]["nomination"][0]
    a = _received(w, "一站式办证", start.replace(year=start.year - 1) - datetime.timedelta(days=10))
    b = _received(w, "警邮直通车", start.replace(year=start.year - 1) - datetime.timedelta(days=40))
    office = w["organiser"]
    review_day = w["phases"]["preliminary_review"][0] + datetime.timedelta(days=1)
    with time_machine.travel(at(review_day), tick=False):
        # 待核实: earlier batches are not in the system, so the office must verify by hand before 初审 passes.
        with pytest.raises(ServiceError) as refused:
            judging.review(user=office, nomination=a, decision="pass")
        assert refused.value.message == (
            f"不符合评选条件，不能初审通过。“一站式办证”：“{BATCHES}”待核实（以往批次 changzhou-brand-batch1、"
            "changzhou-brand-batch2 不在本系统中，无法自动核验，请人工核对；须活动办公室核实后记录核实结论）。"
        )
        client.force_login(office)
        for n in (a, b):
            page = client.post(
                reverse("nom-ruling", args=[n.pk, "not_named_before"]),
                {"kind": "verified", "reason": "已核对市文明办第一、第二批命名文件，未在其中。"},
            )
            assert page.status_code == 302
            judging.review(user=office, nomination=n, decision="pass")
        # Later the office corrects the call's date: “一站式办证” no longer ran a full year when the call opened.
        moved = _move_nomination_start(w, 30)
        cutoff = moved.replace(year=moved.year - 1)
        a_started = start.replace(year=start.year - 1) - datetime.timedelta(days=10)
        detail = f"品牌创建时间为{date_zh(a_started)}，至申报开始（{date_zh(moved)}）不满 1 年，须不晚于{date_zh(cutoff)}"
        with pytest.raises(ServiceError) as refused:
            judging.stage_candidates(user=office, category=w["category"], nomination_ids=[a.pk, b.pk])
        assert refused.value.message == (
            f"以下申报不符合评选条件，不能列入候选名单：“一站式办证”：“{RULE}”不符合（{detail}；须活动办公室写明理由记录豁免）。"
        )
        # The office exempts it through the API, with a written reason.
        answer = _api(office).post(
            reverse("api-nomination-ruling", args=[a.pk]),
            {"rule_key": "running_one_year", "kind": "exemption", "reason": "品牌试运行期计入，经市文明委同意。"},
            format="json",
        )
        assert answer.status_code == 201
        item = next(i for i in answer.json() if i["key"] == "running_one_year")
        assert (item["state"], item["state_label"]) == ("exempted", "办公室已豁免")
        assert item["detail"] == f"{detail}。办公室豁免：品牌试运行期计入，经市文明委同意。"
        judging.stage_candidates(user=office, category=w["category"], nomination_ids=[a.pk, b.pk])
        judging.apply_candidates(user=office, category=w["category"])
        # Later still the date moves again: now “警邮直通车” fails too — publication and the decision stop.
        _move_nomination_start(w, 30)
        pub = w["phases"]["candidate_publicity"]
        with pytest.raises(ServiceError) as refused:
            publishing.publish(
                user=office, campaign=w["campaign"], stage="candidate", starts_on=pub[0], ends_on=pub[1], on=pub[0]
            )
        assert "“警邮直通车”：“服务品牌运行一年以上”不符合" in refused.value.message
        with pytest.raises(ServiceError) as refused:
            results.decide(user=w["leader"], campaign=w["campaign"], minutes="市文明委审定")
        assert refused.value.message.startswith(
            "还有未完成的事项，不能审定“常州市第三批优质服务品牌”：名单中有不符合评选条件的申报（1 项）：“警邮直通车”：“服务品牌运行一年以上”不符合"
        )
        assert set(Nomination.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {Status.CANDIDATE}
        eligibility.rule_on(
            user=office, nomination=b, rule_key="running_one_year", kind="exemption", reason="创建日期以挂牌为准，经核实。"
        )
        results.decide(user=w["leader"], campaign=w["campaign"], minutes="市文明委审定")
    assert set(Nomination.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {Status.AWARDED}
    client.force_login(w["leader"])
    page = client.get(reverse("results-decision", args=[w["campaign"].code])).content.decode()
    assert "一站式办证 · 服务品牌运行一年以上 · 办公室豁免：品牌试运行期计入，经市文明委同意。" in page
    assert "警邮直通车 · 服务品牌运行一年以上 · 办公室豁免：创建日期以挂牌为准，经核实。" in page
    events = AuditEvent.objects.filter(action__startswith="nomination.eligibility.").order_by("id")
    assert [(e.action, e.after["rule"], e.reason) for e in events] == [
        ("nomination.eligibility.verify", "not_named_before", "已核对市文明办第一、第二批命名文件，未在其中。"),
        ("nomination.eligibility.verify", "not_named_before", "已核对市文明办第一、第二批命名文件，未在其中。"),
        ("nomination.eligibility.exempt", "running_one_year", "品牌试运行期计入，经市文明委同意。"),
        ("nomination.eligibility.exempt", "running_one_year", "创建日期以挂牌为准，经核实。"),
    ]


def test_rulings_need_the_office_a_reason_and_the_matching_state(changzhou):
    w = changzhou
    start = w["phases"]["nomination"][0]
    n = _received(w, "一站式办证", start.replace(year=start.year - 2))
    with pytest.raises(ServiceError) as refused:
        eligibility.rule_on(user=w["organiser"], nomination=n, rule_key="not_named_before", kind="verified", reason=" ")
    assert refused.value.message == f"记录对“{BATCHES}”的办公室核实须写明理由。"
    with pytest.raises(ServiceError) as refused:
        eligibility.rule_on(user=w["organiser"], nomination=n, rule_key="running_one_year", kind="exemption", reason="x")
    assert refused.value.message == f"条件“{RULE}”系统核验为符合，无需核定。"
    with pytest.raises(ServiceError) as refused:
        eligibility.rule_on(user=w["clerk"], nomination=n, rule_key="not_named_before", kind="verified", reason="已核对")
    assert refused.value.message == "只有活动办公室可以记录资格豁免或核实结论。"
