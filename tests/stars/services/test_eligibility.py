"""The programme's data feeds a campaign's eligibility checklist (SPEC §4.4 ← §10): a window under 95 % satisfaction
is flagged in a gucheng-2011 window nomination, a person on duty with a valid complaint in an individual one."""

import datetime

from django.utils import timezone

from pingxuan.nominations import services as nominations
from pingxuan.nominations.eligibility import checklist
from pingxuan.orgs.models import Organisation
from pingxuan.stars import complaints, ratings
from pingxuan.stars import services as s
from pingxuan.stars.facts import months_before
from tests.nominations.paperwork import open_preset, people
from tests.stars.conftest import preset


def programme_over(admin, owner):
    data = preset()
    data.pop("organisations")
    data.update(code="gc-stars", owner=owner)
    return s.load_programme(user=admin, data=data)


def test_satisfaction_and_valid_complaints_flag_gucheng_nominations(admin_user, verified):
    campaign = open_preset(admin_user, "gucheng-2011")
    clerk, base, _ = people(campaign)
    window = Organisation.objects.get(code=f"{base.code}-w1")
    programme = programme_over(admin_user, "gc-lg")
    today, now = timezone.localdate(), timezone.now()
    cat_window = campaign.categories.get(code="window")
    nomination = nominations.create_nomination(user=clerk, category=cat_window, unit=base, data={"window_name": window.name})
    since = months_before(today, 12)
    assert checklist(nomination)[0]["state"] == "unknown"  # no rating yet: the rate is unknown
    old = now - datetime.timedelta(days=400)  # outside the 12 months: not counted
    for i, option in enumerate(["satisfied"] * 18 + ["basic", "unsatisfied"] + ["unsatisfied"] * 3):
        ratings.submit(
            programme=programme, window=window, token=verified(f"1590000{i:04d}"), option=option, now=old if i >= 20 else now
        )
    facts = {
        "valid_complaints": 0,
        "ratings": 20,
        "satisfaction": 90.0,
        "since": since,
        "until": today,
        "window": window.name,
        "member": None,
    }
    assert checklist(nomination) == [
        {
            "key": "satisfaction",
            "label": "群众满意率达95%以上",
            "check": "auto",
            "state": "fail",
            "state_label": "不符合",
            "detail": "近 12 个月群众满意率为 90.0%（20 次评议），低于 95%。",
            "evidence": facts,
        },
    ]
    for i in range(20):
        ratings.submit(
            programme=programme,
            window=window,
            token=verified(f"1580000{i:04d}"),
            option="satisfied",
            now=now - datetime.timedelta(days=1),
        )
    assert checklist(nomination)[0]["detail"] == "近 12 个月群众满意率为 95.0%（40 次评议），不低于 95%。"
    assert checklist(nomination)[0]["state"] == "pass"

    # an individual: the person on duty of the same name; a valid complaint naming them fails the rule
    organiser = admin_user
    member = s.add_member(user=organiser, programme=programme, window=window, name="刘义权", post="窗口负责人")
    cat_person = campaign.categories.get(code="individual")
    person = nominations.create_nomination(
        user=clerk, category=cat_person, unit=base, data={"name": "刘义权", "political_status": "中共党员"}
    )
    assert checklist(person)[1]["state"] == "pass"
    c = complaints.register(user=organiser, programme=programme, window=window, member=member, summary="办事推诿")
    assert checklist(person)[1]["state"] == "pass"  # not yet verified
    complaints.verify(user=organiser, complaint=c, valid=True, note="经核实，情况属实")
    assert checklist(person)[1] == {
        "key": "no_complaint",
        "label": "全年办事服务无有效投诉",
        "check": "auto",
        "state": "fail",
        "state_label": "不符合",
        "detail": "近 12 个月有 1 件有效投诉。",
        "evidence": {
            "valid_complaints": 1,
            "ratings": 40,
            "satisfaction": 95.0,
            "since": since,
            "until": today,
            "window": window.name,
            "member": "刘义权",
        },
    }
