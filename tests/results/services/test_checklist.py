"""The checklist before applying a list or deciding: blocking items refuse with a Chinese message naming them; the
others are shown but do not block."""

import pytest

from pingxuan.campaigns.services import update_section
from pingxuan.core.errors import ServiceError
from pingxuan.nominations.models import Status
from pingxuan.nominations.services import change_status, create_nomination
from pingxuan.results import services
from pingxuan.results.models import ListStatus, ResultList


def keys(items):
    return [(i["key"], i["blocking"], i["count"]) for i in items]


@pytest.mark.django_db
def test_blocking_items_refuse_and_name_themselves(small):
    cat, org = small["category"], small["organiser"]
    late = create_nomination(user=small["clerk"], category=cat, unit=small["unit"], data={"unit_name": "迟到的窗口"})
    change_status(late, Status.RECEIVED, user=org, action="nomination.received")
    # The scheme now weighs public votes, and the demo campaign's voting phase runs until after today.
    update_section(
        user=org, campaign=small["campaign"], section="scoring", value={"components": [{"kind": "public_vote", "weight": 100}]}
    )
    reasons = {small["noms"][1].pk: "考察未通过", small["noms"][2].pk: "材料不实"}
    draft = services.stage_list(user=org, category=cat, stage="shortlist", nomination_ids=[small["noms"][0].pk], reasons=reasons)
    items = services.checklist(draft)
    assert keys(items) == [("under_review", True, 1), ("voting_open", True, 1), ("count", False, 1), ("departures", False, 2)]
    assert items[0]["detail"] == ["迟到的窗口"]
    assert items[2]["detail"] == ["名单 1 个，名额 3 个"]
    with pytest.raises(ServiceError) as exc:
        services.apply_list(user=org, result_list=draft)
    assert exc.value.message == "还有未完成的事项，不能使名单生效：仍在审核中的申报（1 项）；投票阶段尚未结束（1 项）。"
    assert ResultList.objects.get(pk=draft.pk).status == ListStatus.DRAFT
    assert [n.status for n in type(late).objects.filter(category=cat).order_by("id")][:6] == [Status.CANDIDATE] * 6
    with pytest.raises(ServiceError) as exc:
        services.decide(user=small["leader"], campaign=small["campaign"])
    assert exc.value.message.startswith(
        "还有未完成的事项，不能审定“群众满意窗口”：仍在审核中的申报（1 项）；投票阶段尚未结束（1 项）。"
    )


@pytest.mark.django_db
def test_unsubmitted_sheets_block(small, admin_user, make_user):
    from pingxuan.campaigns.services import update_category
    from pingxuan.judging import panels, scoring
    from pingxuan.orgs.services import create_org

    cat, org = small["category"], small["organiser"]
    rubric = [{"key": "a", "name": "服务态度好", "max": 100}]
    update_category(user=org, campaign=small["campaign"], code="window", values={"rubric": rubric})
    cat.refresh_from_db()
    experts = create_org(user=admin_user, parent=small["root"], code="rs-experts", name="专家组", kind="office")
    judge = make_user(experts, "judge", by=admin_user, username="rs-judge", campaign=small["campaign"])
    panels.set_panel(user=org, category=cat, judges=[judge])
    panels.assign(user=org, category=cat, mode="all")
    for i, n in enumerate(small["noms"]):
        scoring.save_sheet(user=judge, nomination_id=n.pk, scores={"a": 90 - i}, submit=i != 5)
    draft = services.stage_list(user=org, category=cat, stage="final")
    assert [e.nomination_id for e in draft.entries.all()] == [n.pk for n in small["noms"][:3]]
    assert keys(services.checklist(draft)) == [("expert_sheets", True, 1)]
    with pytest.raises(ServiceError) as exc:
        services.apply_list(user=org, result_list=draft)
    assert exc.value.message == "还有未完成的事项，不能使名单生效：未提交的专家评分表（1 项）。"
    scoring.save_sheet(user=judge, nomination_id=small["noms"][5].pk, scores={"a": 85}, submit=True)
    assert services.apply_list(user=org, result_list=draft).status == ListStatus.APPLIED
