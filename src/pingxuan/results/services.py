"""Staged result lists and the leading group's decision (SPEC §8). Each function checks permission and state, makes
the change and writes the audit event in one transaction; nomination statuses move only through
`nominations.services.change_status`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError
from pingxuan.core.hooks import Hook
from pingxuan.core.states import Transitions
from pingxuan.nominations.models import Nomination, Status
from pingxuan.nominations.services import change_status

from . import rules
from .checklist import blocking_message, category_items
from .models import Decision, DecisionEntry, ListStatus, ResultEntry, ResultList, Stage, Vacancy
from .proposal import BEFORE_SHORTLIST, compose
from .tally import tally

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

    from pingxuan.campaigns.models import Campaign, Category
    from pingxuan.orgs.models import User

MINUTES_MAX = 5000
# The certificates area revokes a disqualified winner's valid certificates: fn(user=, nomination=, reason=) -> [revoked].
REVOKE_CERTIFICATES = Hook("revoke a disqualified winner's certificates")
# Areas that hold up the decision add checklist items: fn(campaign, composed) -> [item] (the publicity area: 公示).
DECISION_CHECKS = Hook("checklist items before the decision")
LIST_STATES = Transitions(
    ResultList,
    {
        ListStatus.DRAFT: {ListStatus.APPLIED, ListStatus.SUPERSEDED},
        ListStatus.APPLIED: {ListStatus.SUPERSEDED},
        ListStatus.SUPERSEDED: set(),
    },
    message="“{old}”的名单不能变为“{new}”。",
)


def _stage(stage: str) -> str:
    if stage not in Stage.values:
        raise ServiceError(f"名单阶段“{stage}”不正确，应为 shortlist（入围名单）或 final（最终名单）。", field="stage")
    return stage


def _snapshot(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"nomination": r["nomination"], "title": r["title"], "rank": r["rank"], "total": r["total"], "status": r["status"]}
        for r in rows
    ]


def stage_list(
    *,
    user: User,
    category: Category,
    stage: str,
    nomination_ids: Iterable[Any] | None = None,
    reasons: Mapping[Any, str] | None = None,
) -> ResultList:
    """A private draft list for a category: by default the ranking's selection; explicit ids may depart from it only
    with a written reason per nomination. A new draft supersedes the older draft of the same category and stage."""
    campaign = category.campaign
    if not rules.can_stage(user, campaign):
        raise PermissionDenied("只有活动办公室或领导小组成员可以拟定名单。")
    _stage(stage)
    if Decision.objects.filter(campaign=campaign).exists():
        raise InvalidTransition("本活动已作出审定决定，名单不能再拟定。")
    composed = compose(category, stage, nomination_ids=nomination_ids, reasons=reasons)
    with transaction.atomic():
        now = timezone.now()
        older = list(ResultList.objects.select_for_update().filter(category=category, stage=stage, status=ListStatus.DRAFT))
        for old in older:
            LIST_STATES.move(old, ListStatus.SUPERSEDED)
            old.superseded_at = now
            old.save(update_fields=["status", "superseded_at"])
        result_list = ResultList.objects.create(
            campaign=campaign, category=category, stage=stage, ranking=_snapshot(composed["rows"]), created_by=user
        )
        ResultEntry.objects.bulk_create([ResultEntry(result_list=result_list, **e) for e in _model_entries(composed)])
        record(
            actor=user,
            action="results.list.stage",
            obj=result_list,
            campaign=campaign,
            after=_summary(result_list.stage, composed["entries"]) | {"superseded": [o.pk for o in older]},
        )
    return result_list


def _model_entries(composed: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k != "nomination"} | {"nomination_id": e["nomination"]} for e in composed["entries"]]


def _summary(stage: str, entries: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "stage": stage,
        "included": [e["nomination"] for e in entries if e["included"]],
        "departures": [
            {"nomination": e["nomination"], "departure": e["departure"], "reason": e["reason"]} for e in entries if e["departure"]
        ],
    }


def entry_dicts(result_list: ResultList) -> list[dict[str, Any]]:
    return [
        {
            "nomination": e.nomination_id,
            "included": e.included,
            "position": e.position,
            "rank": e.rank,
            "total": e.total,
            "tier": e.tier,
            "departure": e.departure,
            "reason": e.reason,
        }
        for e in result_list.entries.all()
    ]


def checklist(result_list: ResultList) -> list[dict[str, Any]]:
    return category_items(result_list.category, result_list.stage, entry_dicts(result_list))


def apply_list(*, user: User, result_list: ResultList) -> ResultList:
    """Apply a draft at once. A shortlist moves its nominations candidate → shortlisted; the previously applied list
    of the same category and stage is superseded. Blocking checklist items refuse with their message."""
    campaign = result_list.campaign
    if not rules.can_stage(user, campaign):
        raise PermissionDenied("只有活动办公室或领导小组成员可以使名单生效。")
    with transaction.atomic():
        result_list = ResultList.objects.select_for_update().select_related("category__campaign").get(pk=result_list.pk)
        if result_list.status != ListStatus.DRAFT:
            raise InvalidTransition(f"“{result_list.get_status_display()}”的名单不能再生效，请重新拟定。")
        if Decision.objects.filter(campaign=campaign).exists():
            raise InvalidTransition("本活动已作出审定决定，名单不能再生效。")
        entries = entry_dicts(result_list)
        message = blocking_message(category_items(result_list.category, result_list.stage, entries), "使名单生效")
        if message:
            raise ServiceError(message, code="checklist")
        included = [e["nomination"] for e in entries if e["included"]]
        if result_list.stage == Stage.SHORTLIST:
            _apply_shortlist(user, result_list, included)
        now = timezone.now()
        previous = list(
            ResultList.objects.select_for_update().filter(
                category=result_list.category, stage=result_list.stage, status=ListStatus.APPLIED
            )
        )
        for old in previous:
            LIST_STATES.move(old, ListStatus.SUPERSEDED)
            old.superseded_at = now
            old.save(update_fields=["status", "superseded_at"])
        LIST_STATES.move(result_list, ListStatus.APPLIED)
        result_list.applied_by = user
        result_list.applied_at = now
        result_list.save(update_fields=["status", "applied_by", "applied_at"])
        record(
            actor=user,
            action="results.list.apply",
            obj=result_list,
            campaign=campaign,
            before={"status": ListStatus.DRAFT},
            after={"status": ListStatus.APPLIED, "superseded": [o.pk for o in previous], **_summary(result_list.stage, entries)},
        )
    return result_list


def _apply_shortlist(user: User, result_list: ResultList, included: list[int]) -> None:
    noms = {n.pk: n for n in Nomination.objects.select_for_update().filter(category=result_list.category)}
    kept = [n for n in noms.values() if n.status in (Status.SHORTLISTED, Status.PUBLISHED) and n.pk not in included]
    if kept:
        names = "、".join(f"“{n.title}”" for n in sorted(kept, key=lambda n: n.pk))
        raise InvalidTransition(f"{names}已入围，入围不能撤回；新名单须包含已入围的申报（如须取消资格，请走取消资格程序）。")
    for pk in included:
        n = noms[pk]
        if n.status == Status.CANDIDATE:
            change_status(n, Status.SHORTLISTED, user=user, action="nomination.shortlisted", extra={"list": result_list.pk})


def final_entries(category: Category, reasons: Mapping[Any, str] | None) -> tuple[ResultList | None, dict[str, Any]]:
    """The final list of one category: the applied final list re-checked against today's ranking (its reasons kept,
    new ones from `reasons`), or the ranking's own selection when no final list was staged."""
    applied = ResultList.objects.filter(category=category, stage=Stage.FINAL, status=ListStatus.APPLIED).first()
    if applied is None:
        return None, compose(category, Stage.FINAL, reasons=reasons)
    stored = entry_dicts(applied)
    merged = {e["nomination"]: e["reason"] for e in stored if e["reason"]}
    merged.update({int(k): v for k, v in (reasons or {}).items() if (v or "").strip()})
    ids = [e["nomination"] for e in stored if e["included"]]
    return applied, compose(category, Stage.FINAL, nomination_ids=ids, reasons=merged)


