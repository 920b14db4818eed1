"""Deadlines of the nomination phase: where each recommending unit stands, and reminders before the end.

`units_status(campaign)` is the office's table (quota vs used, submitted, received, missing, late, extensions);
`send_reminders(campaign)` tells the clerks of units that still have work to do, once a day, when the phase ends
within `policies.deadline_reminder_days` days (each unit's own extension counts). Overdue drafts are lapsed by
`services.lapse_overdue` (command `lapse_overdue`).
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Count

from pingxuan.audit.models import AuditEvent
from pingxuan.audit.services import record
from pingxuan.campaigns.models import PhaseExtension, Quota
from pingxuan.campaigns.services import today
from pingxuan.core.chinese import date_zh
from pingxuan.core.errors import PermissionDenied
from pingxuan.core.notify import notify
from pingxuan.orgs.models import Membership, Role

from .models import RECEIVED_OR_LATER, Nomination, Status
from .rules import can_manage

PENDING = {Status.DRAFT, Status.RETURNED}
IN_APPROVAL = {Status.SUBMITTED}
RECEIVED = set(RECEIVED_OR_LATER)
REMIND_ACTION = "nomination.remind"


def _phase(campaign):
    return campaign.phases.filter(kind="nomination").first()


def _extensions(phase, units):
    """{unit id: the active extension covering it (its own or an ancestor's, the latest date)}."""
    if phase is None:
        return {}
    by_org = {}
    for ext in PhaseExtension.objects.filter(phase=phase, is_active=True).select_related("organisation"):
        if ext.organisation_id not in by_org or ext.until > by_org[ext.organisation_id].until:
            by_org[ext.organisation_id] = ext
    out = {}
    for unit in units:
        ids = [int(x) for x in unit.path.strip("/").split("/") if x]
        found = [by_org[i] for i in ids if i in by_org]
        if found:
            out[unit.pk] = max(found, key=lambda e: e.until)
    return out


def units_status(campaign, on=None):
    """Per recommending unit (those with a quota), in the quota table's order:

    {"unit": Organisation, "quota": Σ推荐名额, "alternates": Σ递补名额, "used": live nominations, "drafts": drafts and
    returned ones, "submitted": in the approval chain, "received": received by the office or later, "missing": the
    unit has submitted nothing, "deadline": its phase end (with extension), "extension": PhaseExtension | None,
    "late": the deadline has passed while nothing or not everything was submitted,
    "categories": [{"category", "quota", "alternates", "used", "drafts", "submitted", "received"}]}.
    Four queries whatever the number of units.
    """
    from .services import LIVE

    on = on or today()
    phase = _phase(campaign)
    quotas = list(
        Quota.objects.filter(category__campaign=campaign).select_related("organisation", "category").order_by("sort_order", "id")
    )
    counts = defaultdict(int)
    for row in (
        Nomination.objects.filter(campaign=campaign).values("recommender_id", "category_id", "status").annotate(n=Count("id"))
    ):
        counts[(row["recommender_id"], row["category_id"], row["status"])] += row["n"]
    units = []
    for q in quotas:
        if q.organisation not in units:
            units.append(q.organisation)
    extensions = _extensions(phase, units)
    out = {}
    for q in quotas:
        unit = q.organisation
        if unit.pk not in out:
            ext = extensions.get(unit.pk)
            deadline = None if phase is None else max(phase.ends_on, ext.until) if ext else phase.ends_on
            out[unit.pk] = {
                "unit": unit,
                "quota": 0,
                "alternates": 0,
                "used": 0,
                "drafts": 0,
                "submitted": 0,
                "received": 0,
                "deadline": deadline,
                "extension": ext,
                "categories": [],
            }
        entry = out[unit.pk]

        def total(statuses, q=q):
            return sum(counts[(q.organisation_id, q.category_id, s)] for s in statuses)

        cat = {
            "category": q.category,
            "quota": q.nominate_max,
            "alternates": q.alternates,
            "used": total(LIVE),
            "drafts": total(PENDING),
            "submitted": total(IN_APPROVAL),
            "received": total(RECEIVED),
        }
        entry["categories"].append(cat)
        for key in ("quota", "alternates", "used", "drafts", "submitted", "received"):
            entry[key] += cat[key]
    for entry in out.values():
        entry["missing"] = entry["submitted"] + entry["received"] == 0
        past = entry["deadline"] is not None and on > entry["deadline"]
        entry["late"] = past and (entry["missing"] or entry["drafts"] > 0)
    return list(out.values())


def _clerks(campaign, unit):
    """Clerks anywhere in the unit's subtree (for this campaign or all campaigns)."""
    people = {}
    for m in (
        Membership.objects.filter(role=Role.CLERK, is_active=True, organisation__path__startswith=unit.path)
        .select_related("user")
        .order_by("user_id")
    ):
        if m.campaign_id in (None, campaign.pk) and m.user.is_active:
            people[m.user_id] = m.user
    return list(people.values())


def _reminded(campaign, unit, on):
    return AuditEvent.objects.filter(
        action=REMIND_ACTION, campaign_id=campaign.pk, organisation_id=unit.pk, after__on=on.isoformat()
    ).exists()


def _message(campaign, entry, days_left):
    left = "今天截止" if days_left == 0 else f"还有 {days_left} 天"
    parts = []
    if entry["missing"]:
        parts.append("尚未提交任何申报")
    if entry["drafts"]:
        parts.append(f"尚有 {entry['drafts']} 份草稿或退回修改的申报未提交")
    return (
        f"“{campaign.name}”申报推荐将于{date_zh(entry['deadline'])}截止（{left}）。“{entry['unit'].name}”{'，'.join(parts)}，"
        f"请在截止前提交；逾期未报视为自动放弃。"
    )


@transaction.atomic
def send_reminders(campaign, on=None, *, user=None):
    """Remind the clerks of units that have drafts/returned forms or have submitted nothing, when the nomination
    phase (with the unit's extension) ends within `policies.deadline_reminder_days` days. At most once per unit and
    day: each reminder is an audit event (action "nomination.remind") and a second run the same day sends nothing.

    Returns [{"unit", "deadline", "days_left", "recipients": [User…], "text"}] for the reminders sent.
    """
    if user is not None and not can_manage(user, campaign):
        raise PermissionDenied("只有活动办公室可以发送截止提醒。")
    on = on or today()
    days = (campaign.policies or {}).get("deadline_reminder_days", 3)
    if _phase(campaign) is None:
        return []
    sent = []
    for entry in units_status(campaign, on=on):
        unit = entry["unit"]
        days_left = (entry["deadline"] - on).days
        if not (0 <= days_left <= days) or not (entry["missing"] or entry["drafts"]):
            continue
        if _reminded(campaign, unit, on):
            continue
        people = _clerks(campaign, unit)
        text = _message(campaign, entry, days_left)
        notify(people, "申报截止提醒", text)
        record(
            actor=user,
            action=REMIND_ACTION,
            object_type="orgs.organisation",
            object_id=str(unit.pk),
            object_repr=f"{unit.name} 申报截止提醒",
            campaign=campaign,
            organisation=unit,
            after={
                "on": on.isoformat(),
                "deadline": entry["deadline"].isoformat(),
                "recipients": [p.get_username() for p in people],
                "text": text,
            },
        )
        sent.append({"unit": unit, "deadline": entry["deadline"], "days_left": days_left, "recipients": people, "text": text})
    return sent
