"""Staged lists, departures with reasons, applying at once, the leading group's decision and final_winners."""

import pytest

from pingxuan.audit.models import AuditEvent
from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError
from pingxuan.nominations.models import Status
from pingxuan.nominations.services import disqualify
from pingxuan.results import services
from pingxuan.results.models import Decision, Departure, ListStatus, ResultList
from pingxuan.results.tally import tally


def statuses(noms):
    return [type(n).objects.get(pk=n.pk).status for n in noms]


@pytest.mark.django_db
def test_default_list_follows_ranking(small):
    cat, noms = small["category"], small["noms"]
    assert [r["nomination"] for r in tally(cat)] == [n.pk for n in noms]
    draft = services.stage_list(user=small["organiser"], category=cat, stage="shortlist")
    assert draft.status == ListStatus.DRAFT
    got = [(e.nomination_id, e.included, e.position, e.departure) for e in draft.entries.all()]
    assert got == [(noms[0].pk, True, 1, ""), (noms[1].pk, True, 2, ""), (noms[2].pk, True, 3, "")]
    assert [r["rank"] for r in draft.ranking] == [1, 2, 3, 4, 5, 6]
    # Staging changes no status.
    assert statuses(noms) == [Status.CANDIDATE] * 6


@pytest.mark.django_db
def test_departures_need_reasons_and_nothing_half_saved(small):
    cat, noms = small["category"], small["noms"]
    ids = [noms[0].pk, noms[1].pk, noms[4].pk]
    with pytest.raises(ServiceError) as exc:
        services.stage_list(
            user=small["organiser"], category=cat, stage="shortlist", nomination_ids=ids, reasons={noms[4].pk: "群众反映突出"}
        )
    assert exc.value.message == f"偏离排名须逐一写明理由：第 3 名“{noms[2].title}”排名靠前而未列入。"
    assert ResultList.objects.count() == 0
    first = services.stage_list(user=small["organiser"], category=cat, stage="shortlist")
    second = services.stage_list(
        user=small["organiser"],
        category=cat,
        stage="shortlist",
        nomination_ids=ids,
        reasons={noms[4].pk: "群众反映突出", str(noms[2].pk): "考察发现服务台账不全"},
    )
    first.refresh_from_db()
    assert first.status == ListStatus.SUPERSEDED and first.superseded_at is not None
    got = [(e.nomination_id, e.included, e.rank, e.departure, e.reason) for e in second.entries.all()]
    assert got == [
        (noms[0].pk, True, 1, "", ""),
        (noms[1].pk, True, 2, "", ""),
        (noms[4].pk, True, 5, Departure.RAISED, "群众反映突出"),
        (noms[2].pk, False, 3, Departure.DROPPED, "考察发现服务台账不全"),
    ]
    event = AuditEvent.objects.filter(action="results.list.stage").order_by("-id").first()
    assert event.after["included"] == ids
    assert event.after["superseded"] == [first.pk]
    assert event.after["departures"][0] == {"nomination": noms[4].pk, "departure": "raised", "reason": "群众反映突出"}


@pytest.mark.django_db
def test_permissions(small):
    cat = small["category"]
    with pytest.raises(PermissionDenied):
        services.stage_list(user=small["supervisor"], category=cat, stage="shortlist")
    with pytest.raises(PermissionDenied):
        services.stage_list(user=small["clerk"], category=cat, stage="final")
    with pytest.raises(PermissionDenied) as exc:
        services.decide(user=small["organiser"], campaign=small["campaign"])
    assert exc.value.message == "只有领导小组成员可以审定最终名单。"
    with pytest.raises(ServiceError):
        services.stage_list(user=small["organiser"], category=cat, stage="top")