def decide(*, user: User, campaign: Campaign, minutes: str = "", reasons: Mapping[Any, str] | None = None) -> Decision:
    """The leading group's decision: confirms the final list of every category; listed nominations → awarded, other
    live ones → not_awarded. Departures from the ranking need written reasons, which are kept."""
    if not rules.can_decide(user, campaign):
        raise PermissionDenied("只有领导小组成员可以审定最终名单。")
    minutes = (minutes or "").strip()
    if len(minutes) > MINUTES_MAX:
        raise ServiceError(f"会议纪要不能超过 {MINUTES_MAX} 个字符。", field="minutes")
    categories = list(campaign.categories.order_by("sort_order", "id"))
    with transaction.atomic():
        if Decision.objects.select_for_update().filter(campaign=campaign).exists():
            raise InvalidTransition("本活动已作出审定决定，不能重复审定。")
        plans = []
        problems = []
        for category in categories:
            applied, composed = final_entries(category, reasons)
            items = category_items(category, Stage.FINAL, composed["entries"]) + publicity_items(campaign, composed)
            message = blocking_message(items, f"审定“{category.name}”")
            if message:
                problems.append(message)
            plans.append((category, applied, composed))
        if problems:
            raise ServiceError(" ".join(problems), code="checklist")
        if not minutes:
            raise ServiceError("审定须写明会议纪要（会议时间、参会人员和审定意见），记入审定决定。", field="minutes")
        decision = Decision.objects.create(campaign=campaign, decided_by=user, minutes=minutes)
        out = {}
        for category, applied, composed in plans:
            DecisionEntry.objects.bulk_create(
                [DecisionEntry(decision=decision, category=category, **e) for e in _model_entries(composed)]
            )
            out[category.code] = _summary(Stage.FINAL, composed["entries"]) | {"list": applied.pk if applied else None}
            _award(user, decision, category, composed)
        from pingxuan.nominations.eligibility import exemptions

        listed = [pk for summary in out.values() for pk in summary["included"]]
        after = {"categories": out, "exemptions": exemptions(listed)}
        record(actor=user, action="results.decide", obj=decision, campaign=campaign, after=after, reason=minutes)
        from pingxuan.audit import anchors

        anchors.milestone(campaign=campaign, kind="decision", label=f"审定决定 #{decision.pk}")
    return decision


