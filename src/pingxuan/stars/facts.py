"""What the standing programme knows about a nominee (SPEC §4.4 ← §10): satisfaction and valid complaints.

A nomination is linked to a window by, in order: its unit when the unit is a window; a form field of type
`org` naming a window (by code or name); a window inside the unit's subtree whose name is the nominee's name.
An individual nominee is matched to a person on duty of the same name inside the unit's subtree; their
window's ratings and the complaints naming them count.
"""

import datetime

from django.utils import timezone

from pingxuan.core.chinese import normalise_name
from pingxuan.orgs.models import Organisation, OrgKind

from .models import Complaint, DutyMember, Programme
from .ratings import satisfaction


def months_before(day, months):
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _norm(text):
    return normalise_name(text)


def linked_window(nomination):
    unit = nomination.unit
    if unit.kind == OrgKind.WINDOW:
        return unit
    windows = Organisation.objects.filter(kind=OrgKind.WINDOW)
    for field in nomination.category.form.get("fields", []):
        if field["type"] == "org" and nomination.data.get(field["key"]):
            value = str(nomination.data[field["key"]]).strip()
            found = windows.filter(code=value).first() or next(
                (w for w in windows.filter(path__startswith=unit.path) if _norm(w.name) == _norm(value)), None
            )
            if found:
                return found
    name = _norm(nomination.title)
    if name:
        return next((w for w in windows.filter(path__startswith=unit.path) if _norm(w.name) == name), None)
    return None


def linked_member(nomination):
    if nomination.category.kind != "individual":
        return None
    name = _norm(nomination.title)
    if not name:
        return None
    rows = DutyMember.objects.filter(window__path__startswith=nomination.unit.path).select_related("window", "programme")
    return next((m for m in rows if _norm(m.name) == name), None)


def programme_of(window):
    return next((p for p in Programme.objects.select_related("owner") if window.path.startswith(p.owner.path)), None)


def facts(nomination, months, today=None):
    member = linked_member(nomination)
    window = member.window if member else linked_window(nomination)
    if window is None:
        return None
    programme = member.programme if member else programme_of(window)
    if programme is None:
        return None
    until = today or timezone.localdate()
    since = months_before(until, months)
    _good, total, rate = satisfaction(programme, window, since, until)
    complaints = Complaint.objects.filter(is_valid=True, received_at__date__range=(since, until))
    complaints = complaints.filter(member=member) if member else complaints.filter(window=window)
    return {
        "valid_complaints": complaints.count(),
        "ratings": total,
        "satisfaction": round(rate, 1) if rate is not None else None,
        "since": since,
        "until": until,
        "window": window.name,
        "member": member.name if member else None,
    }
