"""Panels of judges per category, assignment of nominations and conflicts of interest (SPEC §6).

A judge is never given a nomination whose unit lies inside one of their own organisation subtrees (the
organisations of their memberships), nor one they declared a conflict with; a disqualified nomination is
never given at all.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q

from pingxuan.audit.services import record
from pingxuan.core.errors import InvalidTransition, NotFound, ServiceError
from pingxuan.nominations.models import Nomination
from pingxuan.orgs.models import Role, User

from . import rules
from .access import require_manage
from .models import Assignment, Conflict, Panel, ScoreSheet, SheetKind


def eligible_judges(campaign):
    """Users holding the judge role for this campaign (or for every campaign)."""
    return (
        User.objects.filter(memberships__role=Role.JUDGE, memberships__is_active=True)
        .filter(Q(memberships__campaign=campaign) | Q(memberships__campaign__isnull=True))
        .distinct()
        .order_by("id")
    )


@transaction.atomic
def set_panel(*, user, category, judges, name=""):
    """Create or change the panel of a category; every member must hold the judge role for the campaign."""
    campaign = category.campaign
    require_manage(user, campaign, "组建评审组")
    allowed = set(eligible_judges(campaign).values_list("pk", flat=True))
    ids = []
    for j in judges:
        pk = getattr(j, "pk", j)
        if pk not in allowed:
            raise ServiceError(f"用户 {pk} 不是本活动的专家评委，不能加入评审组。", field="judges")
        if pk not in ids:
            ids.append(pk)
    panel = Panel.objects.filter(category=category).first()
    before = sorted(panel.judges.values_list("pk", flat=True)) if panel else []
    if panel is None:
        panel = Panel.objects.create(category=category, name=name or f"{category.name}评审组", created_by=user)
    elif name:
        panel.name = name
        panel.save(update_fields=["name"])
    removed = set(before) - set(ids)
    if removed and ScoreSheet.objects.filter(nomination__category=category, judge_id__in=removed).exists():
        raise ServiceError("已打分的评委不能移出评审组。", field="judges")
    Assignment.objects.filter(panel=panel, judge_id__in=removed).update(is_active=False)
    panel.judges.set(ids)
    record(
        actor=user,
        action="judging.panel.set",
        obj=panel,
        campaign=campaign.pk,
        before={"judges": before},
        after={"judges": sorted(ids), "name": panel.name},
    )
    return panel


def get_panel(category):
    panel = Panel.objects.filter(category=category).first()
    if panel is None:
        raise ServiceError(f"奖项“{category.name}”还没有评审组，请先组建评审组。", code="no_panel")
    return panel


def pool(category):
    return list(Nomination.objects.filter(category=category, status__in=rules.JUDGEABLE).select_related("unit").order_by("id"))


def blocked_pairs(panel, judges, nominations):
    """{(judge_id, nomination_id)} that may never be assigned: own subtree or a declared conflict."""
    paths = rules.judge_paths(judges, panel.category.campaign)
    blocked = set(Conflict.objects.filter(nomination__category=panel.category).values_list("judge_id", "nomination_id"))
    for j in judges:
        for n in nominations:
            if rules.in_own_subtree(paths[j.pk], n):
                blocked.add((j.pk, n.pk))
    return blocked


@transaction.atomic
def assign(*, user, category, mode="all", k=None):
    """Assign the pool to the panel: `all` judges, or `balanced` so each nomination gets ≥ k judges with even
    workload. Existing assignments are kept; conflicts are left out. Returns the number of new assignments."""
    require_manage(user, category.campaign, "分配评审任务")
    panel = get_panel(category)
    judges = list(panel.judges.order_by("id"))
    if not judges:
        raise ServiceError("评审组还没有评委。", field="judges")
    nominations = pool(category)
    blocked = blocked_pairs(panel, judges, nominations)
    existing = set(Assignment.objects.filter(panel=panel, is_active=True).values_list("judge_id", "nomination_id"))
    ended = set(Assignment.objects.filter(panel=panel, is_active=False).values_list("judge_id", "nomination_id"))
    new = []
    if mode == "all":
        new = [(j.pk, n.pk) for n in nominations for j in judges if (j.pk, n.pk) not in blocked | existing]
    elif mode == "balanced":
        if not k or k < 1:
            raise ServiceError("均衡分配须给出每份申报的评委人数 k（≥ 1）。", field="k")
        if k > len(judges):
            raise ServiceError(f"每份申报 {k} 名评委，但评审组只有 {len(judges)} 名评委。", field="k")
        load = {j.pk: 0 for j in judges}
        for j, _ in existing:
            load[j] = load.get(j, 0) + 1
        short = []
        for n in nominations:
            have = {j for j, nid in existing if nid == n.pk}
            free = [j.pk for j in judges if j.pk not in have and (j.pk, n.pk) not in blocked]
            free.sort(key=lambda j: (load[j], j))
            need = max(0, k - len(have))
            if len(free) < need:
                short.append(n.title or str(n.pk))
            for j in free[:need]:
                new.append((j, n.pk))
                load[j] += 1
        if short:
            raise ServiceError(f"以下申报回避后可用评委不足 {k} 名：{'、'.join(short)}。", field="k")
    else:
        raise ServiceError(f"分配方式“{mode}”无效，可选：all（全体评委）、balanced（均衡分配）。", field="mode")
    reactivate = [pair for pair in new if pair in ended]
    for j, n in reactivate:
        Assignment.objects.filter(panel=panel, judge_id=j, nomination_id=n).update(is_active=True)
    Assignment.objects.bulk_create([Assignment(panel=panel, judge_id=j, nomination_id=n) for j, n in new if (j, n) not in ended])
    record(
        actor=user,
        action="judging.assign",
        obj=panel,
        campaign=category.campaign_id,
        after={"mode": mode, "k": k, "new": len(new)},
    )
    return len(new)


def judge_assignments(user, category=None, campaign=None):
    """The judge's active assignments: never a disqualified or withdrawn nomination."""
    qs = Assignment.objects.filter(judge=user, is_active=True, nomination__status__in=rules.JUDGEABLE)
    if category is not None:
        qs = qs.filter(nomination__category=category)
    if campaign is not None:
        qs = qs.filter(nomination__campaign=campaign)
    return qs.select_related("nomination__unit", "nomination__recommender", "nomination__category__campaign")


