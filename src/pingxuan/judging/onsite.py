"""On-site scoring (常州 汇报展示会, SPEC §6): presentations in order; judges score the current one from their
phones; the big screen shows who has scored and, once the organiser releases it, the (trimmed) score."""

from django.db import transaction

from pingxuan.audit.services import record
from pingxuan.core.errors import NotFound, PermissionDenied, ServiceError
from pingxuan.nominations.models import Nomination

from . import aggregation, panels, rules
from .models import OnsiteSession, ScoreSheet, SheetKind


def _office(user, campaign, what):
    if not rules.can_manage(user, campaign):
        raise PermissionDenied(f"只有本活动的活动办公室可以{what}。")


@transaction.atomic
def create_session(*, user, category, title, order=None):
    _office(user, category.campaign, "安排汇报展示会")
    panels.get_panel(category)
    pool = [n.pk for n in panels.pool(category)]
    ids = [int(x) for x in order] if order else pool
    bad = [str(pk) for pk in ids if pk not in pool]
    if bad:
        raise ServiceError(f"以下申报不在本奖项的评审范围内（或已取消资格）：{'、'.join(bad)}。", field="order")
    if len(set(ids)) != len(ids) or not ids:
        raise ServiceError("出场顺序不能为空，且每个申报只能出现一次。", field="order")
    title = (title or "").strip() or f"{category.name}汇报展示会"
    session = OnsiteSession.objects.create(category=category, title=title, order=ids, created_by=user)
    record(
        actor=user,
        action="judging.onsite.create",
        obj=session,
        campaign=category.campaign_id,
        after={"order": ids, "title": title},
    )
    return session


@transaction.atomic
def set_current(*, user, session, position):
    session = OnsiteSession.objects.select_for_update().select_related("category__campaign").get(pk=session.pk)
    _office(user, session.category.campaign, "切换汇报对象")
    if position is not None and not (1 <= int(position) <= len(session.order)):
        raise ServiceError(f"出场序号应在 1 到 {len(session.order)} 之间。", field="position")
    before = session.current
    session.current = int(position) if position is not None else None
    session.save(update_fields=["current"])
    record(
        actor=user,
        action="judging.onsite.current",
        obj=session,
        campaign=session.category.campaign_id,
        before={"current": before},
        after={"current": session.current},
    )
    return session


@transaction.atomic
def release(*, user, session, nomination_id):
    session = OnsiteSession.objects.select_for_update().select_related("category__campaign").get(pk=session.pk)
    _office(user, session.category.campaign, "公布现场得分")
    if nomination_id not in session.order:
        raise ServiceError("该申报不在本场出场顺序中。", field="nomination")
    if nomination_id not in session.released:
        session.released = [*session.released, nomination_id]
        session.save(update_fields=["released"])
        record(
            actor=user,
            action="judging.onsite.release",
            obj=session,
            campaign=session.category.campaign_id,
            after={"nomination": nomination_id},
        )
    return session


def current_nomination(session):
    if not session.current:
        return None
    pk = session.order[session.current - 1]
    return Nomination.objects.filter(pk=pk, status__in=rules.JUDGEABLE).select_related("unit", "category").first()


def judges_of(session):
    """Panel judges who may score on site, with the (judge_id, nomination_id) pairs they must sit out."""
    panel = panels.get_panel(session.category)
    judges = list(panel.judges.order_by("id"))
    noms = list(Nomination.objects.filter(pk__in=session.order).select_related("unit"))
    return judges, panels.blocked_pairs(panel, judges, noms)


def check_can_score(user, nomination):
    """A judge may score a nomination on site only while it is the current presentation of a session of its
    category, only as a panel member without a conflict with it."""
    for session in OnsiteSession.objects.filter(category=nomination.category_id, current__isnull=False):
        if session.order[session.current - 1] == nomination.pk:
            judges, blocked = judges_of(session)
            if user.pk in {j.pk for j in judges} and (user.pk, nomination.pk) not in blocked:
                return session
    raise NotFound("未找到该现场评分任务。")


def visible_session(user, pk):
    """Sessions are seen by the office and by the panel's judges; anyone else gets 404."""
    session = OnsiteSession.objects.select_related("category__campaign__owner").filter(pk=pk).first()
    if session is None:
        raise NotFound("未找到该汇报展示会。")
    if rules.can_view_results(user, session.category.campaign):
        return session
    if session.category.panel.judges.filter(pk=user.pk).exists():
        return session
    raise NotFound("未找到该汇报展示会。")


def board(session):
    """The big screen's data: each presentation with who has scored and, when released, its score."""
    judges, blocked = judges_of(session)
    noms = {n.pk: n for n in Nomination.objects.filter(pk__in=session.order).select_related("unit")}
    sheets = {}
    for s in ScoreSheet.objects.filter(nomination_id__in=session.order, kind=SheetKind.ONSITE, submitted=True):
        sheets.setdefault(s.nomination_id, {})[s.judge_id] = s.total
    rows = []
    for position, pk in enumerate(session.order, 1):
        n = noms[pk]
        done = sheets.get(pk, {})
        counted = [t for j, t in done.items() if (j, pk) not in blocked and n.status in rules.SCORED]
        summary = aggregation.summarise(counted, trim=session.category.trim)
        rows.append(
            {
                "position": position,
                "nomination": n,
                "current": session.current == position,
                "disqualified": n.status not in rules.SCORED,
                "judges": [{"judge": j, "scored": j.pk in done, "excused": (j.pk, pk) in blocked} for j in judges],
                "scored": len(counted),
                "expected": sum(1 for j in judges if (j.pk, pk) not in blocked),
                "released": pk in session.released,
                "score": summary["score"] if pk in session.released else None,
                "trimmed": summary["trimmed"] is not None,
            }
        )
    return rows
