"""changzhou-2015 (SPEC §3, §6, §8): the on-site scores of the 汇报展示会 (trimmed: the highest and the lowest of five
judges dropped) rank the brands; the top 10 become 十大服务品牌, the other winners 优质服务品牌. Scores are given from
the judges' phones through the on-site services; the decision confirms both tiers."""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.services import grant_extension, load_preset, update_section
from pingxuan.judging import onsite, panels, scoring
from pingxuan.judging.models import SheetKind
from pingxuan.nominations.eligibility import rule_on
from pingxuan.nominations.models import Nomination, Status
from pingxuan.nominations.services import change_status, create_nomination
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.services import create_org, create_user, grant_role
from pingxuan.results import services
from pingxuan.results.selection import select
from pingxuan.results.tally import tally

UNITS = {"cz-gongan": 2, "cz-guoshui": 2, "cz-dishui": 2, "cz-jiaotong": 2, "cz-weiji": 2, "cz-renshe": 2}
UNITS |= {"cz-liyang": 5, "cz-jintan": 5, "cz-wujin": 5, "cz-xinbei": 5}  # 32 brands for 30 awards


def _user(admin, org, role, name, campaign=None):
    u = create_user(user=admin, username=name, password="Pass-word-2026", display_name=name, organisation=org)
    grant_role(user=admin, person=u, organisation=org, role=role, campaign=campaign)
    return u


def _shift_phases(admin, campaign):
    """The office moves the 2015 timeline so that the 汇报展示会 (the scoring phase) is today."""
    phases = export_config(campaign)["phases"]
    voting = next(p for p in phases if p["kind"] == "voting")
    delta = timezone.localdate() - datetime.date.fromisoformat(str(voting["start"])) - datetime.timedelta(days=1)
    for p in phases:
        p["start"] = (datetime.date.fromisoformat(str(p["start"])) + delta).isoformat()
        p["end"] = (datetime.date.fromisoformat(str(p["end"])) + delta).isoformat()
        for m in p.get("milestones") or []:
            m["date"] = (datetime.date.fromisoformat(str(m["date"])) + delta).isoformat()
    update_section(user=admin, campaign=campaign, section="phases", value=phases)


@pytest.fixture
def changzhou(admin_user):
    campaign = load_preset(user=admin_user, name="changzhou-2015")
    _shift_phases(admin_user, campaign)
    root = campaign.owner
    organiser = _user(admin_user, root, "organiser", "cz-organiser")
    leader = _user(admin_user, root, "leader", "cz-leader")
    category = campaign.categories.get(code="brand")
    phase = campaign.phases.get(kind="nomination")
    noms = []
    for code, count in UNITS.items():
        unit = Organisation.objects.get(code=code)
        grant_extension(user=admin_user, phase=phase, organisation=unit, until=timezone.localdate(), reason="测试补报")
        clerk = _user(admin_user, unit, "clerk", f"{code}-clerk")
        for i in range(count):
            data = {"brand_name": f"{unit.name}服务品牌{i + 1}", "started_on": "2013-05-01"}
            n = create_nomination(user=clerk, category=category, unit=unit, data=data)
            # 已被评为第一、第二批的不再参加: those batches are not in the system, so the office verifies by hand.
            rule_on(user=organiser, nomination=n, rule_key="not_named_before", kind="verified", reason="已核对前两批名单。")
            for status in (Status.RECEIVED, Status.PASSED, Status.CANDIDATE):
                change_status(n, status, user=organiser, action=f"nomination.{status}")
            noms.append(n)
    experts = create_org(user=admin_user, parent=root, code="cz-experts", name="专家评委", kind="office")
    judges = [_user(admin_user, experts, "judge", f"cz-judge{i}", campaign) for i in range(5)]
    panels.set_panel(user=organiser, category=category, judges=judges)
    session = onsite.create_session(user=organiser, category=category, title="常州市第三届优质服务品牌汇报展示会")
    rng = random.Random(2015)
    for position, pk in enumerate(session.order, 1):
        onsite.set_current(user=organiser, session=session, position=position)
        for judge in judges:
            sheet = {c["key"]: rng.choice([13, 14, 15, 16, 17, 18, 19, 20]) for c in category.rubric}
            scoring.save_sheet(user=judge, nomination_id=pk, scores=sheet, submit=True, kind=SheetKind.ONSITE)
        onsite.release(user=organiser, session=session, nomination_id=pk)
    onsite.set_current(user=organiser, session=session, position=None)
    return {"campaign": campaign, "category": category, "noms": noms, "organiser": organiser, "leader": leader}


def independent(category):
    """去掉一个最高分和一个最低分: the exact mean of the middle three totals of five; ranked by it, then by the
    nomination number (no submission dates here). Returns the order and the score shown to 2 and to 4 places."""
    totals = {}
    for s in scoring.ScoreSheet.objects.filter(nomination__category=category, kind=SheetKind.ONSITE, submitted=True):
        totals.setdefault(s.nomination_id, []).append(sum(Fraction(str(v)) for v in s.scores.values()))
    score = {pk: sum(sorted(t)[1:-1]) / 3 for pk, t in totals.items()}

    def shown(value, places):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return float(exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))

    order = sorted(score, key=lambda pk: (-score[pk], pk))
    return order, {pk: shown(v, 2) for pk, v in score.items()}, {pk: shown(v, 4) for pk, v in score.items()}


@pytest.mark.django_db
def test_onsite_scores_give_two_tiers(changzhou):
    campaign, category, leader = changzhou["campaign"], changzhou["category"], changzhou["leader"]
    assert len(changzhou["noms"]) == 32
    rows = tally(category)
    order, score, total = independent(category)
    assert [r["nomination"] for r in rows] == order
    assert {r["nomination"]: r["total"] for r in rows} == total
    assert {r["nomination"]: r["raw"]["onsite"] for r in rows} == score
    summary = select(category, rows)
    assert summary["winners"] == order[:30]
    assert summary["tiers"] == [
        {"name": "十大服务品牌", "nominations": order[:10]},
        {"name": "优质服务品牌", "nominations": order[10:30]},
    ]
    services.decide(user=leader, campaign=campaign, minutes="市文明委审定")
    status = dict(Nomination.objects.filter(category=category).values_list("pk", "status"))
    assert sorted(pk for pk, s in status.items() if s == Status.AWARDED) == sorted(order[:30])
    assert sorted(pk for pk, s in status.items() if s == Status.NOT_AWARDED) == sorted(order[30:])
    [result] = services.final_winners(campaign)
    assert [(w["nomination"].pk, w["position"], w["tier"]) for w in result["winners"]] == [
        (pk, i, "十大服务品牌" if i <= 10 else "优质服务品牌") for i, pk in enumerate(order[:30], 1)
    ]