@pytest.mark.django_db
def test_apply_shortlist_then_decide(small):
    cat, noms, org, leader = small["category"], small["noms"], small["organiser"], small["leader"]
    draft = services.stage_list(
        user=org, category=cat, stage="shortlist", nomination_ids=[n.pk for n in noms[:4]], reasons={noms[3].pk: "增补一名"}
    )
    services.apply_list(user=leader, result_list=draft)
    assert statuses(noms) == [Status.SHORTLISTED] * 4 + [Status.CANDIDATE] * 2
    with pytest.raises(InvalidTransition):
        services.apply_list(user=org, result_list=draft)
    # A later shortlist may not drop one already shortlisted.
    later = services.stage_list(user=org, category=cat, stage="shortlist", nomination_ids=[n.pk for n in noms[:3]])
    with pytest.raises(InvalidTransition) as exc:
        services.apply_list(user=org, result_list=later)
    assert exc.value.message.startswith(f"“{noms[3].title}”已入围，入围不能撤回")
    assert ResultList.objects.get(pk=later.pk).status == ListStatus.DRAFT
    # The final list: the top 3 of the shortlisted 4, with noms[3] in place of noms[2] (with a reason).
    final = services.stage_list(
        user=org,
        category=cat,
        stage="final",
        nomination_ids=[noms[0].pk, noms[1].pk, noms[3].pk],
        reasons={noms[3].pk: "领导小组考察意见", noms[2].pk: "考察中发现问题"},
    )
    services.apply_list(user=org, result_list=final)
    decision = services.decide(user=leader, campaign=small["campaign"], minutes="领导小组第一次会议审定")
    assert statuses(noms) == [Status.AWARDED, Status.AWARDED, Status.NOT_AWARDED, Status.AWARDED] + [Status.NOT_AWARDED] * 2
    entries = [(e.nomination_id, e.included, e.position, e.departure, e.reason) for e in decision.entries.all()]
    assert entries == [
        (noms[0].pk, True, 1, "", ""),
        (noms[1].pk, True, 2, "", ""),
        (noms[3].pk, True, 3, "raised", "领导小组考察意见"),
        (noms[2].pk, False, None, "dropped", "考察中发现问题"),
    ]
    winners = services.final_winners(small["campaign"])
    assert [(w["category"].code, [(x["nomination"].pk, x["position"], x["tier"]) for x in w["winners"]]) for w in winners] == [
        ("window", [(noms[0].pk, 1, ""), (noms[1].pk, 2, ""), (noms[3].pk, 3, "")])
    ]
    event = AuditEvent.objects.get(action="results.decide")
    assert event.reason == "领导小组第一次会议审定"
    assert event.after["categories"]["window"]["included"] == [noms[0].pk, noms[1].pk, noms[3].pk]
    assert AuditEvent.objects.filter(action="nomination.awarded").count() == 3
    with pytest.raises(InvalidTransition):
        services.decide(user=leader, campaign=small["campaign"])
    # A winner disqualified later drops out of final_winners; the decision itself is kept. Its place goes to the next
    # in line (the default back-fill policy), passing over noms[2], which the leading group left out with a reason.
    disqualify(user=org, nomination=noms[1], reason="公示期间异议查实")
    winners = services.final_winners(small["campaign"])
    assert [(x["nomination"].pk, x["position"]) for x in winners[0]["winners"]] == [
        (noms[0].pk, 1),
        (noms[4].pk, 2),
        (noms[3].pk, 3),
    ]
    assert decision.entries.filter(included=True).count() == 3


@pytest.mark.django_db
def test_decide_without_staged_list_uses_ranking(small):
    noms = small["noms"]
    assert services.final_winners(small["campaign"]) == []
    services.decide(user=small["leader"], campaign=small["campaign"], minutes="领导小组审定")
    assert statuses(noms) == [Status.AWARDED] * 3 + [Status.NOT_AWARDED] * 3


@pytest.mark.django_db
def test_decision_needs_minutes(small):
    """审定 is recorded with its meeting minutes: without them nothing is decided (page, API and service alike)."""
    with pytest.raises(ServiceError) as refused:
        services.decide(user=small["leader"], campaign=small["campaign"], minutes="  ")
    assert (refused.value.message, refused.value.field) == (
        "审定须写明会议纪要（会议时间、参会人员和审定意见），记入审定决定。",
        "minutes",
    )
    assert statuses(small["noms"]) == [Status.CANDIDATE] * 6
    assert not Decision.objects.filter(campaign=small["campaign"]).exists()
