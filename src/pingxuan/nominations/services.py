"""The nomination lifecycle (SPEC §4.2–4.5). One door per state change: `_transition` checks the table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pingxuan.audit.services import diff, record
from pingxuan.campaigns.models import Quota
from pingxuan.campaigns.services import check_phase
from pingxuan.core.chinese import date_zh
from pingxuan.core.display import clauses
from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError
from pingxuan.core.hooks import Hook
from pingxuan.core.notify import notify
from pingxuan.core.states import Transitions

from . import approval
from . import rules as nom_rules
from .fields import FILE_TYPES, check_values
from .models import RECEIVED_OR_LATER, ApprovalStep, Decision, Nomination, NominationVersion, PreReview, Status

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import date
    from typing import Any

    from pingxuan.campaigns.models import Campaign, Category, Phase
    from pingxuan.orgs.models import Organisation, User

TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.RECEIVED, Status.WITHDRAWN, Status.LAPSED, Status.DISQUALIFIED},
    Status.SUBMITTED: {
        Status.SUBMITTED,
        Status.RETURNED,
        Status.REJECTED,
        Status.RECEIVED,
        Status.WITHDRAWN,
        Status.DISQUALIFIED,
    },
    Status.RETURNED: {Status.SUBMITTED, Status.RECEIVED, Status.WITHDRAWN, Status.LAPSED, Status.DISQUALIFIED},
    Status.RECEIVED: {Status.PASSED, Status.FAILED, Status.DISQUALIFIED, Status.WITHDRAWN},
    Status.PASSED: {Status.CANDIDATE, Status.DISQUALIFIED, Status.WITHDRAWN},
    Status.FAILED: set(),
    # A campaign without shortlist publicity (常州) awards straight from the candidates or the shortlist: the
    # leading group's decision (results.services.decide) requires publication when the campaign has that phase.
    Status.CANDIDATE: {Status.SHORTLISTED, Status.AWARDED, Status.NOT_AWARDED, Status.DISQUALIFIED, Status.WITHDRAWN},
    Status.SHORTLISTED: {Status.PUBLISHED, Status.AWARDED, Status.NOT_AWARDED, Status.DISQUALIFIED, Status.WITHDRAWN},
    Status.PUBLISHED: {Status.AWARDED, Status.NOT_AWARDED, Status.DISQUALIFIED, Status.WITHDRAWN},
    Status.AWARDED: {Status.DISQUALIFIED},
    # A place left by a winner disqualified after the decision goes to the next in line (递补) where the policy says so.
    Status.NOT_AWARDED: {Status.AWARDED},
    Status.REJECTED: set(),
    Status.WITHDRAWN: set(),
    Status.LAPSED: set(),
    Status.DISQUALIFIED: set(),
}
# A decided winner was disqualified: the results area (certificates, honour roll, back-fill) registers its step here,
# run in the disqualifying transaction as fn(user=, nomination=, reason=).
WINNER_DISQUALIFIED = Hook("a decided winner was disqualified")
STATES = Transitions(Nomination, TRANSITIONS, message="“{old}”状态的申报不能变为“{new}”。")
LIVE = [s for s in Status.values if s not in {Status.WITHDRAWN, Status.LAPSED, Status.REJECTED, Status.DISQUALIFIED}]


def _transition(
    nomination: Nomination, new: str, *, user: User | None, action: str, reason: str = "", extra: dict[str, Any] | None = None
) -> None:
    old = STATES.move(nomination, new)
    if reason:
        nomination.reason = reason
    nomination.save()
    record(
        actor=user,
        action=action,
        obj=nomination,
        campaign=nomination.campaign_id,
        organisation=nomination.unit_id,
        before={"status": old},
        after={"status": new, **(extra or {})},
        reason=reason,
    )


def change_status(
    nomination: Nomination, new: str, *, user: User | None, action: str, reason: str = "", extra: dict[str, Any] | None = None
) -> Nomination:
    """The one door for other areas (review, selection, publicity, results) to move a nomination along its lifecycle.

    Checks the transition table and writes the audit event; the caller has already checked the user's permission
    and holds the row (select_for_update) inside its transaction.
    """
    _transition(nomination, new, user=user, action=action, reason=reason, extra=extra)
    return nomination


def snapshot(nomination: Nomination) -> dict[str, Any]:
    return {"title": nomination.title, "data": nomination.data, "rank": nomination.rank}


# Quotas and ranking -----------------------------------------------------------------------------------


def quota_for(category: Category, unit: Organisation) -> Quota | None:
    """The recommending unit whose quota covers `unit` in this category: the nearest ancestor-or-self with a quota row."""
    ids = [int(x) for x in unit.path.strip("/").split("/") if x]
    quotas = {
        q.organisation_id: q
        for q in Quota.objects.filter(category=category, organisation_id__in=ids).select_related("organisation")
    }
    for org_id in reversed(ids):
        if org_id in quotas:
            return quotas[org_id]
    return None


def _locked_quota(quota: Quota) -> Quota:
    return Quota.objects.select_for_update().get(pk=quota.pk)


def live_count(category: Category, recommender: Organisation, exclude: Nomination | None = None) -> int:
    qs = Nomination.objects.filter(category=category, recommender=recommender, status__in=LIVE)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.count()


def _check_room(quota: Quota, nomination: Nomination | None = None) -> None:
    used = live_count(quota.category, quota.organisation, exclude=nomination)
    if used >= quota.limit:
        raise ServiceError(
            f"“{quota.organisation.name}”在“{quota.category.name}”的推荐名额已满（{quota.limit_label}，已有 {used} 个）。",
            code="quota_full",
        )


def _title_of(category: Category, data: dict[str, Any]) -> str:
    for field in category.form.get("fields", []):
        if field["type"] == "text" and data.get(field["key"]):
            return str(data[field["key"]])[:120]
    return ""


@transaction.atomic
def create_nomination(
    *,
    user: User,
    category: Category,
    unit: Organisation,
    data: dict[str, Any] | None = None,
    subject: object = None,
    as_office: bool = False,
) -> Nomination:
    """A draft for `unit`. `as_office`: the campaign's office creates it for any unit of the campaign (its import of
    nominations for all units in one file); the unit's clerk then completes and submits it."""
    campaign = category.campaign
    if not (nom_rules.can_nominate_for(user, campaign, unit) or (as_office and nom_rules.can_import_for(user, campaign, unit))):
        raise PermissionDenied(f"您不是“{unit.name}”的经办人，不能为其申报。")
    check_phase(campaign, "nomination", organisation=unit, action="新建申报")
    quota = quota_for(category, unit)
    if quota is None:
        raise ServiceError(f"“{unit.name}”在“{category.name}”没有推荐名额。", code="no_quota")
    quota = _locked_quota(quota)
    _check_room(quota)
    clean, errors, _ = check_values(category.form, data or {}, final=False)
    if errors:
        raise ServiceError(
            clauses(errors.values(), end="。"),
            field=next(iter(errors)),
            details=[{"field": k, "message": v} for k, v in errors.items()],
        )
    rank = (
        Nomination.objects.filter(category=category, recommender=quota.organisation, status__in=LIVE).aggregate(m=Max("rank"))[
            "m"
        ]
        or 0
    ) + 1
    nomination = Nomination.objects.create(
        campaign=campaign,
        category=category,
        unit=unit,
        recommender=quota.organisation,
        data=clean,
        title=_title_of(category, clean),
        rank=rank,
        created_by=user,
    )
    record(
        actor=user, action="nomination.create", obj=nomination, campaign=campaign, organisation=unit, after=snapshot(nomination)
    )
    return nomination


