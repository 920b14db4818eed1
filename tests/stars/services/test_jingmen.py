"""jingmen-2019 and the programme's data (SPEC §4.4 ← §10): the 优质服务明星 rule “一年内没有发生过错性群众投诉事件”
fails for a person on duty named in a valid complaint; the preset's window category has no automatic rule (the seed
gives none), and a 95 % satisfaction rule added to it by the office flags a window under 95 % or with a valid complaint."""

import datetime

from django.utils import timezone

from pingxuan.campaigns.presets import preset_path, read_yaml
from pingxuan.nominations import services as nominations
from pingxuan.nominations.eligibility import checklist
from pingxuan.orgs.models import Organisation
from pingxuan.stars import complaints, ratings
from pingxuan.stars import services as s
from pingxuan.stars.facts import months_before
from tests.nominations.paperwork import open_preset, people
from tests.stars.conftest import preset

SATISFACTION = {"key": "satisfaction", "label": "群众满意率达95%以上", "check": "auto", "rule": "satisfaction_at_least"}
WINDOW_RULES = [
    {**SATISFACTION, "percent": 95, "months": 12},
    {
        "key": "no_complaint",
        "label": "一年内没有发生过错性群众投诉事件",
        "check": "auto",
        "rule": "no_valid_complaint",
        "months": 12,
    },
]


def programme_over(admin):
    data = preset()
    data.pop("organisations")
    data.update(code="jm-stars", owner="jm-lg")
    return s.load_programme(user=admin, data=data)


def rate(programme, window, verified, options, prefix="1590000"):
    now = timezone.now()
    for i, option in enumerate(options):
        ratings.submit(programme=programme, window=window, token=verified(f"{prefix}{i:04d}"), option=option, now=now)


def test_individual_star_fails_on_a_valid_complaint_naming_them(admin_user, verified):
    campaign = open_preset(admin_user, "jingmen-2019")
    clerk, base, _ = people(campaign)
    window = Organisation.objects.get(code=f"{base.code}-w1")
    programme = programme_over(admin_user)
    today = timezone.localdate()
    member = s.add_member(user=admin_user, programme=programme, window=window, name="谢恒阳", post="办税服务专员")
    person = nominations.create_nomination(
        user=clerk, category=campaign.categories.get(code="individual"), unit=base, data={"name": "谢恒阳"}
    )
    rate(programme, window, verified, ["satisfied"] * 3 + ["unsatisfied"])
    facts = {
        "valid_complaints": 0,
        "ratings": 4,
        "satisfaction": 75.0,
        "since": months_before(today, 12),
        "until": today,
        "window": "市直办税服务厅",
        "member": "谢恒阳",
    }
    expected = {
        "key": "no_complaint",
        "label": "一年内没有发生过错性群众投诉事件",
        "check": "auto",
        "state": "pass",
        "state_label": "符合",
        "detail": "近 12 个月无有效投诉。",
        "evidence": facts,
    }
    assert checklist(person) == [expected]
    # a valid complaint about the window that does not name them does not count against the person
    other = complaints.register(user=admin_user, programme=programme, window=window, summary="大厅空调不开")
    complaints.verify(user=admin_user, complaint=other, valid=True, note="属实")
    assert checklist(person) == [expected]
    named = complaints.register(user=admin_user, programme=programme, window=window, member=member, summary="办税推诿")
    complaints.verify(user=admin_user, complaint=named, valid=False, note="经查不属实")
    assert checklist(person) == [expected]  # found invalid: not counted
    named = complaints.register(user=admin_user, programme=programme, window=window, member=member, summary="态度生硬")
    complaints.verify(user=admin_user, complaint=named, valid=True, note="经核实，情况属实")
    assert checklist(person) == [
        {
            **expected,
            "state": "fail",
            "state_label": "不符合",
            "detail": "近 12 个月有 1 件有效投诉。",
            "evidence": {**facts, "valid_complaints": 1},
        }
    ]


def test_window_under_95_or_with_a_valid_complaint_is_flagged(admin_user, verified):
    published = read_yaml(preset_path("jingmen-2019").read_text(encoding="utf-8"))
    assert [c.get("eligibility", []) for c in published["categories"] if c["code"] == "window"] == [[]]
    campaign = open_preset(
        admin_user,
        "jingmen-2019",
        edit=lambda d: next(c for c in d["categories"] if c["code"] == "window").update(eligibility=WINDOW_RULES),
    )
    clerk, base, _ = people(campaign)
    window = Organisation.objects.get(code=f"{base.code}-w1")
    programme = programme_over(admin_user)
    nomination = nominations.create_nomination(
        user=clerk, category=campaign.categories.get(code="window"), unit=base, data={"unit_name": "市直办税服务厅"}
    )
    today = timezone.localdate()
    facts = {
        "valid_complaints": 0,
        "ratings": 20,
        "satisfaction": 90.0,
        "since": months_before(today, 12),
        "until": today,
        "window": "市直办税服务厅",
        "member": None,
    }
    rate(programme, window, verified, ["satisfied"] * 18 + ["basic", "unsatisfied"])
    assert [(r["key"], r["state"], r["detail"], r["evidence"]) for r in checklist(nomination)] == [
        ("satisfaction", "fail", "近 12 个月群众满意率为 90.0%（20 次评议），低于 95%。", facts),
        ("no_complaint", "pass", "近 12 个月无有效投诉。", facts),
    ]
    rate(programme, window, verified, ["satisfied"] * 20, prefix="1580000")
    c = complaints.register(user=admin_user, programme=programme, window=window, summary="排队无人引导")
    complaints.verify(user=admin_user, complaint=c, valid=True, note="属实")
    later = {**facts, "ratings": 40, "satisfaction": 95.0, "valid_complaints": 1}
    assert [(r["key"], r["state"], r["detail"], r["evidence"]) for r in checklist(nomination)] == [
        ("satisfaction", "pass", "近 12 个月群众满意率为 95.0%（40 次评议），不低于 95%。", later),
        ("no_complaint", "fail", "近 12 个月有 1 件有效投诉。", later),
    ]


def test_old_ratings_do_not_count(admin_user, verified):
    """Outside the 12 months: a low rate from last year does not flag this year's nomination."""
    campaign = open_preset(
        admin_user,
        "jingmen-2019",
        edit=lambda d: next(c for c in d["categories"] if c["code"] == "window").update(eligibility=WINDOW_RULES[:1]),
    )
    clerk, base, _ = people(campaign)
    window = Organisation.objects.get(code=f"{base.code}-w1")
    programme = programme_over(admin_user)
    old = timezone.now() - datetime.timedelta(days=400)
    for i in range(5):
        ratings.submit(programme=programme, window=window, token=verified(f"1570000{i:04d}"), option="unsatisfied", now=old)
    nomination = nominations.create_nomination(
        user=clerk, category=campaign.categories.get(code="window"), unit=base, data={"unit_name": "市直办税服务厅"}
    )
    rate(programme, window, verified, ["satisfied"] * 4)
    assert [(r["state"], r["detail"]) for r in checklist(nomination)] == [
        ("pass", "近 12 个月群众满意率为 100.0%（4 次评议），不低于 95%。")
    ]
