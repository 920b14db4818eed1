"""The deadline through the API: reminders before the end, lapsing after it (extensions spared), evidence downloads."""

import datetime

from pingxuan.campaigns.services import grant_extension, update_section
from pingxuan.core.chinese import date_zh
from pingxuan.nominations import eligibility
from tests.world import pdf

from .conftest import draft


def move_end(world, days):
    """Move the nomination phase's end to `days` from today (its start stays 10 days ago)."""
    today = world["today"]
    phases = [
        {
            "kind": "nomination",
            "name": "推荐申报",
            "start": (today - datetime.timedelta(days=10)).isoformat(),
            "end": (today + datetime.timedelta(days=days)).isoformat(),
        }
    ]
    update_section(user=world["organiser"], campaign=world["campaign"], section="phases", value=phases)


def test_reminders_go_once_to_the_units_with_work_left(world, api, make_user):
    draft(world)
    move_end(world, 2)
    office = api(world["organiser"])
    sent = office.post("/api/campaigns/api-nom/deadline/remind/")
    assert sent.status_code == 200, sent.content
    end = world["today"] + datetime.timedelta(days=2)
    intro = f"“窗口评选（接口测试）”申报推荐将于{date_zh(end)}截止（还有 2 天）。"
    assert sent.json() == [
        {
            "unit": {"id": world["dongbao"].pk, "code": "jm-db", "name": "东宝区", "short_name": "", "kind": "recommending_unit"},
            "deadline": end.isoformat(),
            "days_left": 2,
            "recipients": ["clerk", "dbclerk"],
            "text": intro
            + "“东宝区”尚未提交任何申报，尚有 1 份草稿或退回修改的申报未提交，请在截止前提交；逾期未报视为自动放弃。",
        },
        {
            "unit": {"id": world["duodao"].pk, "code": "jm-dd", "name": "掇刀区", "short_name": "", "kind": "recommending_unit"},
            "deadline": end.isoformat(),
            "days_left": 2,
            "recipients": ["ddclerk"],
            "text": intro + "“掇刀区”尚未提交任何申报，请在截止前提交；逾期未报视为自动放弃。",
        },
    ]
    assert office.post("/api/campaigns/api-nom/deadline/remind/").json() == []
    supervisor = make_user(world["root"], "supervisor", by=world["admin"], username="supervisor")
    watching = api(supervisor).post("/api/campaigns/api-nom/deadline/remind/")
    assert (watching.status_code, watching.json()["detail"]) == (403, "只有活动办公室的组织者可以发送截止提醒。")
    refused = api(world["clerk"]).post("/api/campaigns/api-nom/deadline/remind/")
    assert (refused.status_code, refused.json()["detail"]) == (403, "只有本活动的活动办公室可以查看和处理申报截止。")


def test_lapse_after_the_end_spares_extended_units(world, api):
    mine = draft(world)
    theirs = draft(world, unit=world["duodao"], user=world["dd_clerk"], data={"unit_name": "掇刀窗口"})
    office = api(world["organiser"])
    early = office.post("/api/campaigns/api-nom/deadline/lapse/")
    end = date_zh(world["today"] + datetime.timedelta(days=10))
    assert (early.status_code, early.json()) == (
        400,
        {"detail": f"申报推荐阶段于{end}截止，截止后才能将逾期未报的申报视为自动放弃。", "code": "phase_open"},
    )
    clerk = api(world["clerk"]).post("/api/campaigns/api-nom/deadline/lapse/")
    assert (clerk.status_code, clerk.json()["detail"]) == (403, "只有本活动的活动办公室可以查看和处理申报截止。")
    move_end(world, -1)
    phase = world["campaign"].phases.get(kind="nomination")
    grant_extension(
        user=world["organiser"],
        phase=phase,
        organisation=world["duodao"],
        until=world["today"] + datetime.timedelta(days=3),
        reason="系统故障",
    )
    state = office.get("/api/campaigns/api-nom/deadline/").json()
    assert {k: v for k, v in state.items() if k != "overdue"} == {
        "ends_on": (world["today"] - datetime.timedelta(days=1)).isoformat(),
        "reminder_days": 3,
        "lapse_refusal": None,
    }
    assert [n["id"] for n in state["overdue"]] == [mine.pk]
    lapsed = office.post("/api/campaigns/api-nom/deadline/lapse/")
    assert lapsed.status_code == 200
    assert [(n["id"], n["status"], n["status_label"], n["reason"]) for n in lapsed.json()] == [
        (mine.pk, "lapsed", "逾期未报（视为自动放弃）", "逾期未报，视为自动放弃")
    ]
    assert api(world["clerk"]).get(f"/api/nominations/{mine.pk}/").json()["status"] == "lapsed"
    assert api(world["dd_clerk"]).get(f"/api/nominations/{theirs.pk}/").json()["status"] == "draft"


def test_evidence_download(world, api):
    n = draft(world)
    attestation = eligibility.attest(
        user=world["clerk"], nomination=n, rule_key="no_violation", statement="近两年未发生。", evidence=pdf("证明.pdf")
    )
    response = api(world["organiser"]).get(f"/api/attestations/{attestation.pk}/evidence/")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    hidden = api(world["dd_clerk"]).get(f"/api/attestations/{attestation.pk}/evidence/")
    assert (hidden.status_code, hidden.json()) == (404, {"detail": "未找到该证明材料。", "code": "not_found"})