def _editable(user: User, nomination: Nomination) -> Nomination:
    """The nomination locked for editing by `user` in the nomination phase, or the refusal that names the rule."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not nom_rules.can_edit(user, nomination):
        if nomination.status not in nom_rules.EDITABLE:
            raise InvalidTransition(f"“{Status(nomination.status).label}”状态的申报不能修改。")
        raise PermissionDenied("您不能修改这份申报。")
    check_phase(nomination.campaign, "nomination", organisation=nomination.unit, action="修改申报")
    return nomination


def _write_data(*, user: User, nomination: Nomination, clean: dict[str, Any], titled: dict[str, Any], reason: str = "") -> None:
    """Store the form's values and the title taken from `titled`; one audit event when something changed."""
    before = snapshot(nomination)
    nomination.data = clean
    nomination.title = _title_of(nomination.category, titled)
    nomination.save()
    b, a = diff(before, snapshot(nomination))
    if a:
        record(
            actor=user,
            action="nomination.update",
            obj=nomination,
            campaign=nomination.campaign_id,
            organisation=nomination.unit_id,
            before=b,
            after=a,
            reason=reason,
        )


@transaction.atomic
def update_nomination(*, user: User, nomination: Nomination, data: dict[str, Any] | None) -> dict[str, str]:
    """Save a draft (partial data allowed). Returns the warnings (e.g. 字数 outside the target)."""
    nomination = _editable(user, nomination)
    merged = {**nomination.data, **(data or {})}
    clean, errors, warnings = check_values(nomination.category.form, merged, final=False)
    if errors:
        raise ServiceError(
            clauses(errors.values(), end="。"),
            field=next(iter(errors)),
            details=[{"field": k, "message": v} for k, v in errors.items()],
        )
    _write_data(user=user, nomination=nomination, clean=clean, titled=clean)
    return warnings


