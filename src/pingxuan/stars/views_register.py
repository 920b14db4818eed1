"""Staff pages of the standing programme, continued: the complaints and hotline register (登记, 答复, 核实, deadlines
and overdue), the notices (通报) and filing weekly summaries (一周一小结). Thin views over `complaints` and
`services`; outside the user's scope: 404."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from pingxuan.core import phones
from pingxuan.core.errors import ServiceError

from . import access, complaints, rules
from . import services as s
from .models import Complaint, ComplaintKind, DutyMember, Notice, WeeklySummary
from .views_staff import act

STATES = {"open": "待答复", "overdue": "已逾期", "unverified": "待核实", "all": "全部"}
OPTIONS_MAX = 500


def window_options(request, visible):
    """The windows offered in a form's select: those matching ?wq= (name), at most OPTIONS_MAX, and how many match."""
    wq = (request.GET.get("wq") or "").strip()
    rows = visible.filter(name__icontains=wq) if wq else visible
    return {"wq": wq, "windows": list(rows.order_by("path")[:OPTIONS_MAX]), "windows_total": rows.count()}


def _received(raw):
    """The 受理时间 typed in the form (datetime-local), or now."""
    if not raw:
        return None
    value = parse_datetime(raw)
    if value is None:
        raise ServiceError(f"受理时间“{raw}”不是有效的日期时间。", field="received_at")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _register(request, programme, visible):
    window = visible.filter(pk=request.POST.get("window") or 0).first()
    if window is None:
        raise ServiceError("请选择被投诉的窗口。", field="window")
    member = None
    if request.POST.get("member"):
        member = DutyMember.objects.filter(programme=programme, window=window, pk=request.POST["member"]).first()
        if member is None:
            raise ServiceError(f"所选人员不在“{window.name}”在岗。", field="member")
    return complaints.register(
        user=request.user,
        programme=programme,
        window=window,
        member=member,
        kind=request.POST.get("kind", ""),
        hotline=request.POST.get("hotline", ""),
        issue=request.POST.get("issue", ""),
        summary=request.POST.get("summary", ""),
        complainant=request.POST.get("complainant", ""),
        received_at=_received(request.POST.get("received_at", "")),
    )


def decorate(c, now):
    """The register's view of a complaint: its state and whether a deadline has passed."""
    late = c.kind == ComplaintKind.COMPLAINT and (
        (c.responded_at is None and c.respond_by < now) or (c.responded_at is not None and c.responded_at > c.respond_by)
    )
    if c.kind == ComplaintKind.HOTLINE:
        state = f"{c.hotline}{c.issue}"
    elif c.responded_at:
        state = "逾期答复" if late else "已答复"
    else:
        state = "逾期未答复" if late else "待答复"
    verdict = {True: "有效投诉", False: "无效投诉", None: "待核实"}[c.is_valid]
    return {"c": c, "late": late, "state": state, "verdict": verdict}


@login_required
def complaints_page(request, code):
    programme = access.get_programme(request.user, code)
    visible = rules.visible_windows(request.user, programme)
    if request.method == "POST":
        done, c = act(request, lambda: _register(request, programme, visible), "已登记。")
        if done:
            return redirect("stars-staff-complaint", code=code, pk=c.pk)
    state = request.GET.get("state") or "open"
    if state not in STATES:
        raise Http404("没有这个筛选条件。")
    now = timezone.now()
    qs = Complaint.objects.filter(programme=programme, window__in=visible).select_related("window", "member", "notice")
    if state == "open":
        qs = qs.filter(kind=ComplaintKind.COMPLAINT, responded_at__isnull=True)
    elif state == "overdue":
        qs = qs.filter(kind=ComplaintKind.COMPLAINT, responded_at__isnull=True, respond_by__lt=now)
    elif state == "unverified":
        qs = qs.filter(is_valid__isnull=True)
    page = Paginator(qs.order_by("respond_by", "id"), 50).get_page(request.GET.get("page"))
    hot = programme.config.get("hotlines") or {}
    return render(
        request,
        "stars/staff/complaints.html",
        {
            "programme": programme,
            "tab": "complaints",
            "reader": rules.can_read_programme(request.user, programme),
            "rows": [decorate(c, now) for c in page],
            "page": page,
            "state": state,
            "states": STATES,
            "overdue": Complaint.objects.filter(
                programme=programme,
                window__in=visible,
                kind=ComplaintKind.COMPLAINT,
                responded_at__isnull=True,
                respond_by__lt=now,
            ).count(),
            **window_options(request, visible),
            "kinds": ComplaintKind.choices,
            "hotlines": hot.get("kinds", []),
            "issues": hot.get("reportable", []),
            "limits": programme.config["complaints"],
            "form": request.POST if request.method == "POST" else {},
        },
    )


@login_required
def complaint_page(request, code, pk):
    programme = access.get_programme(request.user, code)
    c = access.get_complaint(request.user, pk, programme)
    revealed = ""
    if request.method == "POST" and request.POST.get("action") == "reveal":
        if not rules.can_manage_programme(request.user, programme):
            raise Http404("未找到该投诉。")
        revealed = phones.reveal(user=request.user, obj=c, field="complainant", organisation=c.window)
    elif request.method == "POST":
        action = request.POST.get("action")
        if action == "respond":
            done, _ = act(
                request,
                complaints.respond,
                "答复已记录。",
                user=request.user,
                complaint=c,
                response=request.POST.get("response", ""),
            )
        elif action == "verify":
            done, _ = act(
                request,
                complaints.verify,
                "核实意见已记录。",
                user=request.user,
                complaint=c,
                valid=request.POST.get("valid") == "yes",
                note=request.POST.get("note", ""),
            )
        else:
            done = False
            messages.error(request, "请求无效，请重新操作。")
        if done:
            return redirect("stars-staff-complaint", code=code, pk=c.pk)
    return render(
        request,
        "stars/staff/complaint.html",
        {
            "programme": programme,
            "tab": "complaints",
            "reader": rules.can_read_programme(request.user, programme),
            "row": decorate(c, timezone.now()),
            "c": c,
            "can_respond": rules.can_staff_window(request.user, programme, c.window),
            "can_verify": rules.can_manage_programme(request.user, programme),
            "form": request.POST if request.method == "POST" and not revealed else {},
            "revealed": revealed,
        },
    )


