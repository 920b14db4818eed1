"""Staging a list privately (include / exclude with reasons), the checklist before applying, applying at once, and the
leading group's decision page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pingxuan.core import confirm
from pingxuan.core.errors import ServiceError

from . import services
from .access import office_campaign, office_category, office_list
from .checklist import category_items
from .models import Departure, ListStatus, ResultEntry, ResultList, Stage
from .proposal import proposal
from .ranking import latest_decision
from .views import roles


def _reasons(post):
    return {k.removeprefix("reason_"): v for k, v in post.items() if k.startswith("reason_") and v.strip()}


@login_required
def stage(request, code, cat):
    category = office_category(request.user, code, cat)
    campaign = category.campaign
    which = request.GET.get("stage") or request.POST.get("stage") or Stage.SHORTLIST
    if which not in Stage.values:
        raise Http404("未找到该名单阶段。")
    if request.method == "POST":
        ids = request.POST.getlist("include")
        try:
            services.stage_list(
                user=request.user, category=category, stage=which, nomination_ids=ids, reasons=_reasons(request.POST)
            )
            messages.success(request, f"已拟定{Stage(which).label}草稿（尚未生效）。请核对清单后生效。")
            return redirect(f"{request.path}?stage={which}")
        except ServiceError as exc:
            messages.error(request, exc.message)
    prop = proposal(category, which)
    draft = ResultList.objects.filter(category=category, stage=which, status=ListStatus.DRAFT).first()
    chosen = {e.nomination_id for e in draft.entries.all() if e.included} if draft else set(prop["default"])
    stored = {e.nomination_id: e.reason for e in draft.entries.all()} if draft else {}
    if request.method == "POST":
        chosen = {int(x) for x in request.POST.getlist("include") if x.isdigit()}
        stored = {int(k): v for k, v in _reasons(request.POST).items() if k.isdigit()}
    default = set(prop["default"])
    rows = [
        {
            **r,
            "included": r["nomination"] in chosen,
            "proposed": r["nomination"] in default,
            "reason": stored.get(r["nomination"], ""),
        }
        for r in prop["rows"]
    ]
    items = services.checklist(draft) if draft else category_items(category, which)
    context = {
        "campaign": campaign,
        "category": category,
        "stage": which,
        "stage_label": Stage(which).label,
        "rows": rows,
        "draft": draft,
        "entries": list(draft.entries.select_related("nomination")) if draft else [],
        "items": items,
        "blocked": any(i["blocking"] for i in items),
        "Departure": Departure,
        **roles(request.user, campaign),
    }
    return render(request, "results/stage.html", context)


@require_POST
@login_required
def apply(request, code, pk):
    campaign = office_campaign(request.user, code)
    result_list = office_list(request.user, pk, campaign=campaign)
    try:
        services.apply_list(user=request.user, result_list=result_list)
        messages.success(request, f"{result_list.get_stage_display()}已生效。")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("results-stage", args=[code, result_list.category.code]) + f"?stage={result_list.stage}")


@login_required
def decision(request, code):
    campaign = office_campaign(request.user, code)
    minutes_field = confirm.field("minutes", "会议纪要（审定意见）", help="写明会议时间、参会人员和审定意见；记入审定决定。")
    if request.method == "POST":
        lacking = confirm.missing(request, [minutes_field])
        if not lacking and not confirm.confirmed(request):
            summary = _decision_summary(campaign, _reasons(request.POST))
            if summary is not None:
                return confirm.confirm_page(
                    request,
                    title="记录领导小组审定决定",
                    summary=summary,
                    action="审定",
                    cancel=request.path,
                    fields=[minutes_field],
                    warning="审定决定记录后不可撤销：名单即成为表彰名单，据此发文和颁发证书。",
                )
        if lacking:
            messages.error(request, minutes_field["error"])
        else:
            try:
                decided = services.decide(
                    user=request.user, campaign=campaign, minutes=minutes_field["value"], reasons=_reasons(request.POST)
                )
                included = decided.entries.filter(included=True).count()
                messages.success(
                    request,
                    f"已记录领导小组审定决定 #{decided.pk}：{included} 个对象列入表彰名单，"
                    "其余候选对象为“未获表彰”。下一步：命名表彰（发文、颁发证书）。",
                )
                return redirect(request.path)
            except ServiceError as exc:
                messages.error(request, exc.message)
    recorded = latest_decision(campaign)
    plans = []
    if recorded is None:
        for category in campaign.categories.order_by("sort_order", "id"):
            try:
                applied, composed = services.final_entries(category, _reasons(request.POST))
                error = ""
            except ServiceError as exc:
                applied, composed, error = None, {"entries": [], "rows": []}, exc.message
            titles = {r["nomination"]: r["title"] for r in composed["rows"]}
            entries = [{**e, "title": titles.get(e["nomination"], "")} for e in composed["entries"]]
            items = category_items(category, Stage.FINAL, composed["entries"]) + services.publicity_items(campaign, composed)
            plans.append({"category": category, "applied": applied, "entries": entries, "items": items, "error": error})
    entries = list(recorded.entries.select_related("nomination", "category")) if recorded else []
    earlier = (
        ResultEntry.objects.filter(
            result_list__campaign=campaign, result_list__stage=Stage.SHORTLIST, result_list__status=ListStatus.APPLIED
        )
        .exclude(departure="")
        .select_related("nomination", "result_list__category")
        .order_by("result_list__category__sort_order", "rank")
    )
    from pingxuan.nominations.eligibility import exemptions
    from pingxuan.results.tally import components_of

    listed = [e.nomination_id for e in entries if e.included] or [
        e["nomination"] for p in plans for e in p["entries"] if e["included"]
    ]
    context = {
        "campaign": campaign,
        "exemptions": exemptions(listed),
        "scored": bool(components_of(campaign)),
        "recorded": recorded,
        "entries": entries,
        "plans": plans,
        "earlier": list(earlier),
        "blocked": any(i["blocking"] for p in plans for i in p["items"]) or any(p["error"] for p in plans),
        **roles(request.user, campaign),
    }
    return render(request, "results/decision.html", context)


def _decision_summary(campaign, reasons):
    """What the decision will do, per category (None when a list cannot be composed: the page then shows why)."""
    lines = []
    for category in campaign.categories.order_by("sort_order", "id"):
        try:
            _applied, composed = services.final_entries(category, reasons)
        except ServiceError:
            return None
        titles = {r["nomination"]: r["title"] for r in composed["rows"]}
        listed = [titles.get(e["nomination"], "") for e in composed["entries"] if e["included"]]
        others = len(composed["entries"]) - len(listed)
        names = "、".join(listed) if listed else "无"
        lines.append(f"{category.name}：{len(listed)} 个对象评为“已表彰”（{names}）；{others} 个为“未获表彰”。")
    return lines