@transaction.atomic
def save_draft(*, user: User, nomination: Nomination, data: dict[str, Any] | None) -> tuple[dict[str, str], dict[str, str]]:
    """Save a draft as typed: values that break a field's rule are kept as typed (so nothing the clerk wrote is
    lost) and reported; only submission requires every value to be valid. Returns (invalid, warnings), each
    {field key: message}. Keys the form does not have are refused as in update_nomination."""
    nomination = _editable(user, nomination)
    known = {f["key"] for f in nomination.category.form["fields"]}
    unknown = [k for k in (data or {}) if k not in known]
    if unknown:
        raise ServiceError(f"申报表中没有字段“{unknown[0]}”。", field=unknown[0])
    merged = {**nomination.data, **(data or {})}
    clean, invalid, warnings = check_values(nomination.category.form, merged, final=False)
    valid = {k: v for k, v in clean.items() if k not in invalid}
    reason = ("草稿中格式有误的字段：" + "、".join(sorted(invalid))) if invalid else ""
    _write_data(user=user, nomination=nomination, clean=clean, titled=valid, reason=reason)
    return invalid, warnings


def draft_problems(nomination: Nomination) -> dict[str, str]:
    """The saved draft's values that break their field's rule, {key: message} (shown until corrected)."""
    _, invalid, _ = check_values(nomination.category.form, nomination.data, final=False)
    return invalid


def file_counts(nomination: Nomination) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key in nomination.attachments.filter(is_active=True).values_list("field", flat=True):
        counts[key] = counts.get(key, 0) + 1
    return counts


def submission_problems(nomination: Nomination) -> dict[str, str]:
    """What stops a submission, field by field (empty when it may be submitted)."""
    _, errors, _ = check_values(nomination.category.form, nomination.data, final=True, file_counts=file_counts(nomination))
    return errors


@transaction.atomic
def submit_nomination(*, user: User, nomination: Nomination) -> Nomination:
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not nom_rules.can_nominate_for(user, nomination.campaign, nomination.unit):
        raise PermissionDenied("只有本单位经办人可以提交申报。")
    check_phase(nomination.campaign, "nomination", organisation=nomination.unit, action="提交申报")
    errors = submission_problems(nomination)
    if errors:
        raise ServiceError(
            "申报表未填写完整：" + clauses(errors.values(), end="。"),
            code="incomplete",
            details=[{"field": k, "message": v} for k, v in errors.items()],
        )
    from .eligibility import submission_refusal

    # 常州: “运行一年以上” — a failing automatic check stops the clerk, naming the rule and the date it needs.
    refusal = submission_refusal(nomination)
    if refusal:
        raise ServiceError(refusal, code="ineligible")
    quota = quota_for(nomination.category, nomination.recommender)
    if quota is None:
        raise ServiceError(
            f"“{nomination.recommender.name}”在“{nomination.category.name}”没有推荐名额，不能提交。", code="no_quota"
        )
    quota = _locked_quota(quota)
    _check_room(quota, nomination)
    returned_at = nomination.level if nomination.status == Status.RETURNED else 0
    resubmission = nomination.status == Status.RETURNED
    if resubmission:
        nomination.version += 1
    nomination.level = returned_at if (resubmission and nomination.category.resubmit_from == "same") else 0
    nomination.round += 1
    nomination.submitted_at = timezone.now()
    NominationVersion.objects.create(
        nomination=nomination,
        version=nomination.version,
        data=nomination.data,
        attachments=_attachment_list(nomination),
        event="submitted",
        created_by=user,
    )
    levels = approval.levels(nomination.category)
    level_kind = prereview_level(nomination.campaign)
    if level_kind and not any(lv.get("org_kind") == level_kind for lv in levels):
        _check_prereviewed(nomination, nomination.recommender)  # no level of that kind: the submission is the report
    target = Status.SUBMITTED if levels else Status.RECEIVED
    if target == Status.RECEIVED:
        nomination.received_at = timezone.now()
    _transition(
        nomination,
        target,
        user=user,
        action="nomination.submit",
        extra={"version": nomination.version, "level": nomination.level},
    )
    if levels:
        _notify_approvers(nomination)
    return nomination


