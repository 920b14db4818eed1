"""“Open the next phase now” and “close this phase now”: the office moves a phase's dates to today instead of editing
the timeline by hand. The step needs a written reason, is validated with the whole configuration and is recorded as
one audit event with the dates before and after."""

import datetime

from django.db import transaction

from pingxuan.audit.services import record
from pingxuan.core.chinese import date_zh, range_zh
from pingxuan.core.errors import PermissionDenied, ServiceError

from . import config as cfgmod
from . import rules as campaign_rules
from .models import PHASE_ORDER, PhaseKind

OPEN, CLOSE = "open", "close"


def named(phase):
    """“申报推荐阶段”, “初审阶段” (no doubled 阶段)."""
    return f"“{phase.name}”" if phase.name.endswith("阶段") else f"“{phase.name}”阶段"


def plan(campaign, kind, op, on=None):
    """(phase, new start, new end, summary lines) or a ServiceError naming why the step does not apply."""
    from .services import today

    on = on or today()
    phase = campaign.phases.filter(kind=kind).first()
    if phase is None:
        raise ServiceError(f"本活动没有“{PhaseKind(kind).label if kind in PhaseKind.values else kind}”阶段。", field="kind")
    label = f"{named(phase)}（原定 {range_zh(phase.starts_on, phase.ends_on)}）"
    if op == CLOSE:
        if not (phase.starts_on <= on <= phase.ends_on):
            raise ServiceError(f"{label}不在进行中，不能立即结束。", field="kind")
        end = on - datetime.timedelta(days=1)
        start = min(phase.starts_on, end)
        lines = [f"{label}改为 {date_zh(end)} 结束，今天起不再开放。"]
        if kind == "nomination":
            lines.append("经办人不能再修改、提交申报（已获延期的单位在延期内除外）。")
        if kind == "voting":
            lines.append("群众投票页面不再接受投票。")
        return phase, start, end, lines
    if op == OPEN:
        if phase.starts_on <= on:
            raise ServiceError(f"{label}已经开始，不需要立即开始。", field="kind")
        start = on
        end = max(phase.ends_on, on)
        lines = [f"{label}改为今天（{date_zh(on)}）开始，至 {date_zh(end)} 结束。"]
        before = [p for p in campaign.phases.all() if PHASE_ORDER.index(p.kind) < PHASE_ORDER.index(kind) and p.ends_on >= on]
        if before:
            names = "、".join(named(p) for p in before)
            lines.append(f"前面仍在进行的{names}不受影响；如需一并结束，请对其单独操作“立即结束”。")
        return phase, start, end, lines
    raise ServiceError("操作应为“立即开始”（open）或“立即结束”（close）。", field="op")


def move_phase_now(*, user, campaign, kind, op, reason):
    if not campaign_rules.can_configure(user, campaign):
        raise PermissionDenied(f"只有活动办公室可以调整“{campaign.name}”的阶段。")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请写明调整阶段的理由。", field="reason")
    phase, start, end, _lines = plan(campaign, kind, op)
    before = {"starts_on": phase.starts_on.isoformat(), "ends_on": phase.ends_on.isoformat()}
    data = cfgmod.export_config(campaign)
    for item in data["phases"]:
        if item["kind"] == kind:
            item["start"], item["end"] = start.isoformat(), end.isoformat()
    with transaction.atomic():
        from .services import update_config

        update_config(user=user, campaign=campaign, data=data)
        phase.refresh_from_db()
        record(
            actor=user,
            action="campaign.phase_now",
            obj=campaign,
            campaign=campaign,
            before={"阶段": phase.name, **before},
            after={
                "阶段": phase.name,
                "starts_on": start.isoformat(),
                "ends_on": end.isoformat(),
                "操作": "立即开始" if op == OPEN else "立即结束",
            },
            reason=reason,
        )
    return phase