def alias(panel_id, nomination_id):
    """A blind category's name for a nomination inside one panel: a keyed hash of (panel, nomination), so judges of
    different panels see different names, and nothing a judge sees maps back to the nomination or its unit. Only the
    office sees the mapping (the panel page)."""
    key = ("pingxuan.blind-alias:" + settings.SECRET_KEY).encode()
    digest = hmac.new(key, f"{panel_id}:{nomination_id}".encode(), hashlib.sha256).hexdigest()
    return "N" + digest[:9].upper()


def judge_ref(assignment):
    """How a judge's pages, links and API name an assigned nomination: its id, or in a blind category its alias."""
    if assignment.nomination.category.blind:
        return alias(assignment.panel_id, assignment.nomination_id)
    return assignment.nomination_id


def find_assignment(user, ref):
    """The judge's assignment named by `ref` (see judge_ref), or NotFound (404). A blind category's nomination is
    found only by its alias: asking by id finds nothing, so a judge cannot match aliases to ids."""
    ref = str(ref).strip().upper()
    qs = judge_assignments(user)
    if ref.isdigit():
        a = qs.filter(nomination_id=int(ref)).first()
        if a is not None and not a.nomination.category.blind:
            return a
    elif ref.startswith("N"):
        for a in qs.filter(nomination__category__blind=True):
            if hmac.compare_digest(alias(a.panel_id, a.nomination_id), ref):
                return a
    raise NotFound("未找到该评审任务。")


def get_assignment(user, nomination_id):
    """The judge's assignment of this nomination, or NotFound (404): nothing else exists for a judge."""
    a = judge_assignments(user).filter(nomination_id=nomination_id).first()
    if a is None:
        raise NotFound("未找到该评审任务。")
    return a


@transaction.atomic
def declare_conflict(*, user, nomination_id, reason):
    """A judge declares a conflict of interest; the assignment ends and moves to the least-loaded free judge."""
    a = get_assignment(user, nomination_id)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("声明回避须写明理由。", field="reason")
    sheet = ScoreSheet.objects.filter(judge=user, nomination_id=nomination_id, kind=SheetKind.EXPERT).first()
    if sheet and sheet.submitted:
        raise InvalidTransition("评分表已提交，不能再声明回避；请联系活动办公室。")
    Conflict.objects.create(judge=user, nomination_id=nomination_id, reason=reason)
    a.is_active = False
    a.save(update_fields=["is_active"])
    panel = a.panel
    nomination = a.nomination
    judges = list(panel.judges.order_by("id"))
    taken = set(Assignment.objects.filter(nomination=nomination).values_list("judge_id", flat=True))
    blocked = blocked_pairs(panel, judges, [nomination])
    free = [j.pk for j in judges if j.pk not in taken and (j.pk, nomination.pk) not in blocked]
    loads = dict(
        Assignment.objects.filter(panel=panel, is_active=True, judge_id__in=free)
        .values_list("judge_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    free.sort(key=lambda j: (loads.get(j, 0), j))
    moved_to = None
    if free:
        moved_to = free[0]
        Assignment.objects.create(panel=panel, judge_id=moved_to, nomination=nomination)
    record(
        actor=user,
        action="judging.conflict",
        obj=nomination,
        campaign=nomination.campaign_id,
        reason=reason,
        after={"judge": user.pk, "moved_to": moved_to},
    )
    return moved_to
