"""The approvers' pages: the queue of nominations awaiting their opinion, and the decision on one of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pingxuan.core.errors import PermissionDenied, ServiceError

from . import services
from .access import get_nomination
from .approval import awaiting
from .forms import DecideForm
from .models import Decision
from .views import detail_context, refused


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


@login_required
@require_POST
def queue_bulk(request):
    """Select-all decision on the approver's queue: one confirmation page, then each through `services.decide`."""
    from django.urls import reverse

    from pingxuan.core.actions import bulk

    from .models import Nomination

    decision = request.POST.get("decision", "")
    opinion = request.POST.get("opinion", "").strip()
    seal = request.POST.get("seal", "1") not in ("", "0", "false")

    def check():
        if decision not in Decision.values:
            raise ServiceError("请选择审核结论：同意、退回修改或不同意。", field="decision")
        if not opinion:
            raise ServiceError("请填写审核意见（将作为每一份所选申报的审核意见）。", field="opinion")
        if len(opinion) > 2000:
            raise ServiceError("审核意见不能超过 2000 个字。", field="opinion")

    mine = [row["n"].pk for row in awaiting(request.user)]
    return bulk(
        request,
        heading="待我审核",
        action_label=Decision(decision).label if decision in Decision.values else "",
        back_url=reverse("nom-queue"),
        selectable=Nomination.objects.filter(pk__in=mine).select_related("unit"),
        run=lambda ids: services.decide_many(
            user=request.user, nomination_ids=ids, decision=decision, opinion=opinion, seal=seal
        ),
        hidden=[("decision", decision), ("opinion", opinion), ("seal", "1" if seal else "0")],
        check=check,
        text_label="审核意见",
        text=opinion,
    )
