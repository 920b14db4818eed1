"""jingmen-2019 (SPEC §8): 60 % public votes (max-normalised) + 40 % expert score; winners within each recommending
unit's award quota. Checked against an independent calculation written here from the spec."""

import datetime
import json
import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from pingxuan.campaigns.models import Quota
from pingxuan.campaigns.services import grant_extension, load_preset
from pingxuan.judging import panels, scoring
from pingxuan.nominations.models import Status
from pingxuan.nominations.services import change_status, create_nomination
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.services import create_org, create_user, grant_role
from pingxuan.results.selection import select
from pingxuan.results.tally import tally
from pingxuan.voting import otp
from pingxuan.voting import services as vote_services
from pingxuan.voting.models import Vote, Voter

UNITS = {"jm-shizhi": 18, "jm-dongbao": 10, "jm-gaoxin": 10, "jm-zhanghe": 2}  # the nominate column of the quota table
AWARDS = {"jm-shizhi": 9, "jm-dongbao": 5, "jm-gaoxin": 5, "jm-zhanghe": 1}
VOTING_DAY = datetime.datetime(2019, 7, 28, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def _user(admin, org, role, name, campaign=None):
    u = create_user(user=admin, username=name, password="Pass-word-2026", display_name=name, organisation=org)
    grant_role(user=admin, person=u, organisation=org, role=role, campaign=campaign)
    return u


@pytest.fixture
def jingmen(admin_user):
    campaign = load_preset(user=admin_user, name="jingmen-2019")
    root = Organisation.objects.get(code="jm-lg")
    organiser = _user(admin_user, root, "organiser", "jm-organiser")
    # The 2019 nomination phase is long over: the office extends it for each unit so nominations can be created today.
    phase = campaign.phases.get(kind="nomination")
    until = timezone.localdate() + datetime.timedelta(days=5)
    for code in UNITS:
        grant_extension(
            user=admin_user, phase=phase, organisation=Organisation.objects.get(code=code), until=until, reason="测试补报"
        )
    experts = create_org(user=admin_user, parent=root, code="jm-experts", name="专家评审组", kind="office")
    judges = [_user(admin_user, experts, "judge", f"jm-judge{i}", campaign) for i in range(3)]
    rng = random.Random(2019)
    # The office allows a voter one vote for each candidate a day (the preset leaves the number to the organiser).
    vote_services.set_public_rules(user=organiser, campaign=campaign, values={"votes_per_day": 40})
    tokens = [otp.make_token(Voter.objects.create(phone=f"139{i:08d}")) for i in range(16)]
    noms = {}
    for category in campaign.categories.order_by("sort_order", "id"):
        noms[category.code] = []
        for code, count in UNITS.items():
            unit = Organisation.objects.get(code=code)
            clerk = _user(admin_user, unit, "clerk", f"{code}-{category.code}-clerk")
            for _i in range(count):
                n = create_nomination(user=clerk, category=category, unit=unit, data={})
                for status in (Status.RECEIVED, Status.PASSED):
                    change_status(n, status, user=organiser, action=f"nomination.{status}")
                noms[category.code].append(n)
        panels.set_panel(user=organiser, category=category, judges=judges)
        panels.assign(user=organiser, category=category, mode="all")
        for n in noms[category.code]:
            for judge in judges:
                # Criterion values in halves of their maximum, so expert scores vary and some totals may tie.
                sheet = {c["key"]: c["max"] * rng.choice([0.6, 0.7, 0.8, 0.9, 1.0]) for c in category.rubric}
                scoring.store_sheet(actor=judge, judge=judge, nomination=n, scores=sheet, comment="", submit=True)
            change_status(n, Status.CANDIDATE, user=organiser, action="nomination.candidate")
        # Public votes cast through the voting service on a day of the 2019 voting phase (评选投票阶段 7月27日–8月9日).
        for n in noms[category.code]:
            for token in tokens[: rng.randint(0, len(tokens))]:
                vote_services.cast_vote(token=token, nomination_id=n.pk, now=VOTING_DAY)
    return campaign, noms


def independent(category):
    """SPEC §8 by hand, in exact fractions: points = 100 × votes / max votes; total = 0.6 × points + 0.4 × expert
    score (mean of the judges' totals); ties by expert score, then public votes, then earlier submission (the preset's
    order). Returns the order and the totals as displayed (4 decimals, half up)."""
    votes = {}
    for v in Vote.objects.filter(category=category):
        votes[v.nomination_id] = votes.get(v.nomination_id, 0) + 1
    sheets = {}
    for s in scoring.ScoreSheet.objects.filter(nomination__category=category, submitted=True):
        sheets.setdefault(s.nomination_id, []).append(sum(Fraction(str(v)) for v in s.scores.values()))
    ids = sorted(sheets)
    top = max(votes.get(pk, 0) for pk in ids)
    out = []
    for pk in ids:
        expert = sum(sheets[pk]) / len(sheets[pk])
        total = Fraction(6, 10) * Fraction(100 * votes.get(pk, 0), top) + Fraction(4, 10) * expert
        out.append((total, expert, votes.get(pk, 0), pk))
    out.sort(key=lambda t: (-t[0], -t[1], -t[2], t[3]))
    shown = {
        t[3]: float((Decimal(t[0].numerator) / Decimal(t[0].denominator)).quantize(Decimal("0.0001"), ROUND_HALF_UP)) for t in out
    }
    return [t[3] for t in out], shown


@pytest.mark.django_db
def test_ranking_and_unit_quota_winners(jingmen):
    campaign, noms = jingmen
    for category in campaign.categories.all():
        assert len(noms[category.code]) == 40
        rows = tally(category)
        order, totals = independent(category)
        assert {r["nomination"]: r["total"] for r in rows} == totals
        assert [r["nomination"] for r in rows] == order
        assert {r["nomination"]: r["total"] for r in rows} == totals
        assert [r["rank"] for r in rows] == list(range(1, 41))
        summary = select(category, rows)
        rec = {r["nomination"]: r["recommender_id"] for r in rows}
        expected = []
        for q in Quota.objects.filter(category=category).order_by("sort_order", "id"):
            own = [pk for pk in order if rec[pk] == q.organisation_id][: AWARDS[q.organisation.code]]
            expected += own
        assert summary["method"] == "unit_quota"
        assert sorted(summary["winners"]) == sorted(expected)
        assert len(summary["winners"]) == 20
        assert [(u["unit"], u["awards"], len(u["winners"])) for u in summary["by_unit"]] == [
            ("市直", 9, 9),
            ("东宝区", 5, 5),
            ("荆门高新区·掇刀区", 5, 5),
            ("漳河新区", 1, 1),
        ]


@pytest.mark.django_db
def test_tally_command_json(jingmen):
    _campaign, _ = jingmen
    out = StringIO()
    call_command("tally", "jingmen-2019", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["components"] == [
        {"kind": "public_vote", "weight": 60, "method": "max"},
        {"kind": "expert", "weight": 40},
    ]
    assert [c["category"] for c in data["categories"]] == ["window", "individual"]
    first = data["categories"][0]["rows"][0]
    assert set(first["points"]) == {"public_vote", "expert"}
    assert first["total"] == round(first["weighted"]["public_vote"] + first["weighted"]["expert"], 4)
    assert first["rank"] == 1
