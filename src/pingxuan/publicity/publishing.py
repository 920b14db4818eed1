"""Publishing a list (公示) and making it final. One door each; every change writes its audit event in the same
transaction.

A candidate list (stage `candidate`) takes every nomination in status 候选; a shortlist (stage `shortlist`) takes every
nomination in status 入围 and moves it to 公示中 through `nominations.services.change_status`. The entries are a
snapshot of what the public sees (title, unit, a short introduction, the photo), in the order of the tally.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.campaigns.models import PhaseKind
from pingxuan.campaigns.services import phase_for
from pingxuan.core.chinese import date_zh, range_zh
from pingxuan.core.display import clauses
from pingxuan.core.errors import InvalidTransition, PermissionDenied, PhaseClosed, ServiceError
from pingxuan.core.states import Transitions
from pingxuan.jobs.schedule import every
from pingxuan.nominations.models import Nomination, Status
from pingxuan.nominations.services import change_status
from pingxuan.results.tally import tally

from . import rules
from .models import OPEN_OBJECTIONS, STAGE_PHASE, Entry, EntryState, Objection, Publication, PubStatus, Stage

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

    from pingxuan.campaigns.models import Campaign, Category
    from pingxuan.nominations.models import Attachment
    from pingxuan.orgs.models import User

STAGE_STATUS: dict[str, str] = {Stage.CANDIDATE: Status.CANDIDATE, Stage.SHORTLIST: Status.SHORTLISTED}
INTRO_CHARS = 200
STATES = Transitions(
    Publication, {PubStatus.OPEN: {PubStatus.FINAL}, PubStatus.FINAL: set()}, message="“{old}”的公示不能变为“{new}”。"
)


def today() -> datetime.date:
    return timezone.localdate()


def _date(value: Any, label: str, field: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or ""))
    except ValueError as exc:
        raise ServiceError(f"{label}“{value}”格式不对，应为 2019-07-15 这样的日期。", field=field) from exc


def _stage(stage: str) -> Stage:
    if stage not in Stage.values:
        raise ServiceError(f"公示名单应为：{'、'.join(f'{v}（{lbl}）' for v, lbl in Stage.choices)}。", field="stage")
    return Stage(stage)


def stage_config(campaign: Campaign, stage: str) -> dict[str, Any]:
    return ((campaign.publicity or {}).get(stage)) or {}


def listed_nominations(campaign: Campaign, stage: str) -> list[tuple[Category, list[Nomination]]]:
    """The nominations a list of this stage would publish, per category in the order of the tally."""
    out = []
    status = STAGE_STATUS[stage]
    for category in campaign.categories.order_by("sort_order", "id"):
        ids = [r["nomination"] for r in tally(category) if r["status"] == status]
        noms = Nomination.objects.in_bulk(ids)
        out.append((category, [noms[i] for i in ids]))
    return out


def photo_of(nomination: Nomination) -> Attachment | None:
    photo_fields = {f["key"] for f in nomination.category.form.get("fields", []) if f["type"] == "photo"}
    return (
        nomination.attachments.filter(is_active=True, field__in=photo_fields, content_type__in=["JPEG", "PNG"])
        .order_by("field", "sort_order", "id")
        .first()
    )


def intro_of(nomination: Nomination) -> str:
    fields = [f for f in nomination.category.form.get("fields", []) if f["type"] == "longtext"]
    fields.sort(key=lambda f: "intro" not in f["key"])
    for field in fields:
        text = str(nomination.data.get(field["key"]) or "").strip()
        if text:
            return text if len(text) <= INTRO_CHARS else text[:INTRO_CHARS] + "……"
    return ""


def checklist(
    *,
    campaign: Campaign,
    stage: str,
    starts_on: datetime.date | str,
    ends_on: datetime.date | str,
    on: datetime.date | None = None,
) -> list[dict[str, Any]]:
    """What stands in the way of publishing (blocking) and what is worth a look (warnings), as rows {ok, blocking,
    text}. Nothing is saved."""
    stage = _stage(stage)
    on = on or today()
    rows = []

    def add(ok: bool, text: str, blocking: bool = True) -> None:
        rows.append({"ok": bool(ok), "blocking": blocking, "text": text})

    start = _date(starts_on, "公示开始日期", "starts_on")
    end = _date(ends_on, "公示结束日期", "ends_on")
    phase = phase_for(campaign, STAGE_PHASE[stage])
    label = PhaseKind(STAGE_PHASE[stage]).label
    if phase is None:
        add(False, f"本活动没有设置“{label}”阶段，不能发布{stage.label}公示。")
    else:
        inside = phase.starts_on <= start <= end <= phase.ends_on
        add(
            inside,
            f"公示期 {range_zh(start, end)} 在“{phase.name}”阶段（{range_zh(phase.starts_on, phase.ends_on)}）之内。"
            if inside
            else f"公示期 {range_zh(start, end)} 不在“{phase.name}”阶段（{range_zh(phase.starts_on, phase.ends_on)}）之内。",
        )
    add(start <= end, "公示开始日期不晚于结束日期。" if start <= end else "公示结束日期早于开始日期。")
    add(end >= on, f"公示结束日期 {date_zh(end)} 未过。" if end >= on else f"公示结束日期 {date_zh(end)} 已过。")
    days = stage_config(campaign, stage).get("days")
    if days:
        length = (end - start).days + 1
        add(length >= days, f"公示期 {length} 天，规定不少于 {days} 天。")
    exists = Publication.objects.filter(campaign=campaign, stage=stage).exists()
    add(not exists, f"本活动的{stage.label}已公示过。" if exists else f"本活动的{stage.label}尚未公示。")
    total = 0
    for category, noms in listed_nominations(campaign, stage):
        total += len(noms)
        missing = [str(n) for n in noms if not intro_of(n)]
        add(True, f"“{category.name}”：{len(noms)} 个{Status(STAGE_STATUS[stage]).label}对象。", blocking=False)
        ineligible = _ineligible(noms)
        if ineligible:
            add(False, f"“{category.name}”中有不符合评选条件的对象：{clauses(ineligible, end='。')}")
        if missing:
            add(False, f"“{category.name}”中 {len(missing)} 个对象没有简介：{'、'.join(missing[:5])}。", blocking=False)
    add(total > 0, f"共 {total} 个公示对象。" if total else f"没有状态为“{Status(STAGE_STATUS[stage]).label}”的申报，无可公示。")
    add(
        bool(campaign.contact),
        "已填写联系方式。" if campaign.contact else "活动未填写联系方式（公示须写明受理异议的电话）。",
        False,
    )
    return rows


def _ineligible(noms: Iterable[Nomination]) -> list[str]:
    from pingxuan.nominations.eligibility import open_items, open_text

    return [open_text(n, items) for n in noms if (items := open_items(n))]


def _entry(publication: Publication, nomination: Nomination, position: int, **extra: Any) -> Entry:
    return Entry.objects.create(
        publication=publication,
        category=nomination.category,
        nomination=nomination,
        position=position,
        title=str(nomination)[:200],
        unit=nomination.unit.name[:200],
        intro=intro_of(nomination),
        photo=photo_of(nomination),
        **extra,
    )


@transaction.atomic
def publish(
    *,
    user: User,
    campaign: Campaign,
    stage: str,
    starts_on: datetime.date | str,
    ends_on: datetime.date | str,
    issuer: str = "",
    contact: str = "",
    note: str = "",
    on: datetime.date | None = None,
) -> Publication:
    """Publish the stage's list for the period. Refuses while the checklist has a blocking item (naming it)."""
    if not rules.can_manage(user, campaign):
        raise PermissionDenied(f"只有活动办公室可以发布“{campaign.name}”的公示。")
    stage = _stage(stage)
    rows = checklist(campaign=campaign, stage=stage, starts_on=starts_on, ends_on=ends_on, on=on)
    blocking = [r["text"] for r in rows if r["blocking"] and not r["ok"]]
    if blocking:
        error = PhaseClosed if "阶段" in blocking[0] else ServiceError
        raise error("不能发布公示：" + clauses(blocking, end="。"))
    start, end = _date(starts_on, "", "starts_on"), _date(ends_on, "", "ends_on")
    pub = Publication.objects.create(
        campaign=campaign,
        stage=stage,
        title=f"关于{campaign.name}{stage.label}的公示",
        starts_on=start,
        ends_on=end,
        issuer=(issuer or campaign.issuer or "、".join(campaign.organisers or []) or campaign.owner.name).strip()[:200],
        contact=(contact or campaign.contact or "").strip(),
        note=(note or stage_config(campaign, stage).get("note") or "").strip(),
        published_by=user,
    )
    listed = []
    for _category, noms in listed_nominations(campaign, stage):
        for i, n in enumerate(noms, 1):
            n = Nomination.objects.select_for_update().get(pk=n.pk)
            if stage == Stage.SHORTLIST:
                change_status(n, Status.PUBLISHED, user=user, action="nomination.publish", extra={"publication": pub.pk})
            entry = _entry(pub, n, i)
            listed.append({"entry": entry.pk, "nomination": n.pk, "category": n.category.code, "title": entry.title})
    record(
        actor=user,
        action="publicity.publish",
        obj=pub,
        campaign=campaign,
        after={"stage": stage.value, "starts_on": start, "ends_on": end, "entries": listed},
    )
    from pingxuan.audit import anchors

    anchors.milestone(campaign=campaign, kind="publicity", label=pub.title)
    return pub


