"""On-site scoring (常州 汇报展示会, SPEC §6): presentations in order; judges score the current one from their
phones; the big screen shows who has scored and, once the organiser releases it, the (trimmed) score."""

from django.db import transaction

from pingxuan.audit.services import record
from pingxuan.core.errors import InvalidTransition, NotFound, ServiceError
from pingxuan.nominations.models import Nomination

from . import aggregation, panels, rules
from .access import require_manage
from .models import OnsiteSession, ScoreSheet, SheetKind


@transaction.atomic
def create_session(*, user, category, title, order=None):
    require_manage(user, category.campaign, "安排汇报展示会")
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
    require_manage(user, session.category.campaign, "切换汇报对象")
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


def _absent(session, nomination_id):
    """{judge_id: reason} of the judges closed as absent for this presentation."""
    return {int(k): v for k, v in (session.absent or {}).get(str(nomination_id), {}).items()}


def missing_judges(session, nomination_id):
    """Panel judges (not excused by a conflict, not closed as absent) who have not submitted for this presentation."""
    judges, blocked = judges_of(session)
    absent = _absent(session, nomination_id)
    done = set(
        ScoreSheet.objects.filter(nomination_id=nomination_id, kind=SheetKind.ONSITE, submitted=True).values_list(
            "judge_id", flat=True
        )
    )
    return [j for j in judges if (j.pk, nomination_id) not in blocked and j.pk not in absent and j.pk not in done]


def _locked_session(user, session, what):
    session = OnsiteSession.objects.select_for_update().select_related("category__campaign").get(pk=session.pk)
    require_manage(user, session.category.campaign, what)
    return session


def _title(nomination_id):
    n = Nomination.objects.filter(pk=nomination_id).first()
    return str(n) if n else str(nomination_id)


@transaction.atomic
def release(*, user, session, nomination_id):
    """公布得分: only once every judge of the panel has submitted (or been closed as absent by the office); from then on
    the presentation's sheets are locked."""
    session = _locked_session(user, session, "公布现场得分")
    if nomination_id not in session.order:
        raise ServiceError("该申报不在本场出场顺序中。", field="nomination")
    missing = missing_judges(session, nomination_id)
    if missing and nomination_id not in session.released:
        names = "、".join(str(j) for j in missing)
        raise ServiceError(
            f"评委未全部提交评分，不能公布“{_title(nomination_id)}”的得分：还有 {len(missing)} 位评委（{names}）未提交。"
            "未到场的评委须由活动办公室登记缺席并写明原因。",
            code="judges_missing",
        )
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


@transaction.atomic
def mark_absent(*, user, session, nomination_id, judge_id, reason):
    """The office closes a judge who did not score a presentation as absent, with the reason (recorded)."""
    session = _locked_session(user, session, "登记评委缺席")
    if nomination_id not in session.order:
        raise ServiceError("该申报不在本场出场顺序中。", field="nomination")
    if nomination_id in session.released:
        raise InvalidTransition(f"“{_title(nomination_id)}”的得分已公布，不能再登记缺席。")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("登记评委缺席须写明原因。", field="reason")
    if len(reason) > 1000:
        raise ServiceError("缺席原因不能超过 1000 个字。", field="reason")
    missing = {j.pk: j for j in missing_judges(session, nomination_id)}
    if judge_id not in missing:
        raise ServiceError("该评委不是本场未提交评分的评委（已提交、已回避或不在评审组）。", field="judge")
    absent = dict(session.absent or {})
    absent[str(nomination_id)] = {**absent.get(str(nomination_id), {}), str(judge_id): reason}
    session.absent = absent
    session.save(update_fields=["absent"])
    record(
        actor=user,
        action="judging.onsite.absent",
        obj=session,
        campaign=session.category.campaign_id,
        after={"nomination": nomination_id, "judge": judge_id, "reason": reason},
        reason=reason,
    )
    return session


@transaction.atomic
def reopen(*, user, session, nomination_id, reason):
    """The office reopens a released score (e.g. a judge's sheet was wrongly entered): the screen's number is taken
    back and, once released again, marked 已修正. Recorded with the reason."""
    session = _locked_session(user, session, "重新开放已公布的得分")
    if nomination_id not in session.released:
        raise InvalidTransition(f"“{_title(nomination_id)}”的得分尚未公布，无须重新开放。")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("重新开放已公布的得分须写明原因。", field="reason")
    if len(reason) > 1000:
        raise ServiceError("原因不能超过 1000 个字。", field="reason")
    shown = next((r["score"] for r in board(session) if r["nomination"].pk == nomination_id), None)
    session.released = [pk for pk in session.released if pk != nomination_id]
    if nomination_id not in session.revised:
        session.revised = [*session.revised, nomination_id]
    session.save(update_fields=["released", "revised"])
    record(
        actor=user,
        action="judging.onsite.reopen",
        obj=session,
        campaign=session.category.campaign_id,
        before={"nomination": nomination_id, "released_score": shown},
        after={"nomination": nomination_id, "released": False},
        reason=reason,
    )
    return session


def released_lock(nomination):
    """Refuse a change to a presentation's on-site sheets once its score is released."""
    for session in OnsiteSession.objects.filter(category=nomination.category_id):
        if nomination.pk in (session.released or []):
            raise InvalidTransition(f"“{nomination}”的现场得分已公布，评分已锁定；如须更正，由活动办公室写明原因重新开放。")


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
        if session.order[session.current - 1] == nomination.pk:  # type: ignore[operator]  # current__isnull=False
            judges, blocked = judges_of(session)
            if user.pk in {j.pk for j in judges} and (user.pk, nomination.pk) not in blocked:
                if user.pk in _absent(session, nomination.pk):
                    raise InvalidTransition("活动办公室已登记您本场缺席，不能再为该汇报打分。")
                released_lock(nomination)
                return session
    raise NotFound("未找到该现场评分任务。")


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
        absent = _absent(session, pk)
        rows.append(
            {
                "position": position,
                "nomination": n,
                "current": session.current == position,
                "disqualified": n.status not in rules.SCORED,
                "judges": [
                    {
                        "judge": j,
                        "scored": j.pk in done,
                        "excused": (j.pk, pk) in blocked,
                        "absent": absent.get(j.pk, "") if j.pk not in done else "",
                    }
                    for j in judges
                ],
                "scored": len(counted),
                "expected": sum(1 for j in judges if (j.pk, pk) not in blocked and not (j.pk in absent and j.pk not in done)),
                "released": pk in session.released,
                "revised": pk in (session.revised or []),
                "score": summary["score"] if pk in session.released else None,
                "trimmed": summary["trimmed"] is not None,
            }
        )
    return rows