def _attachment_list(nomination: Nomination) -> list[dict[str, Any]]:
    return [
        {"id": a.pk, "field": a.field, "file": a.file.name, "name": a.original_name}
        for a in nomination.attachments.filter(is_active=True)
    ]


def _notify_approvers(nomination: Nomination) -> None:
    from pingxuan.orgs.models import Membership

    org = approval.approver_org(nomination, nomination.level)
    if org is None:
        return
    level = approval.levels(nomination.category)[nomination.level]
    people = [
        m.user
        for m in Membership.objects.filter(
            organisation=org, role__in=approval.approver_roles(nomination, org), is_active=True
        ).select_related("user")
    ]
    notify(people, "待审核申报", f"“{nomination.title}”（{nomination.category.name}）等待您填写“{level['title']}”。")


@transaction.atomic
def decide(*, user: User, nomination: Nomination, decision: str, opinion: str, seal: bool = True) -> Nomination:
    """An approver's agree / return / reject at the current level, with the opinion and the seal."""
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("campaign__owner", "category", "unit", "recommender")
        .get(pk=nomination.pk)
    )
    if decision not in Decision.values:
        raise ServiceError(f"审核结论“{decision}”无效，可选：同意、退回修改、不同意。", field="decision")
    opinion = (opinion or "").strip()
    if not opinion:
        raise ServiceError("请填写审核意见。", field="opinion")
    if len(opinion) > 2000:
        raise ServiceError("审核意见不能超过 2000 个字。", field="opinion")
    if nomination.status != Status.SUBMITTED:
        raise InvalidTransition(f"“{Status(nomination.status).label}”状态的申报不在审核中。")
    if not approval.is_their_turn(user, nomination):
        raise PermissionDenied("现在不是您所在层级审核这份申报。")
    levels = approval.levels(nomination.category)
    level = levels[nomination.level]
    org = approval.approver_org(nomination, nomination.level)
    assert org is not None  # is_their_turn found the level's organisation
    ApprovalStep.objects.create(
        nomination=nomination,
        level=nomination.level,
        level_key=level["key"],
        level_title=level["title"],
        round=nomination.round,
        version=nomination.version,
        decision=decision,
        opinion=opinion,
        organisation=org,
        sealed=bool(seal and level.get("seal", True)),
        seal_file=(org.seal.name or "") if (seal and org.seal) else "",
        approver=user,
    )
    if decision == Decision.AGREE and level.get("org_kind") == prereview_level(nomination.campaign):
        _check_prereviewed(nomination, org)
    extra = {"level": level["key"], "decision": decision, "opinion": opinion}
    if decision == Decision.AGREE and nomination.level + 1 < len(levels):
        nomination.level += 1
        _transition(nomination, Status.SUBMITTED, user=user, action="nomination.approve", extra=extra)
        _notify_approvers(nomination)
    elif decision == Decision.AGREE:
        nomination.received_at = timezone.now()
        _transition(nomination, Status.RECEIVED, user=user, action="nomination.approve", extra=extra)
        notify([nomination.created_by], "申报已报送", f"“{nomination.title}”已通过全部审核，报送评选活动办公室。")
    elif decision == Decision.RETURN:
        _transition(nomination, Status.RETURNED, user=user, action="nomination.return", reason=opinion, extra=extra)
        notify([nomination.created_by], "申报被退回修改", f"“{nomination.title}”被“{level['title']}”退回修改：{opinion}")
    else:
        _transition(nomination, Status.REJECTED, user=user, action="nomination.reject", reason=opinion, extra=extra)
        notify([nomination.created_by], "申报未通过审核", f"“{nomination.title}”未通过“{level['title']}”：{opinion}")
    return nomination