def finalise_issues(publication: Publication, on: datetime.date | None = None) -> list[str]:
    """Why the list cannot be final yet ([] when it can)."""
    on = on or today()
    issues = []
    if publication.status != PubStatus.OPEN:
        issues.append(f"该公示已于 {date_zh(timezone.localtime(publication.finalised_at))} 确定，不能重复确定。")
        return issues
    if on <= publication.ends_on:
        issues.append(f"公示期（{range_zh(publication.starts_on, publication.ends_on)}）尚未结束。")
    pending = Objection.objects.filter(publication=publication, status__in=OPEN_OBJECTIONS).count()
    if pending:
        issues.append(f"尚有 {pending} 件异议未处理完毕。")
    return issues


@transaction.atomic
def finalise(*, user: User | None, publication: Publication, on: datetime.date | None = None) -> Publication:
    """The period has ended and nothing is pending: the list is final (the remaining entries)."""
    if user is not None and not rules.can_manage(user, publication.campaign):
        raise PermissionDenied("只有活动办公室可以确定公示结果。")
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    issues = finalise_issues(publication, on)
    if issues:
        raise InvalidTransition("公示名单暂不能确定：" + "".join(issues))
    STATES.move(publication, PubStatus.FINAL)
    publication.finalised_at = timezone.now()
    publication.save(update_fields=["status", "finalised_at"])
    final = list(publication.entries.filter(state=EntryState.LISTED).values_list("nomination_id", flat=True))
    record(
        actor=user,
        action="publicity.finalise",
        obj=publication,
        campaign=publication.campaign_id,
        before={"status": PubStatus.OPEN.value},
        after={"status": PubStatus.FINAL.value, "final": final},
    )
    return publication


