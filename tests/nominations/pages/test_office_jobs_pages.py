"""The office's print-all job page, deadline reminders and lapsing (视为自动放弃) through the Django client."""

import datetime
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.services import grant_extension, update_section
from pingxuan.core.chinese import date_zh
from pingxuan.jobs.models import Job
from pingxuan.nominations import services
from pingxuan.nominations.models import Nomination

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def window(world, name="东宝区办税服务厅", clerk=None, unit=None):
    return services.create_nomination(
        user=clerk or world["clerk"], category=world["cats"]["window"], unit=unit or world["tax"], data={"window_name": name}
    )


def move_end(world, end, **policies):
    """Move the nomination phase's end (and change policies) through the configuration service."""
    campaign = world["campaign"]
    data = export_config(campaign)
    data["phases"][0]["end"] = end.isoformat()
    update_section(user=world["organiser"], campaign=campaign, section="phases", value=data["phases"])
    if policies:
        update_section(user=world["organiser"], campaign=campaign, section="policies", value={**data["policies"], **policies})
    campaign.refresh_from_db()
    return campaign


def sms_log():
    if not settings.SMS_LOG_FILE.exists():
        return []
    return [json.loads(line) for line in settings.SMS_LOG_FILE.read_text(encoding="utf-8").splitlines()]


# Print everything -------------------------------------------------------------------------------------------------


def test_print_page_starts_the_job_and_the_job_page_offers_the_zip(client, world, django_capture_on_commit_callbacks):
    a = window(world)
    window(world, name="掇刀区政务服务中心", clerk=world["dd_clerk"], unit=world["duodao"])
    client.force_login(world["organiser"])
    url = reverse("nom-print-all", args=[world["campaign"].code])
    html = client.get(reverse("nom-office", args=[world["campaign"].code])).content.decode()
    assert f'href="{url}"' in html  # linked from the office's list
    html = client.get(url).content.decode()
    assert "<li>优质服务窗口：2 份</li>" in html and "<li>优质服务品牌：0 份</li>" in html
    assert "开始生成（共 2 份）" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"category": "window", "formats": ["docx"]})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.title, job.status, job.params) == (
        "nominations.print_all",
        "打印申报表：荆门市窗口评选 · 优质服务窗口",
        "done",
        {"campaign": world["campaign"].pk, "formats": ["docx"], "category": "window"},
    )
    html = client.get(response["Location"]).content.decode()
    assert ">100%</div>" in html and "已完成" in html
    assert f'<a class="btn btn-sm btn-outline-primary" href="/jobs/{job.pk}/download/">下载 荆门市窗口评选-申报表.zip</a>' in html
    download = client.get(f"/jobs/{job.pk}/download/")
    names = sorted(zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist())
    assert names == sorted(
        [
            f"优质服务窗口/东宝区/01-东宝区办税服务厅-{a.pk}.docx",
            "优质服务窗口/东宝区/排序表.docx",
            f"优质服务窗口/掇刀区/01-掇刀区政务服务中心-{a.pk + 1}.docx",
            "优质服务窗口/掇刀区/排序表.docx",
        ]
    )


def test_print_refusals_show_the_message_and_start_nothing(client, world, django_capture_on_commit_callbacks):
    window(world)
    client.force_login(world["organiser"])
    url = reverse("nom-print-all", args=[world["campaign"].code])
    response = client.post(url, {"category": "", "formats": []})
    assert response.status_code == 400
    assert (
        '<div class="invalid-feedback d-block" role="alert">请至少选择一种打印格式（DOCX 或 PDF）。</div>'
        in response.content.decode()
    )
    response = client.post(url, {"category": "nope", "formats": ["docx"]})
    assert response.status_code == 400
    assert (
        '<div class="invalid-feedback d-block" role="alert">选择一个有效的选项。 nope 不在可用的选项中。</div>'
        in response.content.decode()
    )
    assert Job.objects.count() == 0
    # nothing of a category: the job says so
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"category": "brand", "formats": ["docx"]})
    job = Job.objects.get()
    assert (job.status, job.message) == ("failed", "没有可打印的申报。")
    assert '<p class="small text-danger">没有可打印的申报。</p>' in client.get(response["Location"]).content.decode()


