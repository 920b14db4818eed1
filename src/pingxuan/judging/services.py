"""Preliminary review (初审) and candidate selection (SPEC §5). Panels and assignments are in `panels.py`,
score sheets and results in `scoring.py`, the on-site session in `onsite.py`.

Nominations move only through `nominations.services.change_status`, after the office's permission check here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.campaigns.services import check_phase_if_set
from pingxuan.core.display import clauses
from pingxuan.core.errors import InvalidTransition, ServiceError
from pingxuan.nominations import services as nom_services
from pingxuan.nominations.eligibility import checklist as eligibility_checklist
from pingxuan.nominations.eligibility import refusal as eligibility_refusal
from pingxuan.nominations.models import Nomination, Status

from . import rules
from .access import require_manage
from .models import CandidateDraft, ReviewRecord

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from django.db.models import QuerySet

    from pingxuan.campaigns.models import Category
    from pingxuan.orgs.models import User

DECISIONS = {"pass": Status.PASSED, "fail": Status.FAILED}


def _locked(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update()
        .select_related("campaign__owner", "category", "unit", "recommender")
        .get(pk=nomination.pk)
    )


# 初审 --------------------------------------------------------------------------------------------------


@transaction.atomic
def review(*, user: User, nomination: Nomination, decision: str, reason: str = "") -> Nomination:
    """Pass or fail a received nomination; a failure needs its reason. The checklist seen is kept."""
    nomination = _locked(nomination)
    require_manage(user, nomination.campaign, "进行初审")
    check_phase_if_set(nomination.campaign, "preliminary_review", action="进行初审")
    if decision not in DECISIONS:
        raise ServiceError(f"初审结论“{decision}”无效，可选：pass（通过）、fail（不通过）。", field="decision")
    reason = (reason or "").strip()
    if decision == "fail" and not reason:
        raise ServiceError("初审不通过须写明理由。", field="reason")
    if len(reason) > 2000:
        raise ServiceError("理由不能超过 2000 个字。", field="reason")
    if nomination.status != Status.RECEIVED:
        raise InvalidTransition(f"“{Status(nomination.status).label}”状态的申报不在初审中（须为“已报送”）。")
    items = eligibility_checklist(nomination)
    if decision == "pass":
        refusal = eligibility_refusal(nomination, "初审通过", items)
        if refusal:
            raise ServiceError(refusal, code="ineligible")
    ReviewRecord.objects.create(nomination=nomination, decision=decision, reason=reason, checklist=items, reviewer=user)
    nom_services.change_status(
        nomination,
        DECISIONS[decision],
        user=user,
        action=f"judging.review.{decision}",
        reason=reason,
        extra={"checklist": [{"key": i["key"], "state": i["state"]} for i in items]},
    )
    return nomination


def review_many(
    *, user: User, category: Category, nomination_ids: Iterable[Any], decision: str, reason: str = ""
) -> list[dict[str, Any]]:
    """The office's select-all 初审: the same conclusion for each selected nomination of the category, each through
    `review` (its own transaction, checklist record and audit event). One row per nomination; refusals are per item."""
    from pingxuan.core.bulk import parse_ids, run_each

    require_manage(user, category.campaign, "进行初审")
    ids = parse_ids(nomination_ids)
    if decision not in DECISIONS:
        raise ServiceError(f"初审结论“{decision}”无效，可选：pass（通过）、fail（不通过）。", field="decision")
    reason = (reason or "").strip()
    if decision == "fail" and not reason:
        raise ServiceError("初审不通过须写明理由（将作为每一份所选申报的理由）。", field="reason")
    if len(reason) > 2000:
        raise ServiceError("理由不能超过 2000 个字。", field="reason")
    found = Nomination.objects.filter(category=category, pk__in=ids).in_bulk()
    return run_each(
        ids,
        found,
        lambda n: review(user=user, nomination=n, decision=decision, reason=reason),
        missing="编号为 {pk} 的申报不在奖项“" + category.name + "”中。",
    )


def disqualify(*, user: User, nomination: Nomination, reason: str) -> Nomination:
    """取消资格 at any later point, with the reason; every later stage leaves the nomination out."""
    return nom_services.disqualify(user=user, nomination=nomination, reason=reason)


def _ineligible(nominations: Iterable[Nomination]) -> list[str]:
    """One line per nomination whose automatic eligibility check is open (failing without exemption, 待核实 without
    the office's verification)."""
    from pingxuan.nominations.eligibility import open_items, open_text

    out = []
    for n in nominations:
        items = open_items(n)
        if items:
            out.append(open_text(n, items))
    return out


def review_queue(category: Category) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(category=category, status=Status.RECEIVED)
        .select_related("unit", "recommender")
        .order_by("recommender__path", "rank", "id")
    )


# 候选名单 -------------------------------------------------------------------------------------------------


