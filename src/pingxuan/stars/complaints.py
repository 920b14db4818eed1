"""Complaints and hotline incidents (投诉与公开电话): a register with deadlines; verified valid or not; notices (通报).

Deadlines come from the programme's `complaints` configuration: acknowledge within `acknowledge_hours`, answer
within `respond_days`. A complaint not answered by its deadline, and a hotline incident with a reportable issue
(无人接听、推诿、态度生硬), go into the next notice; `check_notices` (a periodic duty) issues it.
"""

import datetime

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.core.chinese import date_zh
from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError
from pingxuan.jobs.schedule import every

from . import rules
from .models import Complaint, ComplaintKind, Notice, Programme
from .services import _check_window


@transaction.atomic
def register(
    *, user, programme, window, summary, kind="complaint", member=None, hotline="", issue="", complainant="", received_at=None
):
    """Register a complaint or a hotline incident against a window (and optionally a member on duty there)."""
    _check_window(programme, window)
    if not (rules.can_manage_programme(user, programme) or rules.can_staff_window(user, programme, window)):
        raise PermissionDenied(f"只有活动办公室或“{window.name}”的工作人员可以登记投诉。")
    if kind not in ComplaintKind.values:
        raise ServiceError(f"类别应为：{'、'.join(ComplaintKind.labels)}。", field="kind")
    summary = (summary or "").strip()
    if not summary:
        raise ServiceError("请填写投诉或事件内容。", field="summary")
    if member is not None and member.window_id != window.pk:
        raise ServiceError(f"“{member.name}”不在“{window.name}”在岗。", field="member")
    hot = programme.config.get("hotlines") or {}
    if kind == ComplaintKind.HOTLINE:
        if hotline not in hot.get("kinds", []):
            raise ServiceError(f"电话类别应为：{'、'.join(hot.get('kinds', []))}。", field="hotline")
        if issue not in hot.get("reportable", []):
            raise ServiceError(f"通报情形应为：{'、'.join(hot.get('reportable', []))}。", field="issue")
    cfg = programme.config["complaints"]
    received_at = received_at or timezone.now()
    complaint = Complaint.objects.create(
        programme=programme,
        kind=kind,
        window=window,
        member=member,
        hotline=hotline,
        issue=issue,
        summary=summary,
        complainant=(complainant or "").strip()[:60],
        received_at=received_at,
        acknowledge_by=received_at + datetime.timedelta(hours=cfg["acknowledge_hours"]),
        respond_by=received_at + datetime.timedelta(days=cfg["respond_days"]),
        created_by=user,
    )
    record(
        actor=user,
        action="stars.complaint.register",
        obj=complaint,
        organisation=window,
        after={
            "kind": kind,
            "summary": summary,
            "member": complaint.member_id,
            "hotline": hotline,
            "issue": issue,
            "respond_by": complaint.respond_by.isoformat(),
        },
    )
    return complaint


def _locked(complaint):
    return Complaint.objects.select_for_update().select_related("programme__owner", "window").get(pk=complaint.pk)


@transaction.atomic
def respond(*, user, complaint, response, at=None):
    """The window answers (答复); an answer after the deadline is kept and still shows as late."""
    complaint = _locked(complaint)
    if not rules.can_staff_window(user, complaint.programme, complaint.window):
        raise PermissionDenied(f"只有“{complaint.window.name}”的工作人员可以答复。")
    if complaint.responded_at:
        raise InvalidTransition("这件投诉已经答复。")
    response = (response or "").strip()
    if not response:
        raise ServiceError("请填写答复内容。", field="response")
    at = at or timezone.now()
    complaint.response, complaint.responded_at = response, at
    complaint.acknowledged_at = complaint.acknowledged_at or at
    complaint.save()
    record(
        actor=user,
        action="stars.complaint.respond",
        obj=complaint,
        organisation=complaint.window,
        after={"response": response, "late": at > complaint.respond_by},
    )
    return complaint