def test_office_pages_are_404_for_units(client, world):
    code = world["campaign"].code
    for user in (world["clerk"], world["dd_clerk"], world["approver"]):
        client.force_login(user)
        for name in ("nom-print-all", "nom-deadline"):
            assert client.get(reverse(name, args=[code])).status_code == 404, (user, name)
        for name in ("nom-print-all", "nom-remind", "nom-lapse"):
            assert client.post(reverse(name, args=[code]), {"formats": ["docx"]}).status_code == 404, (user, name)
    assert Job.objects.count() == 0 and not AuditEvent.objects.filter(action="nomination.remind").exists()


# Deadlines ----------------------------------------------------------------------------------------------------------


def test_deadline_page_lists_units_with_work_left(client, world):
    window(world)
    client.force_login(world["organiser"])
    html = client.get(reverse("nom-deadline", args=[world["campaign"].code])).content.decode()
    phase = world["campaign"].phases.get()
    assert (
        f"申报推荐阶段：{date_zh(phase.starts_on)}至{date_zh(phase.ends_on)}（今天是{date_zh(world['today'])}）。"
        "截止前 3 天内，向尚有草稿、退回修改或尚未提交申报的推荐单位经办人发送提醒，每个单位每天至多一次。"
    ) in html
    assert f"<li>东宝区：尚未提交任何申报，1 份草稿或退回修改未提交（截止 {date_zh(phase.ends_on)}）</li>" in html
    assert f"<li>掇刀区：尚未提交任何申报（截止 {date_zh(phase.ends_on)}）</li>" in html
    assert "</i> 立即发送截止提醒</button>" in html
    assert f"申报推荐阶段于{date_zh(phase.ends_on)}截止，截止后才能将逾期未报的申报视为自动放弃。" in html
    assert 'type="submit" disabled aria-disabled="true">执行逾期处理</button>' in html