def target(category: Category) -> int | None:
    return (category.selection or {}).get("candidates")


def draft_of(category: Category) -> CandidateDraft | None:
    return CandidateDraft.objects.filter(category=category).first()


@transaction.atomic
def stage_candidates(*, user: User, category: Category, nomination_ids: Iterable[Any]) -> CandidateDraft:
    """Save the office's private draft of the candidate list (nothing changes for the nominations yet)."""
    require_manage(user, category.campaign, "拟定候选名单")
    ids = []
    for raw in nomination_ids:
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            raise ServiceError(f"申报编号“{raw}”不是整数。", field="nominations")
        if pk not in ids:
            ids.append(pk)
    found = dict(Nomination.objects.filter(category=category, pk__in=ids).values_list("pk", "status"))
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ServiceError(f"以下申报不在奖项“{category.name}”中：{'、'.join(missing)}。", field="nominations")
    wrong = [str(pk) for pk in ids if found[pk] not in (Status.PASSED, Status.CANDIDATE)]
    if wrong:
        raise ServiceError(f"只有初审通过的申报可以列入候选名单，以下申报不符合：{'、'.join(wrong)}。", field="nominations")
    ineligible = _ineligible(Nomination.objects.filter(pk__in=ids).select_related("category", "campaign"))
    if ineligible:
        raise ServiceError("以下申报不符合评选条件，不能列入候选名单：" + clauses(ineligible, end="。"), field="nominations")
    limit = target(category)
    if limit and len(ids) > limit:
        raise ServiceError(f"候选名单最多 {limit} 个，现拟定 {len(ids)} 个。", field="nominations")
    draft, _ = CandidateDraft.objects.update_or_create(
        category=category, defaults={"nomination_ids": ids, "updated_by": user, "applied_at": None}
    )
    record(
        actor=user,
        action="judging.candidates.stage",
        obj=draft,
        campaign=category.campaign_id,
        after={"nominations": ids},
    )
    return draft


def open_items(category: Category) -> tuple[list[str], list[str]]:
    """What is still open before the staged list can be applied: (blocking, warnings), both lists of text."""
    blocking, warnings = [], []
    draft = draft_of(category)
    ids = draft.nomination_ids if draft else []
    unreviewed = Nomination.objects.filter(category=category, status=Status.RECEIVED).count()
    if unreviewed:
        blocking.append(f"还有 {unreviewed} 份已报送的申报未初审。")
    if not ids:
        blocking.append("候选名单为空。")
    statuses = dict(Nomination.objects.filter(pk__in=ids).values_list("pk", "status"))
    gone = [pk for pk in ids if statuses.get(pk) not in (Status.PASSED, Status.CANDIDATE)]
    if gone:
        blocking.append(f"拟定名单中有 {len(gone)} 份申报已不是初审通过状态（如已取消资格），请先移出。")
    ineligible = _ineligible(Nomination.objects.filter(pk__in=ids).select_related("category", "campaign"))
    if ineligible:
        blocking.append("拟定名单中有不符合评选条件的申报：" + clauses(ineligible, end="。"))
    limit = target(category)
    if limit and 0 < len(ids) < limit:
        warnings.append(f"拟定 {len(ids)} 个，少于候选数 {limit} 个。")
    passed_out = Nomination.objects.filter(category=category, status=Status.PASSED).exclude(pk__in=ids).count()
    if passed_out:
        warnings.append(f"另有 {passed_out} 份初审通过的申报未列入名单，应用后仍为“初审通过”。")
    return blocking, warnings


@transaction.atomic
def apply_candidates(*, user: User, category: Category) -> list[int]:
    """Make every staged nomination a candidate in one transaction; refuse while anything blocking is open."""
    require_manage(user, category.campaign, "确定候选名单")
    draft = CandidateDraft.objects.select_for_update().filter(category=category).first()
    blocking, _ = open_items(category)
    if blocking:
        raise ServiceError("候选名单尚不能确定：" + "".join(blocking), code="open_items")
    assert draft is not None  # an empty or missing draft is blocking
    changed = []
    for nomination in Nomination.objects.select_for_update().filter(pk__in=draft.nomination_ids).order_by("pk"):
        if nomination.status == Status.PASSED:
            nom_services.change_status(nomination, Status.CANDIDATE, user=user, action="judging.candidates.apply")
            changed.append(nomination.pk)
    draft.applied_at = timezone.now()
    draft.save(update_fields=["applied_at"])
    record(
        actor=user,
        action="judging.candidates.applied",
        obj=draft,
        campaign=category.campaign_id,
        after={"nominations": draft.nomination_ids, "changed": changed},
    )
    return changed


def candidates(category: Category) -> list[Nomination]:
    return list(
        Nomination.objects.filter(category=category, status__in=rules.JUDGEABLE[1:])
        .select_related("unit", "recommender")
        .order_by("recommender__path", "rank", "id")
    )