def decide_many(
    *, user: User, nomination_ids: Iterable[Any], decision: str, opinion: str, seal: bool = True
) -> list[dict[str, Any]]:
    """The approver's select-all: the same decision and opinion for each selected nomination, each through `decide`
    (its own transaction and audit event). Returns one row per nomination; a refused one is reported, not fatal."""
    from pingxuan.core.bulk import parse_ids, run_each

    ids = parse_ids(nomination_ids)
    if decision not in Decision.values:
        raise ServiceError(f"审核结论“{decision}”无效，可选：同意、退回修改、不同意。", field="decision")
    opinion = (opinion or "").strip()
    if not opinion:
        raise ServiceError("请填写审核意见（将作为每一份所选申报的审核意见）。", field="opinion")
    if len(opinion) > 2000:
        raise ServiceError("审核意见不能超过 2000 个字。", field="opinion")
    rows = Nomination.objects.filter(pk__in=ids).select_related("campaign__owner", "category", "unit", "recommender")
    found = {n.pk: n for n in rows if nom_rules.can_view_nomination(user, n)}
    return run_each(ids, found, lambda n: decide(user=user, nomination=n, decision=decision, opinion=opinion, seal=seal))


@transaction.atomic
def withdraw(*, user: User, nomination: Nomination, reason: str) -> Nomination:
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not nom_rules.can_nominate_for(user, nomination.campaign, nomination.unit):
        raise PermissionDenied("只有本单位经办人可以撤回申报。")
    if not (reason or "").strip():
        raise ServiceError("请填写撤回原因。", field="reason")
    _transition(nomination, Status.WITHDRAWN, user=user, action="nomination.withdraw", reason=reason.strip())
    return nomination


@transaction.atomic
def disqualify(*, user: User, nomination: Nomination, reason: str) -> Nomination:
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not nom_rules.can_manage(user, nomination.campaign):
        raise PermissionDenied("只有活动办公室可以取消资格。")
    if not (reason or "").strip():
        raise ServiceError("取消资格须写明原因。", field="reason")
    was = nomination.status
    _transition(nomination, Status.DISQUALIFIED, user=user, action="nomination.disqualify", reason=reason.strip())
    if was == Status.AWARDED:
        # A decided winner: certificate revoked, honour roll and back-fill policy, in this same transaction.
        WINNER_DISQUALIFIED(user=user, nomination=nomination, reason=reason.strip())
    return nomination