def publicity_items(campaign: Campaign, composed: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The checklist items other areas add before the decision (DECISION_CHECKS: the shortlist publicity, 公示)."""
    return [item for items in DECISION_CHECKS(campaign, composed) for item in items]


def _blocking(key: str, label: str, detail: list[str], reason: str) -> dict[str, Any]:
    return {"key": key, "label": label, "blocking": True, "count": len(detail), "detail": detail, "reason": reason}


def _award(user: User, decision: Decision, category: Category, composed: Mapping[str, Any]) -> None:
    listed = {e["nomination"] for e in composed["entries"] if e["included"]}
    live = Nomination.objects.select_for_update().filter(category=category, status__in=BEFORE_SHORTLIST).order_by("id")
    for n in live:
        new = Status.AWARDED if n.pk in listed else Status.NOT_AWARDED
        change_status(n, new, user=user, action=f"nomination.{new}", extra={"decision": decision.pk})


def final_winners(campaign: Campaign) -> list[dict[str, Any]]:
    """[{"category": Category, "winners": [{"nomination", "tier", "position"}]}] from the latest decision, leaving out
    nominations disqualified since and putting in their place whoever the back-fill policy brought in (递补).
    Empty when no decision has been recorded."""
    decision = Decision.objects.filter(campaign=campaign).order_by("-id").first()
    if decision is None:
        return []
    entries = (
        DecisionEntry.objects.filter(decision=decision, included=True)
        .exclude(nomination__status=Status.DISQUALIFIED)
        .select_related("nomination__unit", "nomination__category", "category")
        .order_by("position")
    )
    by_cat: dict[int, list[dict[str, Any]]] = {}
    for e in entries:
        by_cat.setdefault(e.category_id, []).append({"nomination": e.nomination, "tier": e.tier, "position": e.position})
    backfills = (
        Vacancy.objects.filter(decision=decision, outcome=Vacancy.Outcome.BACKFILLED, backfill__status=Status.AWARDED)
        .select_related("backfill__unit", "backfill__category")
        .order_by("id")
    )
    for v in backfills:
        by_cat.setdefault(v.category_id, []).append({"nomination": v.backfill, "tier": v.tier, "position": v.position})
    for winners in by_cat.values():
        winners.sort(key=lambda w: (w["position"] is None, w["position"] or 0, w["nomination"].pk))
    return [{"category": c, "winners": by_cat.get(c.pk, [])} for c in campaign.categories.order_by("sort_order", "id")]


def _place_of(decision: Decision, nomination: Nomination) -> tuple[Category, int | None, str]:
    """The winner's place in the decided list: its decision entry, or the vacancy it back-filled."""
    entry = DecisionEntry.objects.filter(decision=decision, nomination=nomination, included=True).first()
    if entry is not None:
        return entry.category, entry.position, entry.tier
    v = Vacancy.objects.filter(decision=decision, backfill=nomination).first()
    if v is not None:
        return v.category, v.position, v.tier
    return nomination.category, None, ""


def _next_in_line(decision: Decision, category: Category, nomination: Nomination) -> Nomination | None:
    """The best-ranked nomination of the tally that the decision did not award (未获评), within the disqualified
    winner's recommending unit when the category selects by each unit's award quota (荆门). A nomination the leading
    group left out of the list against its rank (with a written reason) is not brought back by a back-fill."""
    by_unit = bool((category.selection or {}).get("by_unit_quota"))
    taken = set(Vacancy.objects.filter(decision=decision).exclude(backfill=None).values_list("backfill_id", flat=True))
    taken |= set(
        DecisionEntry.objects.filter(decision=decision, included=False).exclude(reason="").values_list("nomination_id", flat=True)
    )
    for row in tally(category):
        if row["status"] != Status.NOT_AWARDED or row["nomination"] in taken:
            continue
        if by_unit and row["recommender_id"] != nomination.recommender_id:
            continue
        return Nomination.objects.select_for_update().get(pk=row["nomination"])
    return None


def winner_disqualified(*, user: User, nomination: Nomination, reason: str) -> Vacancy | None:
    """A decided winner was disqualified (the caller has changed the status in this transaction): revoke its valid
    certificates with the published reason (the verification page then says 已撤销), which also takes it off the
    honour roll, and apply the campaign's back-fill policy to its place — the next in line is awarded (递补) or the
    place stays vacant (出缺名额不再递补). One audit event records the whole step."""
    from pingxuan.nominations.services import backfill_policy as policy

    campaign = nomination.campaign
    decision = Decision.objects.select_for_update().filter(campaign=campaign).order_by("-id").first()
    if decision is None:
        return None
    category, position, tier = _place_of(decision, nomination)
    revoked = [c for found in REVOKE_CERTIFICATES(user=user, nomination=nomination, reason=reason) for c in found]
    backfill, outcome = None, Vacancy.Outcome.VACANT
    if not policy(campaign):
        note = "出缺名额不再递补"
    else:
        backfill = _next_in_line(decision, category, nomination)
        if backfill is None:
            note = "无可递补对象，名额空缺"
        else:
            outcome, note = Vacancy.Outcome.BACKFILLED, f"由“{backfill}”递补"
            change_status(
                backfill,
                Status.AWARDED,
                user=user,
                action="nomination.backfill",
                extra={"decision": decision.pk, "replaces": nomination.pk},
            )
    vacancy = Vacancy.objects.create(
        campaign=campaign,
        decision=decision,
        category=category,
        nomination=nomination,
        position=position,
        tier=tier,
        reason=reason,
        outcome=outcome,
        note=note,
        backfill=backfill,
        created_by=user,
    )
    record(
        actor=user,
        action="results.winner.disqualify",
        obj=vacancy,
        campaign=campaign,
        reason=reason,
        after={
            "nomination": nomination.pk,
            "decision": decision.pk,
            "certificates_revoked": [c.serial for c in revoked],
            "policy": "backfill" if policy(campaign) else "vacant",
            "outcome": outcome,
            "backfill": backfill.pk if backfill else None,
            "note": note,
        },
    )
    return vacancy
