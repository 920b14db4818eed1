"""The audit trail pages: browse with filters, export, and verify the hash chain.

Readers are those `can_read_audit` allows. A system admin sees every event; a supervisor or organiser sees
the events of the organisations in their subtrees and of the campaigns owned there. Others get 404.
"""

import csv
import io
import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from pingxuan.campaigns.models import Campaign
from pingxuan.documents.excel import neutralise
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

from . import words
from .access import require_reader
from .forms import AuditFilterForm
from .models import AuditEvent
from .rules import visible_events
from .services import verify_chain

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000
COLUMNS = [
    "序号",
    "时间",
    "操作人",
    "说明",
    "变更（修改前 → 修改后）",
    "操作代码",
    "对象类型",
    "对象编号",
    "对象",
    "活动",
    "组织",
    "修改前",
    "修改后",
    "理由",
    "IP",
    "哈希",
]


def _campaigns(user):
    if org_rules.is_system_admin(user):
        return list(Campaign.objects.order_by("-year", "code"))
    paths = org_rules.paths_for(user, {Role.SUPERVISOR, Role.ORGANISER})
    return list(Campaign.objects.filter(org_rules.subtree_q(paths, "owner__path")).order_by("-year", "code"))


def filtered(request):
    events = visible_events(request.user)
    campaigns = _campaigns(request.user)
    actions = events.order_by("action").values_list("action", flat=True).distinct()
    types = events.order_by("object_type").values_list("object_type", flat=True).distinct()
    form = AuditFilterForm(request.GET or None, actions=list(actions), object_types=list(types), campaigns=campaigns)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        if d["actor"]:
            events = events.filter(actor_repr__icontains=d["actor"].strip())
        for key in ("action", "object_type"):
            if d[key]:
                events = events.filter(**{key: d[key]})
        if d["object"].strip():
            text = d["object"].strip()
            events = events.filter(Q(object_repr__icontains=text) | Q(object_id=text))
        if d["campaign"]:
            events = events.filter(campaign_id=int(d["campaign"]))
        if d["date_from"]:
            events = events.filter(at__date__gte=d["date_from"])
        if d["date_to"]:
            events = events.filter(at__date__lte=d["date_to"])
    elif form.is_bound:
        events = events.none()
    names = {c.pk: c.name for c in campaigns}
    return form, events.order_by("-id"), names


def _show(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def changes(event):
    """Before/after as rows of (field, before, after) in plain words, only the keys either side names."""
    before = event.before if isinstance(event.before, dict) else ({"值": event.before} if event.before is not None else {})
    after = event.after if isinstance(event.after, dict) else ({"值": event.after} if event.after is not None else {})
    rows = []
    for key in list(dict.fromkeys([*before, *after])):
        rows.append(
            {
                "key": words.field_words(key),
                "before": words.value_words(before.get(key)),
                "after": words.value_words(after.get(key)) if key in after else "（删除）",
                "in_before": key in before,
            }
        )
    return rows


def change_text(event):
    return "；".join(f"{c['key']}：{c['before'] if c['in_before'] else '（无）'} → {c['after']}" for c in changes(event))


@login_required
def event_list(request):
    require_reader(request.user)
    form, events, names = filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.changes = changes(event)
        event.sentence = words.sentence(event)
        event.campaign_name = names.get(event.campaign_id, "")
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/list.html", context, status=200 if not form.errors else 400)


def _rows(events, names):
    for e in events[:EXPORT_LIMIT].iterator(chunk_size=2000):
        yield [
            e.seq or "",
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_repr,
            words.sentence(e),
            change_text(e),
            e.action,
            e.object_type,
            e.object_id,
            e.object_repr,
            names.get(e.campaign_id, e.campaign_id or ""),
            e.organisation_id or "",
            _show(e.before),
            _show(e.after),
            e.reason,
            e.ip or "",
            e.hash,
        ]


@login_required
def event_export(request):
    require_reader(request.user)
    _form, events, names = filtered(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("审计日志")
        ws.append(COLUMNS)
        for row in _rows(events, names):
            ws.append([neutralise(str(v)) if not isinstance(v, (int, float)) else v for v in row])
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
        return response
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    writer.writerows([neutralise(v) for v in row] for row in _rows(events, names))
    response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


@login_required
def verify(request):
    require_reader(request.user)
    from . import anchors
    from .coverage import verify_data

    result = verify_chain()
    broken = result.broken
    anchor_text = request.GET.get("anchor", "").strip()
    anchor_check = None
    if anchor_text:
        try:
            anchor_check = anchors.check(anchor_text)
        except ValueError as exc:
            anchor_check = (False, str(exc))
    context = {
        "anchor": anchor_text,
        "anchor_check": anchor_check,
        "problems": verify_data()[:50],
        "result": result,
        "broken_event": broken if isinstance(broken, AuditEvent) else None,
        "broken_seq": broken if isinstance(broken, int) else None,
    }
    return render(request, "audit/verify.html", context)


@require_GET
def anchors_page(request):
    """Public: the published points of the chain (no login), newest first."""
    from .anchors import public_list

    return render(request, "audit/anchors.html", {"anchors": public_list()})
