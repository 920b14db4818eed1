"""Nomination pages shared by every role: the landing page, one nomination as its printed form shows it, and files.

The clerk's pages are in views_clerk.py, the approver's in views_approver.py, the office's in views_office.py.
Views stay thin: they read input through forms and call the services, which check permission and audit.
A user who may not see a nomination (or a campaign) gets 404; one who may see it but not act gets the reason.
"""

import datetime
import importlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from pingxuan.campaigns.rules import visible_campaigns
from pingxuan.core.chinese import date_zh
from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

from . import approval, services
from . import rules as nom_rules
from .access import get_attachment, get_nomination
from .downloads import attachment_response
from .fields import FILE_TYPES
from .forms import DecideForm, ReasonForm
from .models import Status

ENDED = [Status.WITHDRAWN, Status.REJECTED, Status.LAPSED, Status.DISQUALIFIED, Status.FAILED]
WITHDRAWABLE = {Status.DRAFT, Status.SUBMITTED, Status.RETURNED}
STATUS_STYLE = {
    Status.DRAFT: "secondary",
    Status.SUBMITTED: "primary",
    Status.RETURNED: "warning",
    Status.REJECTED: "dark",
    Status.RECEIVED: "success",
    Status.WITHDRAWN: "light",
    Status.LAPSED: "light",
    Status.DISQUALIFIED: "danger",
}


def optional(name):
    """A colleague's module of this app, or None while it does not exist yet."""
    try:
        return importlib.import_module(f"pingxuan.nominations.{name}")
    except ModuleNotFoundError:
        return None


def office_panel(nomination):
    """What the office sees on a nomination page besides the form: checklist, duplicate flags, paper downloads."""
    eligibility, duplicates = optional("eligibility"), optional("duplicates")
    return {
        "vacancy": nomination.status == Status.DISQUALIFIED and nomination.received_at is not None,
        "backfill": services.backfill_policy(nomination.campaign),
        "checklist": eligibility.checklist(nomination) if eligibility and hasattr(eligibility, "checklist") else None,
        "flags": duplicates.flags_for(nomination) if duplicates and hasattr(duplicates, "flags_for") else None,
    }


def refused(request, message, status=403):
    return render(request, "orgs/refused.html", {"message": message}, status=status)


def change_with_reason(request, pk, change, done):
    """POST with a reason: `change(user=, nomination=, reason=)` (a service); flash `done` (formatted with the
    nomination) or the service's refusal, then back to the nomination's page. PermissionDenied answers 403."""
    nomination = get_nomination(request.user, pk)
    try:
        change(user=request.user, nomination=nomination, reason=request.POST.get("reason", ""))
        messages.success(request, done.format(nomination))
    except PermissionDenied as exc:
        return refused(request, exc.message)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("nom-detail", nomination.pk)


def attachments_of(nomination):
    """Active attachments per field key, in upload order."""
    out = {}
    for a in nomination.attachments.filter(is_active=True).order_by("sort_order", "id"):
        out.setdefault(a.field, []).append(a)
    return out


