"""On-site scoring pages (常州 汇报展示会): the office's control, the judges' phone page and the big screen.

The big screen and the judge's page poll small fragments every second with htmx (no reloads); the judge's page
asks the browser to refresh only when the current presentation changed."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from pingxuan.core.errors import NotFound, ServiceError

from . import onsite, scoring
from .access import get_session, office_category
from .models import OnsiteSession, ScoreSheet, SheetKind
from .present import for_judge
from .views_office import act


@login_required
def sessions(request, code, cat):
    category = office_category(request.user, code, cat)
    if request.method == "POST":
        order = [x for x in request.POST.get("order", "").replace("，", ",").split(",") if x.strip()]
        try:
            order = [int(x) for x in order]
        except ValueError:
            order = ["?"]
        done, session = act(
            request,
            onsite.create_session,
            "汇报展示会已创建。",
            user=request.user,
            category=category,
            title=request.POST.get("title", ""),
            order=order or None,
        )
        if done:
            return redirect("judging-onsite", pk=session.pk)
        return redirect("judging-onsite-list", code=code, cat=cat)
    return render(
        request,
        "judging/onsite_list.html",
        {
            "category": category,
            "sessions": OnsiteSession.objects.filter(category=category),
        },
    )


@login_required
def control(request, pk):
    session = get_session(request.user, pk, manage=True)
    if request.method == "POST":
        if "absent" in request.POST:
            nomination_id, _, judge_id = request.POST["absent"].partition(":")
            act(
                request,
                onsite.mark_absent,
                "已登记评委缺席。",
                user=request.user,
                session=session,
                nomination_id=int(nomination_id) if nomination_id.isdigit() else 0,
                judge_id=int(judge_id) if judge_id.isdigit() else 0,
                reason=request.POST.get("reason", ""),
            )
        elif "reopen" in request.POST:
            act(
                request,
                onsite.reopen,
                "已重新开放该汇报的得分，大屏将标注“已修正”。",
                user=request.user,
                session=session,
                nomination_id=int(request.POST["reopen"]) if request.POST["reopen"].isdigit() else 0,
                reason=request.POST.get("reason", ""),
            )
        elif "release" in request.POST:
            act(
                request,
                onsite.release,
                "已公布得分。",
                user=request.user,
                session=session,
                nomination_id=int(request.POST["release"]),
            )
        else:
            position = request.POST.get("position")
            act(
                request,
                onsite.set_current,
                "",
                user=request.user,
                session=session,
                position=int(position) if position and position.isdigit() else None,
            )
        return redirect("judging-onsite", pk=pk)
    return render(request, "judging/onsite_control.html", {"session": session, "rows": onsite.board(session)})


@login_required
def screen(request, pk):
    session = get_session(request.user, pk, manage=True)
    return render(request, "judging/onsite_screen.html", {"session": session, "rows": onsite.board(session)})


@login_required
def board(request, pk):
    session = get_session(request.user, pk, manage=True)
    return render(request, "judging/_onsite_board.html", {"session": session, "rows": onsite.board(session)})


@login_required
def judge(request, pk):
    session = get_session(request.user, pk)
    current = onsite.current_nomination(session)
    sheet, error = None, ""
    if current is not None:
        sheet = ScoreSheet.objects.filter(judge=request.user, nomination=current, kind=SheetKind.ONSITE).first()
    if request.method == "POST" and current is not None:
        values = {c["key"]: request.POST.get(f"s_{c['key']}", "").strip() for c in session.category.rubric}
        try:
            sheet = scoring.save_sheet(
                user=request.user,
                nomination_id=current.pk,
                scores=values,
                submit=True,
                comment=request.POST.get("comment", ""),
                kind=SheetKind.ONSITE,
            )
            return redirect("judging-onsite-judge", pk=pk)
        except NotFound:
            error = "您需回避该汇报对象，无须打分。"
        except ServiceError as exc:
            error = exc.message
    criteria = [{**c, "value": (sheet.scores.get(c["key"], "") if sheet else "")} for c in session.category.rubric]
    return render(
        request,
        "judging/onsite_judge.html",
        {
            "session": session,
            "current": current,
            "n": for_judge(current) if current else None,
            "sheet": sheet,
            "criteria": criteria,
            "error": error,
            "position": session.current or 0,
        },
    )


@login_required
def judge_poll(request, pk):
    """204 while nothing changed; asks htmx to refresh the page when the current presentation moved."""
    session = get_session(request.user, pk)
    seen = request.GET.get("position", "0")
    if str(session.current or 0) != seen:
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    return HttpResponse(status=204)
