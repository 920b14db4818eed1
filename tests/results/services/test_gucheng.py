"""gucheng-2011 (SPEC §8): 50 candidates per category → 15 shortlisted → final 10, public votes (谷城党建网) and the
party delegates' votes each weighed 50 % as the preset configures (max-normalised). Votes are cast through the voting
services, delegate ballots through the ballot service; the ranking is checked against a calculation written here."""

import datetime
import io
import random

import openpyxl
import pytest
from django.utils import timezone

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.services import grant_extension, load_preset
from pingxuan.nominations.models import Nomination, Status
from pingxuan.nominations.services import change_status, create_nomination
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.services import create_user, grant_role
from pingxuan.publicity.publishing import finalise, publish
from pingxuan.results import services
from pingxuan.results.models import ListStatus
from pingxuan.results.tally import tally
from pingxuan.voting import ballots, otp
from pingxuan.voting import services as vote_services
from pingxuan.voting.models import Delegate, Voter
from tests.world import verify_open_checks

UNITS = [
    "gc-chengguan", "gc-shihua", "gc-shengkang", "gc-miaotan", "gc-wushan", "gc-cihe", "gc-nanhe", "gc-zijin",
    "gc-lengji", "gc-zhaowan", "gc-kaifaqu", "gc-xzfwzx", "gc-jiaoyu", "gc-gongan", "gc-minzheng", "gc-renshe",
    "gc-zhujian",
]  # fmt: skip
VOTING_DAY = datetime.datetime(2011, 12, 20, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def _user(admin, org, role, name, campaign=None):
    u = create_user(user=admin, username=name, password="Pass-word-2026", display_name=name, organisation=org)
    grant_role(user=admin, person=u, organisation=org, role=role, campaign=campaign)
    return u


@pytest.fixture
def gucheng(admin_user):
    campaign = load_preset(user=admin_user, name="gucheng-2011")
    root = campaign.owner
    organiser = _user(admin_user, root, "organiser", "gc-organiser")
    leader = _user(admin_user, root, "leader", "gc-leader")
    category = campaign.categories.get(code="window")
    phase = campaign.phases.get(kind="nomination")
    until = timezone.localdate() + datetime.timedelta(days=5)
    noms = []
    for code in UNITS:
        unit = Organisation.objects.get(code=code)
        grant_extension(user=admin_user, phase=phase, organisation=unit, until=until, reason="测试补报")
        clerk = _user(admin_user, unit, "clerk", f"{code}-clerk")
        for _ in range(3 if len(noms) < 48 else 2):
            n = create_nomination(user=clerk, category=category, unit=unit, data={})
            verify_open_checks(organiser, n)  # 群众满意率达95%以上: no programme data here, verified by the office
            for status in (Status.RECEIVED, Status.PASSED, Status.CANDIDATE):
                change_status(n, status, user=organiser, action=f"nomination.{status}")
            noms.append(n)
    rng = random.Random(2011)
    # Public votes: 1 vote per voter per day (the preset's default); 90 voters over two voting days.
    weights = [rng.randint(1, 12) for _ in noms]
    for i in range(90):
        token = otp.make_token(Voter.objects.create(phone=f"1357{i:07d}"))
        for day in range(2):
            choice = rng.choices(noms, weights=weights)[0]
            vote_services.cast_vote(token=token, nomination_id=choice.pk, now=VOTING_DAY + datetime.timedelta(days=day))
    # The delegates: imported from the electorate sheet; each chooses up to 10 candidates online.
    wb = openpyxl.Workbook()
    wb.active.append(["编号", "姓名", "代表团"])
    for i in range(30):
        wb.active.append([f"D{i:03d}", f"代表{i}", "城关镇代表团"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    ballots.import_delegates(user=organiser, fileobj=buf, campaign=campaign)
    for d in Delegate.objects.filter(campaign=campaign).order_by("number"):
        picks = rng.sample(noms[:30], rng.randint(4, 10))
        ballots.cast_online(code=d.code, category_code="window", choices=[n.pk for n in picks], now=VOTING_DAY)
    return {"campaign": campaign, "category": category, "noms": noms, "organiser": organiser, "leader": leader}


def independent(category):
    """SPEC §8 by hand: points = 100 × votes / max votes for each kind; total = 0.5 × public + 0.5 × delegate; ties by
    public votes, then delegate votes, then the unit's own rank, then earlier submission, then the number."""
    from pingxuan.voting.models import BallotChoice, Vote

    noms = list(Nomination.objects.filter(category=category, status__in=[Status.CANDIDATE, Status.SHORTLISTED, Status.PUBLISHED]))
    pub = {n.pk: 0 for n in noms}
    dele = {n.pk: 0 for n in noms}
    for v in Vote.objects.filter(category=category):
        pub[v.nomination_id] += 1
    for c in BallotChoice.objects.filter(ballot__category=category):
        dele[c.nomination_id] += 1
    top_p, top_d = max(pub.values()), max(dele.values())
    out = []
    for n in noms:
        total = round(0.5 * 100 * pub[n.pk] / top_p + 0.5 * 100 * dele[n.pk] / top_d, 4)
        out.append(((-total, -pub[n.pk], -dele[n.pk], n.rank, n.pk), n.pk, total))
    out.sort()
    return [pk for _, pk, _ in out], {pk: t for _, pk, t in out}


@pytest.mark.django_db
def test_fifty_fifteen_ten(gucheng):
    campaign, category, noms = gucheng["campaign"], gucheng["category"], gucheng["noms"]
    organiser, leader = gucheng["organiser"], gucheng["leader"]
    assert len(noms) == 50
    rows = tally(category)
    order, totals = independent(category)
    assert [r["nomination"] for r in rows] == order
    assert {r["nomination"]: r["total"] for r in rows} == totals
    assert sum(r["raw"]["public_vote"] for r in rows) == 180
    # 50 → 15: the shortlist staged privately, then applied at once by the leading group, once the delegate count of
    # every category is closed (the paper ballots can no longer change the delegate votes).
    draft = services.stage_list(user=organiser, category=category, stage="shortlist")
    assert [e.nomination_id for e in draft.entries.all()] == order[:15]
    with pytest.raises(services.ServiceError) as exc:
        services.apply_list(user=leader, result_list=draft)
    assert exc.value.message == "还有未完成的事项，不能使名单生效：代表投票尚未结束计票（1 项）。"
    for c in campaign.categories.all():
        ballots.close_count(user=organiser, campaign=campaign, category_code=c.code, note="代表投票计票完毕")
    services.apply_list(user=leader, result_list=draft)
    status = dict(Nomination.objects.filter(category=category).values_list("pk", "status"))
    assert sorted(pk for pk, s in status.items() if s == Status.SHORTLISTED) == sorted(order[:15])
    assert sorted(pk for pk, s in status.items() if s == Status.CANDIDATE) == sorted(order[15:])
    # Before the shortlist publicity, the decision refuses and names the rule.
    with pytest.raises(services.ServiceError) as exc:
        services.decide(user=leader, campaign=campaign)
    assert "名单中尚未公示的申报（10 项）" in exc.value.message
    pub = publish(
        user=organiser, campaign=campaign, stage="shortlist", starts_on="2012-01-04", ends_on="2012-01-10",
        on=datetime.date(2012, 1, 4),
    )  # fmt: skip
    with pytest.raises(services.ServiceError) as exc:
        services.decide(user=leader, campaign=campaign)
    assert "公示尚未确定（1 项）" in exc.value.message
    finalise(user=organiser, publication=pub, on=datetime.date(2012, 1, 11))
    # 15 → 10: the leading group takes the 11th instead of the 10th, with written reasons for both.
    tenth, eleventh = order[9], order[10]
    final = services.stage_list(
        user=organiser,
        category=category,
        stage="final",
        nomination_ids=[*order[:9], eleventh],
        reasons={eleventh: "考核评议得分高于第十名", tenth: "公示期间群众反映服务态度问题，经核属实"},
    )
    services.apply_list(user=organiser, result_list=final)
    assert final.__class__.objects.get(pk=final.pk).status == ListStatus.APPLIED
    services.decide(user=leader, campaign=campaign, minutes="县委创先争优活动领导小组审议")
    status = dict(Nomination.objects.filter(category=category).values_list("pk", "status"))
    winners = [*order[:9], eleventh]
    assert sorted(pk for pk, s in status.items() if s == Status.AWARDED) == sorted(winners)
    assert sum(1 for s in status.values() if s == Status.NOT_AWARDED) == 40
    result = services.final_winners(campaign)
    assert [w["category"].code for w in result] == ["window", "individual", "brand"]
    assert [(x["nomination"].pk, x["position"]) for x in result[0]["winners"]] == list(zip(winners, range(1, 11), strict=True))
    assert result[1]["winners"] == [] and result[2]["winners"] == []
    event = AuditEvent.objects.get(action="results.decide")
    assert event.after["categories"]["window"]["departures"] == [
        {"nomination": eleventh, "departure": "raised", "reason": "考核评议得分高于第十名"},
        {"nomination": tenth, "departure": "dropped", "reason": "公示期间群众反映服务态度问题，经核属实"},
    ]
