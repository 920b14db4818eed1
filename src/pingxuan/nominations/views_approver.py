"""The approvers' pages: the queue of nominations awaiting their opinion, and the decision on one of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Organisation, Role

from . import approval, services
from .forms import DecideForm
from .models import Decision, Nomination, Status
from .views import detail_context, get_nomination, refused

APPROVING_ROLES = {Role.APPROVER, Role.LEADER, Role.ORGANISER}


def awaiting(user):
    """Nominations (all campaigns) whose current level is this person's: a fixed number of queries for any number."""
    paths = org_rules.paths_for(user, APPROVING_ROLES)
    if not paths:
        return []
    candidates = list(
        Nomination.objects.filter(status=Status.SUBMITTED)
        .filter(org_rules.subtree_q(paths, field="unit__path"))
        .select_related("campaign__owner", "category", "unit", "recommender")
        .order_by("campaign_id", "submitted_at", "id")
    )
    ids = {int(x) for n in candidates for x in n.unit.path.strip("/").split("/") if x}
    orgs = Organisation.objects.in_bulk(ids)
    rows = []
    for n in candidates:
        chain = [orgs[int(x)] for x in reversed(n.unit.path.strip("/").split("/")) if x and int(x) in orgs]
        if approval.is_their_turn(user, n, chain=chain):
            levels = approval.levels(n.category)
            rows.append(
                {
                    "n": n,
                    "level": levels[n.level],
                    "step": f"{n.level + 1}/{len(levels)}",
                    "org": approval.approver_org(n, n.level, chain),
                }
            )
    return rows


@login_required
def queue(request):
    rows = awaiting(request.user)
    groups = {}
    for row in rows:
        groups.setdefault(row["n"].campaign, []).append(row)
    return render(request, "nominations/queue.html", {"groups": list(groups.items()), "count": len(rows)})


@login_required
@require_POST
def decide(request, pk):
    nomination = get_nomination(request.user, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(
                user=request.user, nomination=nomination, decision=data["decision"], opinion=data["opinion"], seal=data["seal"]
            )
        except PermissionDenied as exc:
            return refused(request, exc.message)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            label = Decision(data["decision"]).label
            messages.success(request, f"已对“{nomination}”作出审核结论：{label}。")
            return redirect("nom-queue")
    context = detail_context(request, nomination, decide_form=form)
    return render(request, "nominations/detail.html", context, status=400)
