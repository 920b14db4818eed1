import datetime
import io
import json

from django.conf import settings
from django.core.management import call_command

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.services import grant_extension
from pingxuan.core.chinese import date_zh
from pingxuan.nominations import services
from pingxuan.nominations.models import Nomination
from pingxuan.nominations.reminders import send_reminders, units_status
from tests.world import person

DAY = datetime.timedelta(days=1)


def sms_log():
    if not settings.SMS_LOG_FILE.exists():
        return []
    lines = settings.SMS_LOG_FILE.read_text(encoding="utf-8").splitlines()
    return [{k: v for k, v in json.loads(line).items() if k != "at"} for line in lines]


def setup_units(world):
    """东宝区: one draft and one form in approval; 掇刀区: one form in approval."""
    clerk, dd = world["clerk"], world["dd_clerk"]
    cats = world["cats"]
    draft = services.create_nomination(
        user=clerk,
        category=cats["person"],
        unit=world["tax"],
        data={"name": "张三", "birth": "1985-06", "political_status": "中共党员"},
    )
    window = services.create_nomination(
        user=clerk, category=cats["window"], unit=world["tax"], data={"window_name": "东宝区办税服务厅"}
    )
    services.submit_nomination(user=clerk, nomination=window)
    other = services.create_nomination(
        user=dd, category=cats["window"], unit=world["duodao"], data={"window_name": "掇刀区政务服务中心"}
    )
    services.submit_nomination(user=dd, nomination=other)
    return draft


def test_reminders_go_once_a_day_to_the_clerks_of_units_with_work_left(world, django_capture_on_commit_callbacks):
    setup_units(world)
    window_clerk = person(world["window"], "clerk", by=world["admin"], username="wclerk", phone="13900000004")
    campaign = world["campaign"]
    ends = world["today"] + datetime.timedelta(days=10)

    def run(on):
        with django_capture_on_commit_callbacks(execute=True):
            return send_reminders(campaign, on=on)

    assert run(ends - 4 * DAY) == []  # more than deadline_reminder_days (3) before the end
    text = (
        f"“荆门市窗口评选”申报推荐将于{date_zh(ends)}截止（还有 2 天）。“东宝区”尚有 1 份草稿或退回修改的申报未提交，"
        "请在截止前提交；逾期未报视为自动放弃。"
    )
    assert run(ends - 2 * DAY) == [
        {"unit": world["dongbao"], "deadline": ends, "days_left": 2, "recipients": [world["clerk"], window_clerk], "text": text}
    ]
    expected_sms = [
        {"to": "13900000001", "text": f"【评选】申报截止提醒：{text}"},
        {"to": "13900000004", "text": f"【评选】申报截止提醒：{text}"},
    ]
    assert sms_log() == expected_sms
    assert run(ends - 2 * DAY) == []  # the same day again: nothing
    assert sms_log() == expected_sms
    event = AuditEvent.objects.get(action="nomination.remind")
    assert (event.campaign_id, event.organisation_id, event.actor_repr, event.after) == (
        campaign.pk,
        world["dongbao"].pk,
        "系统",
        {"on": (ends - 2 * DAY).isoformat(), "deadline": ends.isoformat(), "recipients": ["dbclerk", "wclerk"], "text": text},
    )
    last_day = run(ends)
    assert [(r["unit"], r["days_left"]) for r in last_day] == [(world["dongbao"], 0)]
    assert "截止（今天截止）" in last_day[0]["text"]
    assert run(ends + DAY) == []  # after the phase: lapse_overdue takes over
    assert len(sms_log()) == 4


def test_units_status_and_extensions(world, django_capture_on_commit_callbacks):
    campaign = world["campaign"]
    ends = world["today"] + datetime.timedelta(days=10)
    services.create_nomination(user=world["clerk"], category=world["cats"]["person"], unit=world["tax"], data={"name": "张三"})
    window = services.create_nomination(
        user=world["clerk"], category=world["cats"]["window"], unit=world["tax"], data={"window_name": "东宝区办税服务厅"}
    )
    services.submit_nomination(user=world["clerk"], nomination=window)
    phase = campaign.phases.get(kind="nomination")
    ext = grant_extension(
        user=world["organiser"], phase=phase, organisation=world["dongbao"], until=ends + 5 * DAY, reason="系统故障"
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(campaign, on=ends - DAY)
    assert [(r["unit"], r["days_left"], r["text"]) for r in sent] == [
        (
            world["duodao"],
            1,
            f"“荆门市窗口评选”申报推荐将于{date_zh(ends)}截止（还有 1 天）。“掇刀区”尚未提交任何申报，"
            "请在截止前提交；逾期未报视为自动放弃。",
        ),
    ]
    assert sms_log() == [{"to": "13900000002", "text": f"【评选】申报截止提醒：{sent[0]['text']}"}]

    cats = world["cats"]

    def cat(code, used=0, drafts=0, submitted=0):
        return {
            "category": cats[code],
            "quota": 3,
            "alternates": 1,
            "used": used,
            "drafts": drafts,
            "submitted": submitted,
            "received": 0,
        }

    assert units_status(campaign, on=ends + DAY) == [
        {
            "unit": world["dongbao"],
            "quota": 9,
            "alternates": 3,
            "used": 2,
            "drafts": 1,
            "submitted": 1,
            "received": 0,
            "deadline": ends + 5 * DAY,
            "extension": ext,
            "missing": False,
            "late": False,
            "categories": [cat("window", used=1, submitted=1), cat("person", used=1, drafts=1), cat("brand")],
        },
        {
            "unit": world["duodao"],
            "quota": 9,
            "alternates": 3,
            "used": 0,
            "drafts": 0,
            "submitted": 0,
            "received": 0,
            "deadline": ends,
            "extension": None,
            "missing": True,
            "late": True,
            "categories": [cat("window"), cat("person"), cat("brand")],
        },
    ]
    assert [e["late"] for e in units_status(campaign, on=ends + 6 * DAY)] == [True, True]


def test_commands(world):
    draft = setup_units(world)
    ends = world["today"] + datetime.timedelta(days=10)
    out = io.StringIO()
    call_command("send_reminders", "office-test", "--date", (ends - DAY).isoformat(), stdout=out)
    assert out.getvalue() == "东宝区：距截止 1 天，已提醒 dbclerk\n已向 1 个单位发送截止提醒。\n"
    out = io.StringIO()
    call_command("lapse_overdue", "office-test", "--date", ends.isoformat(), stdout=out)
    assert out.getvalue() == "已将 0 份逾期未报的申报标记为视为自动放弃。\n"
    out = io.StringIO()
    call_command("lapse_overdue", "office-test", "--date", (ends + DAY).isoformat(), stdout=out)
    assert out.getvalue() == "东宝区税务局：张三\n已将 1 份逾期未报的申报标记为视为自动放弃。\n"
    draft.refresh_from_db()
    assert (draft.status, draft.reason) == ("lapsed", "逾期未报，视为自动放弃")
    assert Nomination.objects.filter(status="submitted").count() == 2


def test_units_status_query_count_does_not_grow_with_units(world, django_assert_num_queries):
    setup_units(world)
    with django_assert_num_queries(4):  # phase, quotas, counts by unit/category/status, extensions
        rows = units_status(world["campaign"])
    assert [(r["unit"].code, r["used"], r["drafts"], r["submitted"]) for r in rows] == [("jm-db", 2, 1, 1), ("jm-dd", 1, 0, 1)]
