from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from pingxuan.orgs.rules import can_read_audit

from .models import AuditEvent


@login_required
def event_list(request):
    if not can_read_audit(request.user):
        raise Http404
    events = AuditEvent.objects.select_related("actor")[:200]
    return render(request, "audit/list.html", {"events": events})