@transaction.atomic
def verify(*, user, complaint, valid, note=""):
    """核实: the office rules the complaint valid (有效投诉, counted against eligibility) or not."""
    complaint = _locked(complaint)
    if not rules.can_manage_programme(user, complaint.programme):
        raise PermissionDenied("只有活动办公室的组织者可以核实投诉。")
    note = (note or "").strip()
    if not note:
        raise ServiceError("请填写核实意见。", field="note")
    before = {"is_valid": complaint.is_valid, "note": complaint.verify_note}
    complaint.is_valid, complaint.verify_note, complaint.verified_at = bool(valid), note, timezone.now()
    complaint.save()
    record(
        actor=user,
        action="stars.complaint.verify",
        obj=complaint,
        organisation=complaint.window,
        before=before,
        after={"is_valid": complaint.is_valid, "note": note},
    )
    return complaint


def reportable(programme, now=None):
    """Complaints and incidents that belong in the next notice (not yet in one)."""
    now = now or timezone.now()
    overdue = Q(kind=ComplaintKind.COMPLAINT, responded_at__isnull=True, respond_by__lt=now)
    late = Q(kind=ComplaintKind.COMPLAINT, responded_at__gt=F("respond_by"))
    hotline = Q(kind=ComplaintKind.HOTLINE)
    return (
        Complaint.objects.filter(programme=programme, notice__isnull=True)
        .filter(overdue | late | hotline)
        .exclude(is_valid=False)
        .select_related("window", "member")
        .order_by("received_at", "id")
    )


def item_of(c, now):
    if c.kind == ComplaintKind.HOTLINE:
        reason = f"{c.hotline}{c.issue}"
    elif c.responded_at:
        reason = f"逾期答复（时限{date_zh(timezone.localdate(c.respond_by))}，{date_zh(timezone.localdate(c.responded_at))}答复）"
    else:
        days = (now - c.respond_by).days
        reason = (
            f"逾期未答复（时限{date_zh(timezone.localdate(c.respond_by))}，已超过 {days} 天）"
            if days
            else (f"逾期未答复（时限{date_zh(timezone.localdate(c.respond_by))}）")
        )
    return {
        "complaint": c.pk,
        "kind": c.get_kind_display(),
        "window": c.window.name,
        "member": c.member.name if c.member else "",
        "received": date_zh(timezone.localdate(c.received_at)),
        "summary": c.summary,
        "reason": reason,
    }


@transaction.atomic
def issue_notice(programme, now=None):
    """Issue a notice listing every reportable complaint and incident; None when there is nothing to report."""
    now = now or timezone.now()
    if not programme.config["complaints"].get("overdue_notice", True):
        return None
    rows = list(reportable(programme, now).select_for_update(of=("self",)))
    if not rows:
        return None
    number = (Notice.objects.filter(programme=programme).aggregate(m=Max("number"))["m"] or 0) + 1
    name = (programme.config.get("hotlines") or {}).get("notice_name", "通报")
    notice = Notice.objects.create(
        programme=programme,
        number=number,
        title=f"{programme.name}{name}（第 {number} 期）",
        items=[item_of(c, now) for c in rows],
    )
    Complaint.objects.filter(pk__in=[c.pk for c in rows]).update(notice=notice)
    record(
        actor=None,
        action="stars.notice",
        obj=notice,
        organisation=programme.owner,
        after={"number": number, "complaints": [c.pk for c in rows]},
    )
    return notice


@every(3600, name="stars.notices")
def check_notices(now=None):
    issued = [n for n in (issue_notice(p, now) for p in Programme.objects.select_related("owner")) if n]
    return f"发出 {len(issued)} 期通报，列出 {sum(len(n.items) for n in issued)} 件"


def valid_complaints(window, since, until):
    return Complaint.objects.filter(window=window, is_valid=True, received_at__date__range=(since, until)).count()