@transaction.atomic
def withdraw_on_request(*, user: User, nomination: Nomination, reason: str) -> Nomination:
    """撤回 at the recommending unit's request, after the office has received the nomination (the clerk's own
    撤回 covers drafts): the office records it with the unit's reason; the nomination leaves the lists and tallies
    as a withdrawn one, not as disqualified."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not nom_rules.can_manage(user, nomination.campaign):
        raise PermissionDenied("只有活动办公室可以按推荐单位的申请撤回推荐对象。")
    if not (reason or "").strip():
        raise ServiceError("应单位申请撤回须写明单位的申请理由。", field="reason")
    _transition(
        nomination,
        Status.WITHDRAWN,
        user=user,
        action="nomination.withdraw_on_request",
        reason=f"应{nomination.recommender.name}申请撤回：{reason.strip()}",
    )
    return nomination


@transaction.atomic
def set_ranking(*, user: User, category: Category, recommender: Organisation, order: Sequence[int]) -> None:
    """排序表: the unit's nominations in order; the rank is the form's number. Alternates come after the quota."""
    if not nom_rules.can_nominate_for(user, category.campaign, recommender) and not nom_rules.can_manage(user, category.campaign):
        raise PermissionDenied(f"您不能调整“{recommender.name}”的排序。")
    live = {
        n.pk: n
        for n in Nomination.objects.select_for_update().filter(category=category, recommender=recommender, status__in=LIVE)
    }
    if sorted(order) != sorted(live):
        raise ServiceError("排序须包含本单位在该奖项下的全部有效申报，且每个只出现一次。", field="order")
    before = {pk: n.rank for pk, n in live.items()}
    if any(n.status in RECEIVED_OR_LATER for n in live.values()):
        _check_no_reordering_into_vacancy(category, recommender, live, order)
    for rank, pk in enumerate(order, start=1):
        live[pk].rank = rank
    Nomination.objects.bulk_update(live.values(), ["rank"])
    record(
        actor=user,
        action="nomination.rank",
        object_type="nominations.ranking",
        object_id=f"{category.pk}:{recommender.pk}",
        object_repr=f"{recommender.name} · {category.name} 排序表",
        campaign=category.campaign_id,
        organisation=recommender.pk,
        before={str(k): v for k, v in before.items()},
        after={str(pk): i for i, pk in enumerate(order, start=1)},
    )


def _places(category: Category, recommender: Organisation) -> list[Nomination]:
    """The unit's places in rank order: its live nominations and the places left vacant by a nomination disqualified
    after the office received it (a vacated place keeps its number: nobody moves up without a recorded step)."""
    from django.db.models import Q

    return list(
        Nomination.objects.filter(category=category, recommender=recommender)
        .filter(Q(status__in=LIVE) | Q(status=Status.DISQUALIFIED, received_at__isnull=False))
        .order_by("rank", "id")
    )


def _check_no_reordering_into_vacancy(
    category: Category, recommender: Organisation, live: dict[int, Nomination], order: Sequence[int]
) -> None:
    """Once the list is received, renumbering may not move an alternate into a formal place (nor close a vacancy):
    that is back-fill, done only by `fill_vacancy` where the policy allows it."""
    quota = Quota.objects.filter(category=category, organisation=recommender).first()
    if quota is None:
        return
    formal = {n.pk for n, alternate in ranking(category, recommender) if not alternate}
    vacant = len(vacancies(category).get(recommender.pk, []))
    after = set(order[: max(quota.nominate_max - vacant, 0)])
    moved = [live[pk] for pk in order if pk in after and pk not in formal]
    if moved:
        names = "、".join(f"“{n}”" for n in moved)
        rule = NO_BACKFILL + "，" if not backfill_policy(category.campaign) else ""
        raise ServiceError(
            f"{rule}名单报送后，递补对象{names}不能调入正式推荐名额（递补须由活动办公室记录递补）。",
            field="order",
            code="no_backfill",
        )


def ranking(category: Category, recommender: Organisation) -> list[tuple[Nomination, bool]]:
    """(nomination, is_alternate) of the unit's live nominations in rank order. The quota's first places are the
    formal nominations, the rest alternates (递补对象); a place vacated after the list was received still counts, so
    an alternate never moves into it by position alone (see `fill_vacancy`)."""
    quota = Quota.objects.filter(category=category, organisation=recommender).first()
    return [(n, quota is None or quota.is_alternate(i)) for i, n in enumerate(_places(category, recommender)) if n.status in LIVE]


def alternate_ids(category: Category) -> set[int]:
    """Ids of the category's live nominations that are alternates (递补对象) by their unit's ranking."""
    out = set()
    for q in Quota.objects.filter(category=category, alternates__gt=0):
        out |= {n.pk for n, alternate in ranking(category, q.organisation) if alternate}
    return out


def vacancies(category: Category) -> dict[int, list[Nomination]]:
    """{recommender_id: [nominations whose formal place fell vacant after the list was received]}."""
    out: dict[int, list[Nomination]] = {}
    for q in Quota.objects.filter(category=category).select_related("organisation"):
        for i, n in enumerate(_places(category, q.organisation)):
            if n.status == Status.DISQUALIFIED and not q.is_alternate(i):
                out.setdefault(q.organisation_id, []).append(n)
    return out


def backfill_policy(campaign: Campaign) -> bool:
    """True when a formal place that falls vacant may be filled by the unit's next alternate (by a recorded step,
    `fill_vacancy`); False for “出缺名额不再递补” (河北). The one place where the policy is read."""
    return bool((campaign.policies or {}).get("backfill_alternates", True))


NO_BACKFILL = "本活动规定“出缺名额不再递补”"


@transaction.atomic
def fill_vacancy(*, user: User, vacated: Nomination, reason: str) -> Nomination:
    """The office's recorded step that moves the unit's next alternate into the place of `vacated` (a formal
    nomination disqualified after the list was received). Refused when the campaign's policy forbids back-fill.
    The two nominations exchange their numbers in the unit's ranking; the audit event keeps both. Returns the
    alternate now formal."""
    vacated = Nomination.objects.select_for_update().select_related("campaign", "category", "recommender").get(pk=vacated.pk)
    campaign = vacated.campaign
    if not nom_rules.can_manage(user, campaign):
        raise PermissionDenied("只有活动办公室可以安排递补。")
    if not backfill_policy(campaign):
        raise ServiceError(f"{NO_BACKFILL}，“{vacated}”的名额保持空缺。", code="no_backfill")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("递补须写明理由。", field="reason")
    if vacated.status != Status.DISQUALIFIED or vacated.received_at is None:
        raise InvalidTransition(f"“{vacated}”不是报送后被取消资格的申报，没有出缺名额。")
    quota = quota_for(vacated.category, vacated.recommender)
    if quota is None:
        raise ServiceError(f"“{vacated.recommender.name}”在“{vacated.category.name}”没有推荐名额，无法递补。", code="no_quota")
    places = _places(vacated.category, vacated.recommender)
    at = next(i for i, n in enumerate(places) if n.pk == vacated.pk)
    if quota.is_alternate(at):
        raise ServiceError(f"“{vacated}”是递补对象，不占正式推荐名额，无须递补。")
    alternate = next(
        (n for i, n in enumerate(places) if quota.is_alternate(i) and n.status in LIVE and n.status != Status.FAILED), None
    )
    if alternate is None:
        raise ServiceError(f"“{vacated.recommender.name}”没有可递补的对象，名额空缺。")
    alternate = Nomination.objects.select_for_update().get(pk=alternate.pk)
    before = {"vacated": [vacated.pk, vacated.rank], "alternate": [alternate.pk, alternate.rank]}
    vacated.rank, alternate.rank = alternate.rank, vacated.rank
    Nomination.objects.bulk_update([vacated, alternate], ["rank"])
    record(
        actor=user,
        action="nomination.backfill",
        obj=alternate,
        campaign=campaign,
        organisation=alternate.unit_id,
        before=before,
        after={"vacated": [vacated.pk, vacated.rank], "alternate": [alternate.pk, alternate.rank]},
        reason=reason,
    )
    return alternate


def lapse_refusal(campaign: Campaign, phase: Phase | None, on: date) -> str | None:
    """Why the deadline may not be applied now, or None."""
    if phase is None:
        return "本活动没有设置申报推荐阶段，无法执行逾期处理。"
    if not (campaign.policies or {}).get("late_is_withdrawn", True):
        return f"“{campaign.name}”未设置“逾期未报视为自动放弃”，不能执行逾期处理。"
    if on <= phase.ends_on:
        return f"申报推荐阶段于{date_zh(phase.ends_on)}截止，截止后才能将逾期未报的申报视为自动放弃。"
    return None


@transaction.atomic
def lapse_overdue(*, campaign: Campaign, on: date | None = None, user: User | None = None) -> list[Nomination]:
    """After the nomination phase (and any unit's extension), drafts and returned forms are treated as withdrawn."""
    from pingxuan.campaigns.services import phase_window, today

    if user is not None and not nom_rules.can_manage(user, campaign):
        raise PermissionDenied("只有活动办公室可以执行申报截止。")
    on = on or today()
    phase = campaign.phases.filter(kind="nomination").first()
    lapsed: list[Nomination] = []
    if phase is None or not (campaign.policies or {}).get("late_is_withdrawn", True):
        return lapsed
    for nomination in (
        Nomination.objects.select_for_update()
        .filter(campaign=campaign, status__in=[Status.DRAFT, Status.RETURNED])
        .select_related("unit")
    ):
        if on > phase_window(phase, nomination.unit)[1]:
            _transition(nomination, Status.LAPSED, user=user, action="nomination.lapse", reason="逾期未报，视为自动放弃")
            lapsed.append(nomination)
    return lapsed


# Pre-review (预审) ----------------------------------------------------------------------------------------


PREREVIEW_RULE = "正式上报推荐对象前，要先与活动办公室沟通（预审）"


def prereview_level(campaign: Campaign) -> str | None:
    """The organisation kind that sends the pre-review and whose formal report waits for the office's reply, when the
    campaign requires pre-review at a named level (河北: the city or 省直机关 leading group, `recommending_unit`); None
    when pre-review is optional (`pre_review` without `pre_review_level`) or absent."""
    policies = campaign.policies or {}
    if not policies.get("pre_review"):
        return None
    return policies.get("pre_review_level") or None


def _check_prereviewed(nomination: Nomination, org: Organisation) -> None:
    """Refuse the formal report of `nomination` by `org` until `org` has sent it for pre-review and the office has
    replied."""
    replied = PreReview.objects.filter(
        campaign=nomination.campaign, unit=org, nominations=nomination, commented_at__isnull=False
    ).exists()
    if replied:
        return
    sent = PreReview.objects.filter(campaign=nomination.campaign, unit=org, nominations=nomination).exists()
    state = "已报送预审，尚未收到活动办公室的回复" if sent else f"尚未由“{org.name}”报送活动办公室预审"
    raise ServiceError(f"本活动规定{PREREVIEW_RULE}：“{nomination}”{state}，不能正式上报。", code="prereview_required")


@transaction.atomic
def send_prereview(
    *, user: User, campaign: Campaign, unit: Organisation, nominations: Iterable[Nomination], note: str = ""
) -> PreReview:
    if not campaign.policies.get("pre_review"):
        raise ServiceError("本活动未设置正式上报前的预审环节。")
    if not nom_rules.can_nominate_for(user, campaign, unit):
        raise PermissionDenied(f"您不是“{unit.name}”的经办人。")
    from pingxuan.orgs.models import OrgKind

    level = prereview_level(campaign)
    if level and unit.kind != level:
        raise ServiceError(
            f"本活动规定{PREREVIEW_RULE}，预审由{OrgKind(level).label}报送；"
            f"“{unit.name}”是{OrgKind(unit.kind).label}，不能报送预审。",
            field="unit",
        )
    nominations = list(nominations)
    if not nominations:
        raise ServiceError("请选择要预审的申报。", field="nominations")
    for n in nominations:
        if n.campaign_id != campaign.pk or not n.unit.path.startswith(unit.path):
            raise ServiceError(f"“{n}”不是本单位在本活动中的申报。", field="nominations")
    pre = PreReview.objects.create(campaign=campaign, unit=unit, note=(note or "").strip(), sent_by=user)
    pre.nominations.set(nominations)
    record(
        actor=user,
        action="prereview.send",
        obj=pre,
        campaign=campaign,
        organisation=unit,
        after={"nominations": [n.pk for n in nominations], "note": pre.note},
    )
    return pre


@transaction.atomic
def comment_prereview(*, user: User, prereview: PreReview, comment: str) -> PreReview:
    if not nom_rules.can_manage(user, prereview.campaign):
        raise PermissionDenied("只有活动办公室可以回复预审。")
    comment = (comment or "").strip()
    if not comment:
        raise ServiceError("请填写预审意见。", field="comment")
    before = prereview.comment
    prereview.comment, prereview.commented_by, prereview.commented_at = comment, user, timezone.now()
    prereview.save()
    record(
        actor=user,
        action="prereview.comment",
        obj=prereview,
        campaign=prereview.campaign,
        organisation=prereview.unit,
        before={"comment": before},
        after={"comment": comment},
    )
    notify([prereview.sent_by], "预审意见", f"活动办公室对您报送的预审名单回复：{comment}")
    return prereview


def file_fields(category: Category) -> list[dict[str, Any]]:
    return [f for f in category.form.get("fields", []) if f["type"] in FILE_TYPES]
