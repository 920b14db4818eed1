"""The office's pages: preliminary review, candidate list and its documents, panels and assignment."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from pingxuan.core.actions import act
from pingxuan.core.errors import ServiceError
from pingxuan.nominations.eligibility import STATES, checklist
from pingxuan.nominations.models import Nomination, Status
from pingxuan.nominations.paper.layout import display_value

from . import documents, panels, services
from .access import office_campaign, office_category, office_nomination, require_manage
from .models import Assignment


@login_required
def home(request, code):
    campaign = office_campaign(request.user, code)
    counts = {}
    for cat_id, status, n in (
        Nomination.objects.filter(campaign=campaign).values_list("category_id", "status").annotate(n=Count("id")).order_by()
    ):
        counts.setdefault(cat_id, {})[status] = n
    cats = [{"category": c, "counts": counts.get(c.pk, {}), "target": services.target(c)} for c in campaign.categories.all()]
    return render(request, "judging/home.html", {"campaign": campaign, "cats": cats, "Status": Status})


@login_required
def review_list(request, code, cat):
    category = office_category(request.user, code, cat)
    rows = list(services.review_queue(category))
    done = list(
        Nomination.objects.filter(category=category, status__in=[Status.PASSED, Status.FAILED, Status.CANDIDATE])
        .select_related("unit")
        .order_by("status", "id")
    )
    return render(request, "judging/review_list.html", {"category": category, "rows": rows, "done": done})


@login_required
def review_one(request, code, pk):
    campaign = office_campaign(request.user, code)
    n = office_nomination(request.user, pk, campaign=campaign)
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        if decision == "disqualify":
            done, _ = act(
                request,
                services.disqualify,
                "已取消资格。",
                user=request.user,
                nomination=n,
                reason=request.POST.get("reason", ""),
            )
        else:
            done, _ = act(
                request,
                services.review,
                "已记录初审结论。",
                user=request.user,
                nomination=n,
                decision=decision,
                reason=request.POST.get("reason", ""),
            )
        if done:
            nxt = services.review_queue(n.category).first()
            if nxt and decision != "disqualify":
                return redirect("judging-review-one", code=code, pk=nxt.pk)
            return redirect("judging-review", code=code, cat=n.category.code)
    fields = [
        {"label": f["label"], "value": display_value(f, n.data.get(f["key"]))}
        for f in n.category.form.get("fields", [])
        if f["type"] not in ("photo", "photoset", "file")
    ]
    items = [{**i, "state_label": STATES.get(i["state"], i["state"])} for i in checklist(n)]
    return render(
        request,
        "judging/review_one.html",
        {"n": n, "fields": fields, "items": items, "campaign": campaign, "records": n.review_records.select_related("reviewer")},
    )


@login_required
def candidates(request, code, cat):
    category = office_category(request.user, code, cat)
    if request.method == "POST":
        ids = request.POST.getlist("nominations")
        if request.POST.get("apply"):
            act(request, services.apply_candidates, "候选名单已确定。", user=request.user, category=category)
        else:
            act(
                request,
                services.stage_candidates,
                "拟定名单已保存（尚未公布）。",
                user=request.user,
                category=category,
                nomination_ids=ids,
            )
        return redirect("judging-candidates", code=code, cat=cat)
    draft = services.draft_of(category)
    staged = set(draft.nomination_ids) if draft else set()
    pool = list(
        Nomination.objects.filter(category=category, status__in=[Status.PASSED, Status.CANDIDATE])
        .select_related("unit", "recommender")
        .order_by("recommender__path", "rank", "id")
    )
    blocking, warnings = services.open_items(category)
    return render(
        request,
        "judging/candidates.html",
        {
            "category": category,
            "pool": pool,
            "staged": staged,
            "draft": draft,
            "blocking": blocking,
            "warnings": warnings,
            "target": services.target(category),
            "applied": services.candidates(category),
        },
    )


@login_required
def candidate_document(request, code, cat, kind, fmt):
    category = office_category(request.user, code, cat)
    if kind not in documents.KINDS or fmt not in ("docx", "pdf"):
        raise Http404("没有这种文书。")
    content, name, ctype = documents.render(category, kind, fmt)
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def panel(request, code, cat):
    category = office_category(request.user, code, cat)
    if request.method == "POST":
        if request.POST.get("assign"):
            k = request.POST.get("k") or None
            act(
                request,
                panels.assign,
                "已分配评审任务。",
                user=request.user,
                category=category,
                mode=request.POST.get("mode", "all"),
                k=int(k) if k and k.isdigit() else None,
            )
        else:
            act(
                request,
                panels.set_panel,
                "评审组已保存。",
                user=request.user,
                category=category,
                judges=[int(j) for j in request.POST.getlist("judges") if j.isdigit()],
                name=request.POST.get("name", ""),
            )
        return redirect("judging-panel", code=code, cat=cat)
    current = category.panel if hasattr(category, "panel") else None
    members = set(current.judges.values_list("pk", flat=True)) if current else set()
    loads = dict(
        Assignment.objects.filter(panel__category=category, is_active=True)
        .values_list("judge_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    judges = [
        {"user": u, "member": u.pk in members, "load": loads.get(u.pk, 0)} for u in panels.eligible_judges(category.campaign)
    ]
    return render(
        request,
        "judging/panel.html",
        {
            "category": category,
            "panel": current,
            "judges": judges,
            "pool": len(panels.pool(category)),
            "aliases": _aliases(category, current),
        },
    )


def _aliases(category, panel):
    """For the office only: in a blind category, which nomination each alias the judges see stands for."""
    if not category.blind or panel is None:
        return []
    ids = Assignment.objects.filter(panel=panel, is_active=True).values_list("nomination_id", flat=True).distinct()
    noms = Nomination.objects.filter(pk__in=set(ids)).select_related("unit").order_by("pk")
    return [{"alias": panels.alias(panel.pk, n.pk), "nomination": n} for n in noms]


@require_POST
@login_required
def disqualify(request, code, pk):
    n = office_nomination(request.user, pk, campaign=office_campaign(request.user, code))
    act(request, services.disqualify, "已取消资格。", user=request.user, nomination=n, reason=request.POST.get("reason", ""))
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("judging-home", args=[code])
    return redirect(target)


@login_required
@require_POST
def review_bulk(request, code, cat):
    """Select-all 初审: one confirmation page, then each selected nomination through `services.review`."""
    from pingxuan.core.actions import bulk

    category = office_category(request.user, code, cat)
    decision = request.POST.get("decision", "")
    reason = request.POST.get("reason", "").strip()
    labels = {"pass": "初审通过", "fail": "初审不通过"}

    def check():
        require_manage(request.user, category.campaign, "进行初审")
        if decision not in labels:
            raise ServiceError("请选择初审结论：通过或不通过。", field="decision")
        if decision == "fail" and not reason:
            raise ServiceError("初审不通过须写明理由（将作为每一份所选申报的理由）。", field="reason")

    return bulk(
        request,
        heading=f"初审 · {category.name}",
        action_label=labels.get(decision, ""),
        back_url=reverse("judging-review", args=[code, cat]),
        selectable=services.review_queue(category),
        run=lambda ids: services.review_many(
            user=request.user, category=category, nomination_ids=ids, decision=decision, reason=reason
        ),
        hidden=[("decision", decision), ("reason", reason)],
        check=check,
        text_label="理由",
        text=reason,
    )