def test_reminders_now_show_who_was_reminded(client, world, django_capture_on_commit_callbacks):
    window(world)
    ends = world["today"] + 2 * DAY
    move_end(world, ends)
    client.force_login(world["organiser"])
    url = reverse("nom-remind", args=[world["campaign"].code])
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(url).content.decode()
    assert "已向 2 个单位发送截止提醒。" in html
    text_db = (
        f"“荆门市窗口评选”申报推荐将于{date_zh(ends)}截止（还有 2 天）。“东宝区”尚未提交任何申报，尚有 1 份草稿或退回修改的申报未提交，"
        "请在截止前提交；逾期未报视为自动放弃。"
    )
    text_dd = f"“荆门市窗口评选”申报推荐将于{date_zh(ends)}截止（还有 2 天）。“掇刀区”尚未提交任何申报，请在截止前提交；逾期未报视为自动放弃。"
    rows = html.split('<table class="table table-sm small reminded">', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rows == (
        f'<tr><th scope="row" class="fw-normal">东宝区</th><td class="text-nowrap">{date_zh(ends)}（还有 2 天）</td><td>dbclerk</td><td>{text_db}</td></tr>'
        f'<tr><th scope="row" class="fw-normal">掇刀区</th><td class="text-nowrap">{date_zh(ends)}（还有 2 天）</td><td>ddclerk</td><td>{text_dd}</td></tr>'
    )
    assert [(e["to"], e["text"]) for e in sms_log()] == [
        ("13900000001", f"【评选】申报截止提醒：{text_db}"),
        ("13900000002", f"【评选】申报截止提醒：{text_dd}"),
    ]
    assert list(
        AuditEvent.objects.filter(action="nomination.remind").order_by("id").values_list("actor_repr", "organisation_id")
    ) == [
        ("organiser", world["dongbao"].pk),
        ("organiser", world["duodao"].pk),
    ]
    # a second press the same day sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(url).content.decode()
    assert "没有发送提醒：只在截止前 3 天内提醒尚有草稿或尚未提交申报的单位，每个单位每天至多一次。" in html
    assert len(sms_log()) == 2


def test_only_organisers_may_remind_or_lapse(client, world):
    window(world)
    move_end(world, world["today"] + DAY)
    client.force_login(world["leader"])
    code = world["campaign"].code
    html = client.get(reverse("nom-deadline", args=[code])).content.decode()
    assert "立即发送截止提醒" not in html and "执行逾期处理</button>" not in html
    response = client.post(reverse("nom-remind", args=[code]))
    assert response.status_code == 403
    assert "只有活动办公室的组织者可以发送截止提醒。" in response.content.decode()
    response = client.post(reverse("nom-lapse", args=[code]))
    assert response.status_code == 403
    assert "只有活动办公室的组织者可以执行逾期处理。" in response.content.decode()
    assert not AuditEvent.objects.filter(action__in=["nomination.remind", "nomination.lapse"]).exists()
    assert sms_log() == []


def test_lapsing_is_refused_before_the_end(client, world):
    n = window(world)
    client.force_login(world["organiser"])
    response = client.post(reverse("nom-lapse", args=[world["campaign"].code]))
    assert response.status_code == 400
    end = world["campaign"].phases.get().ends_on
    assert (
        f'<div class="alert alert-danger small" role="alert">申报推荐阶段于{date_zh(end)}截止，截止后才能将逾期未报的申报视为自动放弃。</div>'
        in response.content.decode()
    )
    n.refresh_from_db()
    assert n.status == "draft"


def test_lapsing_after_the_end_shows_what_lapsed_and_spares_extended_units(client, world):
    db_draft = window(world)
    db_sent = window(world, name="东宝区社保窗口")
    services.submit_nomination(user=world["clerk"], nomination=db_sent)
    dd_draft = window(world, name="掇刀区政务服务中心", clerk=world["dd_clerk"], unit=world["duodao"])
    campaign = move_end(world, world["today"] - DAY)
    grant_extension(
        user=world["organiser"],
        phase=campaign.phases.get(),
        organisation=world["duodao"],
        until=world["today"] + DAY,
        reason="系统故障",
    )
    client.force_login(world["organiser"])
    html = client.get(reverse("nom-deadline", args=[campaign.code])).content.decode()
    assert "以下 1 份申报已逾期未报：" in html
    assert f'<a href="/nominations/{db_draft.pk}/">东宝区办税服务厅</a> · 优质服务窗口 · 东宝区税务局' in html
    assert '<button class="btn btn-outline-danger" type="submit" >执行逾期处理</button>' in html
    response = client.post(reverse("nom-lapse", args=[campaign.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "已将 1 份逾期未报的申报标记为视为自动放弃。" in html
    lapsed_list = html.split('<ul class="small lapsed">', 1)[1].split("</ul>", 1)[0]
    assert lapsed_list == (
        f'<li><a href="/nominations/{db_draft.pk}/">东宝区办税服务厅</a> · 优质服务窗口 · 东宝区税务局 '
        '<span class="badge nom-status nom-status-lapsed">逾期未报（视为自动放弃）</span>\n</li>'
    )
    assert {n.pk: n.status for n in Nomination.objects.all()} == {
        db_draft.pk: "lapsed",
        db_sent.pk: "received",  # no approval chain: straight to the office
        dd_draft.pk: "draft",
    }
    event = AuditEvent.objects.get(action="nomination.lapse")
    assert (event.actor_repr, event.object_id) == ("organiser", str(db_draft.pk))
    # nothing left to lapse
    html = client.post(reverse("nom-lapse", args=[campaign.code])).content.decode()
    assert "已将 0 份逾期未报的申报标记为视为自动放弃。" in html and "没有逾期未报的申报。" in html


def test_lapsing_is_refused_when_the_campaign_does_not_treat_late_as_withdrawn(client, world):
    n = window(world)
    campaign = move_end(world, world["today"] - DAY, late_is_withdrawn=False)
    client.force_login(world["organiser"])
    response = client.post(reverse("nom-lapse", args=[campaign.code]))
    assert response.status_code == 400
    assert "“荆门市窗口评选”未设置“逾期未报视为自动放弃”，不能执行逾期处理。" in response.content.decode()
    n.refresh_from_db()
    assert n.status == "draft"