def final_list(publication: Publication) -> list[Entry]:
    return list(publication.entries.filter(state=EntryState.LISTED).select_related("nomination", "category"))


@every(3600, name="publicity.finalise")
def finalise_due(on: datetime.date | None = None) -> str:
    """Periodic duty: make final every list whose period has ended with no objection pending."""
    on = on or today()
    done = 0
    for pub in Publication.objects.filter(status=PubStatus.OPEN, ends_on__lt=on):
        if not finalise_issues(pub, on):
            finalise(user=None, publication=pub, on=on)
            done += 1
    return f"已确定 {done} 个公示名单"


def decision_items(campaign: Campaign, composed: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Where the campaign has shortlist publicity (公示), the listed nominations must have been published and the
    publicity period closed with nothing pending (the publicity office makes the list final)."""
    if not campaign.phases.filter(kind=PhaseKind.SHORTLIST_PUBLICITY).exists():
        return []
    items = []
    ids = [e["nomination"] for e in composed["entries"] if e["included"]]
    unpublished = list(
        Nomination.objects.filter(pk__in=ids).exclude(status=Status.PUBLISHED).order_by("id").values_list("title", flat=True)
    )
    if unpublished:
        items.append(
            _blocking_item("unpublished", "名单中尚未公示的申报", unpublished, "本活动设有入围公示阶段，名单须经公示后才能审定。")
        )
    open_pubs = list(
        Publication.objects.filter(campaign=campaign, stage="shortlist", status=PubStatus.OPEN)
        .order_by("id")
        .values_list("title", flat=True)
    )
    if open_pubs:
        items.append(
            _blocking_item("publicity_open", "公示尚未确定", open_pubs, "公示期结束且异议处理完毕、名单确定后才能审定。")
        )
    return items


def _blocking_item(key: str, label: str, detail: list[str], reason: str) -> dict[str, Any]:
    return {"key": key, "label": label, "blocking": True, "count": len(detail), "detail": detail, "reason": reason}