def display_value(field, value):
    """A value as the paper form shows it."""
    if value in (None, "", []):
        return ""
    kind = field["type"]
    if kind == "multichoice":
        return "、".join(value)
    if kind == "yearmonth" and isinstance(value, str) and len(value) == 7:
        return f"{int(value[:4])}年{int(value[5:])}月"
    if kind == "date":
        try:
            return date_zh(datetime.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def printed(nomination, attachments=None):
    """The nomination laid out as its seed form: paper rows of labelled cells, then the opinions of the chain.

    As on paper (paper/layout.py): 编号 and 填报单位 (the recommending unit) only where the seed form has them, and the
    fields without a table row are the material sent with the form (随表报送), after the table."""
    attachments = attachments if attachments is not None else attachments_of(nomination)
    form = nomination.category.form or {}
    rows, by_row, material = [], {}, []
    for field in form.get("fields", []):
        cell = {
            "field": field,
            "label": field["label"],
            "type": field["type"],
            "files": attachments.get(field["key"], []) if field["type"] in FILE_TYPES else None,
            "text": "" if field["type"] in FILE_TYPES else display_value(field, nomination.data.get(field["key"])),
            "wide": field["type"] in ("longtext", "photoset", "file"),
        }
        number = field.get("row")
        if number is None:
            material.append(cell)
        elif cell["wide"]:
            rows.append([cell])
        elif number in by_row:
            by_row[number].append(cell)
        else:
            by_row[number] = [cell]
            rows.append(by_row[number])
    steps = list(nomination.steps.select_related("organisation", "approver").order_by("round", "level", "id"))
    opinions = []
    for index, level in enumerate(approval.levels(nomination.category)):
        mine = [s for s in steps if s.level == index and s.round == nomination.round]
        opinions.append(
            {"index": index, "level": level, "step": mine[-1] if mine else None, "current": _is_current(nomination, index)}
        )
    return {
        "title": form.get("title") or nomination.category.name,
        "number_label": form.get("number_label") or "",
        "filler_label": form.get("filler_label") or "",
        "filler": nomination.recommender.name,
        "rows": rows,
        "material": material,
        "opinions": opinions,
        "notes": form.get("notes", ""),
    }


def _is_current(nomination, index):
    return nomination.status == Status.SUBMITTED and nomination.level == index


def history(nomination):
    versions = list(nomination.versions.select_related("created_by").order_by("-version", "-id"))
    steps = list(nomination.steps.select_related("organisation", "approver").order_by("-round", "-level", "-id"))
    return {"versions": versions, "steps": steps}


def last_return(nomination):
    return nomination.steps.filter(decision="return").select_related("organisation", "approver").order_by("-id").first()


# Pages ------------------------------------------------------------------------------------------------


@login_required
def home(request):
    """Where a person's nomination work starts: per campaign, their unit's page, their queue and the office."""
    rows = []
    user = request.user
    for campaign in visible_campaigns(user).order_by("-year", "code"):
        clerk = bool(nom_rules.unit_paths(user, campaign, roles=(Role.CLERK,)))
        approver = bool(nom_rules.unit_paths(user, campaign, roles=(Role.APPROVER, Role.LEADER, Role.ORGANISER)))
        office = nom_rules.is_office(user, campaign)
        if clerk or approver or office:
            rows.append({"campaign": campaign, "clerk": clerk or approver, "office": office})
    return render(request, "nominations/home.html", {"rows": rows})


def detail_context(request, nomination, **overrides):
    user = request.user
    attachments = attachments_of(nomination)
    is_clerk = nom_rules.can_nominate_for(user, nomination.campaign, nomination.unit)
    office = nom_rules.is_office(user, nomination.campaign)
    context = {
        "n": nomination,
        "campaign": nomination.campaign,
        "paper": printed(nomination, attachments),
        "history": history(nomination),
        "returned": last_return(nomination) if nomination.status == Status.RETURNED else None,
        "can_edit": nom_rules.can_edit(user, nomination),
        "can_withdraw": is_clerk and nomination.status in WITHDRAWABLE,
        "their_turn": approval.is_their_turn(user, nomination),
        "decide_form": DecideForm(),
        "reason_form": ReasonForm(),
        "is_clerk": is_clerk,
        "office": office,
        "can_manage": nom_rules.can_manage(user, nomination.campaign),
        "style": STATUS_STYLE.get(nomination.status, "info"),
        "paper_ready": optional("paper") is not None,
        "ended_states": ENDED,
    }
    if context["their_turn"]:
        level = approval.levels(nomination.category)[nomination.level]
        context["level"] = level
        context["approver_org"] = approval.approver_org(nomination, nomination.level)
    if office:
        context.update(office_panel(nomination))
    context.update(overrides)
    return context


@login_required
def detail(request, pk):
    nomination = get_nomination(request.user, pk)
    return render(request, "nominations/detail.html", detail_context(request, nomination))


@login_required
def attachment_file(request, pk):
    """A photo or file of a nomination, for those who may see the nomination (removed ones too: history)."""
    return attachment_response(get_attachment(request.user, pk))


def decision_label(value):
    return dict(Status.choices).get(value, value)


def units_of(user, campaign, roles=(Role.CLERK,)):
    """The organisations a person acts for in a campaign (their memberships), shallowest first."""
    paths = set(nom_rules.unit_paths(user, campaign, roles=roles))
    return sorted({m.organisation for m in org_rules._memberships(user) if m.organisation.path in paths}, key=lambda o: o.path)