@login_required
def notices_page(request, code):
    programme = access.reader_programme(request.user, code, "未找到通报。")
    if request.method == "POST":
        if not rules.can_manage_programme(request.user, programme):
            messages.error(request, "只有活动办公室的组织者可以发出通报。")
        else:
            notice = complaints.issue_notice(programme)
            if notice:
                messages.success(request, f"已发出{notice.title}，列出 {len(notice.items)} 件。")
                return redirect("stars-notice", code=code, pk=notice.pk)
            messages.info(request, "没有逾期未答复的投诉或应通报的电话事件，未发出通报。")
        return redirect("stars-staff-notices", code=code)
    return render(
        request,
        "stars/staff/notices.html",
        {
            "programme": programme,
            "tab": "notices",
            "reader": rules.can_read_programme(request.user, programme),
            "notices": Notice.objects.filter(programme=programme),
            "pending": complaints.reportable(programme).count(),
            "can_issue": rules.can_manage_programme(request.user, programme),
        },
    )


@login_required
def summaries_page(request, code):
    """一周一小结: file the week's summary of a window; see the week's summaries and who has not filed."""
    programme = access.get_programme(request.user, code)
    try:
        week = datetime.date.fromisoformat(request.GET["week"]) if request.GET.get("week") else timezone.localdate()
    except ValueError:
        week = timezone.localdate()
    week = s.week_of(week)
    visible = rules.visible_windows(request.user, programme)
    if request.method == "POST":
        window = visible.filter(pk=request.POST.get("window") or 0).first()
        if window is None:
            messages.error(request, "请选择窗口。")
        else:
            done, _ = act(
                request,
                s.file_summary,
                "本周小结已提交。",
                user=request.user,
                programme=programme,
                window=window,
                week=week,
                text=request.POST.get("text", ""),
            )
            if done:
                return redirect(f"{request.path}?week={week.isoformat()}")
    options = window_options(request, visible)
    options["windows"] = [w for w in options["windows"] if rules.can_staff_window(request.user, programme, w)]
    return render(
        request,
        "stars/summaries.html",
        {
            "programme": programme,
            "tab": "summaries",
            "reader": rules.can_read_programme(request.user, programme),
            "week": week,
            "missing": s.missing_summaries(user=request.user, programme=programme, week=week),
            "filed": WeeklySummary.objects.filter(programme=programme, week=week, window__in=visible).select_related(
                "window", "filed_by"
            ),
            **options,
            "previous": week - datetime.timedelta(days=7),
            "next": week + datetime.timedelta(days=7),
            "form": request.POST if request.method == "POST" else {},
        },
    )


@login_required
def runs_page(request, code):
    """一诺双评创十星: compute a period's star levels, see the runs, publish one as the board (organisers)."""
    from . import compute
    from .models import StarRun

    programme = access.reader_programme(request.user, code, "未找到该页面。")
    if request.method == "POST":
        if request.POST.get("action") == "publish":
            run = StarRun.objects.filter(programme=programme, pk=request.POST.get("run") or 0).first()
            if run is None:
                raise Http404("未找到该计算记录。")
            act(request, compute.publish, "星级榜已公布。", user=request.user, run=run)
        else:
            act(
                request,
                compute.compute,
                "星级已计算，核对后请公布。",
                user=request.user,
                programme=programme,
                period=request.POST.get("period", ""),
            )
        return redirect("stars-staff-runs", code=code)
    names = {p["code"]: p["name"] for p in s.periods(programme)}
    runs = list(StarRun.objects.filter(programme=programme).select_related("computed_by")[:50])
    for run in runs:
        run.period_name = names.get(run.period, run.period)
        run.rows = sum(run.counts.values()) if run.counts else run.levels.count()
    return render(
        request,
        "stars/staff/runs.html",
        {
            "programme": programme,
            "tab": "runs",
            "reader": rules.can_read_programme(request.user, programme),
            "runs": runs,
            "periods": s.periods(programme),
            "period": s.current_period(programme),
            "can_manage": rules.can_manage_programme(request.user, programme),
        },
    )


@login_required
def flagged_page(request, code):
    """异常评议: suspicious ratings grouped by pattern; organisers invalidate a group with a recorded reason."""
    from . import ratings

    programme = access.reader_programme(request.user, code, "未找到该页面。")
    if request.method == "POST":
        ids = [int(x) for x in request.POST.get("ratings", "").split(",") if x.strip().isdigit()]
        done, count = act(
            request,
            ratings.invalidate,
            "",
            user=request.user,
            programme=programme,
            ratings=ids,
            reason=request.POST.get("reason", ""),
        )
        if done:
            messages.success(request, f"已作废 {count} 条评议，满意率和星级随之变化（重新计算后生效）。")
        return redirect("stars-staff-flagged", code=code)
    return render(
        request,
        "stars/staff/flagged.html",
        {
            "programme": programme,
            "tab": "flagged",
            "reader": rules.can_read_programme(request.user, programme),
            "groups": ratings.flagged(user=request.user, programme=programme),
            "can_manage": rules.can_manage_programme(request.user, programme),
        },
    )
