"""The judge's phone-friendly pages: my assignments with progress, one scoring sheet per nomination (live total,
draft, submit, next unscored), declaring a conflict. Only assigned nominations exist for a judge (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from pingxuan.core.errors import NotFound, ServiceError

from . import panels, scoring
from .models import ScoreSheet, SheetKind
from .present import for_judge


def _rows(user):
    assignments = list(panels.judge_assignments(user).order_by("nomination__category__campaign_id", "nomination_id"))
    sheets = {
        s.nomination_id: s
        for s in ScoreSheet.objects.filter(
            judge=user, kind=SheetKind.EXPERT, nomination_id__in=[a.nomination_id for a in assignments]
        )
    }
    rows = []
    for a in assignments:
        sheet = sheets.get(a.nomination_id)
        rows.append(
            {
                "a": a,
                "n": for_judge(a.nomination, with_fields=False, ref=panels.judge_ref(a)),
                "sheet": sheet,
                "state": "submitted" if sheet and sheet.submitted else ("draft" if sheet else "todo"),
            }
        )
    return rows


@login_required
def my_list(request):
    rows = _rows(request.user)
    done = sum(1 for r in rows if r["state"] == "submitted")
    return render(request, "judging/my_list.html", {"rows": rows, "done": done, "total": len(rows)})


def _next_unscored(rows, after=None):
    """The judge's name (see panels.judge_ref) of the next nomination to score after the one with id `after`."""
    todo = [r for r in rows if r["state"] != "submitted" and r["a"].nomination_id != after]
    later = [r for r in todo if after is not None and r["a"].nomination_id > after]
    pick = (later or todo or [None])[0]
    return pick["n"]["id"] if pick else None


@login_required
def score(request, pk):
    """`pk` is the judge's name for the nomination: its id, or in a blind category its per-panel alias."""
    try:
        a = panels.find_assignment(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    ref, pk = panels.judge_ref(a), a.nomination_id
    category = a.nomination.category
    sheet = ScoreSheet.objects.filter(judge=request.user, nomination_id=pk, kind=SheetKind.EXPERT).first()
    values = dict(sheet.scores) if sheet else {}
    comment = sheet.comment if sheet else ""
    if request.method == "POST":
        values = {c["key"]: request.POST.get(f"s_{c['key']}", "").strip() for c in category.rubric}
        comment = request.POST.get("comment", "")
        submit = request.POST.get("action") == "submit"
        try:
            scoring.save_sheet(user=request.user, nomination_id=pk, scores=values, comment=comment, submit=submit)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            if submit:
                messages.success(request, "评分已提交。")
                nxt = _next_unscored(_rows(request.user), after=pk)
                return redirect("judging-score", pk=nxt) if nxt else redirect("judging-my")
            messages.success(request, "草稿已保存。")
            return redirect("judging-score", pk=ref)
    rows = _rows(request.user)
    criteria = [{**c, "value": values.get(c["key"], "")} for c in category.rubric]
    return render(
        request,
        "judging/score.html",
        {
            "n": for_judge(a.nomination, ref=ref),
            "category": category,
            "criteria": criteria,
            "comment": comment,
            "sheet": sheet,
            "locked": bool(sheet and sheet.submitted),
            "done": sum(1 for r in rows if r["state"] == "submitted"),
            "total": len(rows),
            "next": _next_unscored(rows, after=pk),
        },
    )


@login_required
def conflict(request, pk):
    if request.method != "POST":
        raise Http404()
    try:
        a = panels.find_assignment(request.user, pk)
        panels.declare_conflict(user=request.user, nomination_id=a.nomination_id, reason=request.POST.get("reason", ""))
    except NotFound as exc:
        raise Http404(exc.message) from None
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("judging-score", pk=pk)
    messages.success(request, "已声明回避，该评审任务已移交其他评委。")
    return redirect("judging-my")
