"""The approvers' pages: the queue of nominations awaiting their opinion, and the decision on one of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pingxuan.core.errors import PermissionDenied, ServiceError

from . import services
from .approval import awaiting
from .forms import DecideForm
from .models import Decision
from .views import detail_context, get_nomination, refused


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
