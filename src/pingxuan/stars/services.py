"""The standing programme (十堰, seed 004): create one from its configuration document, and read it back."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from pingxuan.audit.services import record
from pingxuan.campaigns.config import ensure_organisations
from pingxuan.campaigns.validation import validate
from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.orgs.models import Organisation

from . import rules
from .models import Programme
from .schema import PROGRAMME

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from django.core.files.uploadedfile import UploadedFile

    from pingxuan.orgs.actors import AnyUser
    from pingxuan.orgs.models import User

    from .models import DutyMember, LeaderScore, WeeklySummary


def normalise_programme(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a programme document; returns it with defaults filled in, or raises ConfigErrors."""
    return validate(PROGRAMME, data)


def _to_json(value: Any) -> Any:
    """Dates become ISO strings so the configuration fits a JSON column; validation turns them back."""
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def load_programme(
    *, user: User, data: Mapping[str, Any], code: str | None = None, preset: str = "", parent: Organisation | None = None
) -> Programme:
    """Create a standing programme from a configuration document (a preset file or the UI). The document's organisations
    that do not exist yet are created (its top ones below `parent`, or as top-level organisations)."""
    data = dict(data)
    if code:
        data["code"] = code
    cfg = normalise_programme(data)
    with transaction.atomic():
        created = ensure_organisations(cfg.get("organisations") or [], user=user, parent=parent)
        owner = Organisation.objects.filter(code=cfg["owner"]).first()
        if owner is None:
            raise ServiceError(f"主办组织“{cfg['owner']}”不存在，请先建立组织。", field="owner")
        if not rules.can_create_programme(user, owner):
            raise PermissionDenied(f"您无权在“{owner.name}”下创建常态化活动。")
        if Programme.objects.filter(code=cfg["code"]).exists():
            raise ServiceError(f"活动代码“{cfg['code']}”已被使用。", field="code")
        stored = _to_json(cfg)
        programme = Programme.objects.create(code=cfg["code"], name=cfg["name"], owner=owner, preset=preset, config=stored)
        record(
            actor=user,
            action="programme.create",
            obj=programme,
            organisation=owner,
            after={"config": stored, "organisations_created": [o.code for o in created]},
        )
    return programme


def export_programme(programme: Programme) -> dict[str, Any]:
    """The programme's configuration as the same document a preset holds (load → export → load is lossless)."""
    data = dict(programme.config)
    data["code"] = programme.code
    data["name"] = programme.name
    data["owner"] = programme.owner.code
    return normalise_programme(data)


# ---------------------------------------------------------------- periods


def periods(programme: Programme) -> list[dict[str, Any]]:
    """The programme's periods with their dates as `date` objects, in order."""
    out = []
    for p in programme.config.get("periods", []):
        start, end = datetime.date.fromisoformat(str(p["start"])), datetime.date.fromisoformat(str(p["end"]))
        out.append({"code": p["code"], "name": p["name"], "start": start, "end": end})
    return sorted(out, key=lambda p: p["start"])


def get_period(programme: Programme, code: str) -> dict[str, Any]:
    for p in periods(programme):
        if p["code"] == code:
            return p
    names = "、".join(p["code"] for p in periods(programme))
    raise ServiceError(f"“{programme.name}”没有周期“{code}”，可用：{names}。", field="period")


def period_of(programme: Programme, day: datetime.date) -> dict[str, Any] | None:
    """The period a day falls in, or None."""
    return next((p for p in periods(programme) if p["start"] <= day <= p["end"]), None)


def current_period(programme: Programme, day: datetime.date | None = None) -> dict[str, Any] | None:
    """The period of `day` (today by default), else the last period that has begun, else the first."""
    from django.utils import timezone

    day = day or timezone.localdate()
    found = period_of(programme, day)
    if found:
        return found
    begun = [p for p in periods(programme) if p["start"] <= day]
    all_periods = periods(programme)
    return begun[-1] if begun else (all_periods[0] if all_periods else None)


def subject_name(kind: str, organisation: Organisation, member: DutyMember | None = None) -> str:
    return member.name if member is not None else organisation.name


# ---------------------------------------------------------------- people on duty

MEMBER_FIELDS = ("name", "post", "duties", "is_party_member", "active")


def _check_window(programme: Programme, window: Organisation | None) -> None:
    from pingxuan.orgs.models import OrgKind

    if window is None or window.kind != OrgKind.WINDOW or not window.path.startswith(programme.owner.path):
        raise ServiceError(f"“{getattr(window, 'name', window)}”不是“{programme.name}”范围内的服务窗口。", field="window")


def _check_party_org(programme: Programme, party_org: Organisation | None) -> None:
    if party_org is not None and not party_org.path.startswith(programme.owner.path):
        raise ServiceError(f"党组织“{party_org.name}”不在“{programme.name}”范围内。", field="party_org")


def _clean_member(values: Mapping[str, Any]) -> dict[str, Any]:
    name = (values.get("name") or "").strip()
    post = (values.get("post") or "").strip()
    if not name:
        raise ServiceError("请填写在岗人员的姓名。", field="name")
    if len(name) > 30:
        raise ServiceError(f"姓名不能超过 30 个字（现为 {len(name)} 个）。", field="name")
    if not post:
        raise ServiceError("请填写岗位。", field="post")
    if len(post) > 60:
        raise ServiceError(f"岗位不能超过 60 个字（现为 {len(post)} 个）。", field="post")
    return {**values, "name": name, "post": post, "duties": (values.get("duties") or "").strip()}


@transaction.atomic
def add_member(
    *,
    user: User,
    programme: Programme,
    window: Organisation,
    name: str,
    post: str,
    duties: str = "",
    party_org: Organisation | None = None,
    is_party_member: bool = True,
    photo: UploadedFile[Any] | None = None,
) -> DutyMember:
    """Put a person on duty at a window (亮身份). Window staff and the programme's organisers may."""
    from . import rules
    from .models import DutyMember

    _check_window(programme, window)
    if not rules.can_staff_window(user, programme, window):
        raise PermissionDenied(f"您不是“{window.name}”的工作人员，不能登记在岗人员。")
    _check_party_org(programme, party_org)
    clean = _clean_member({"name": name, "post": post, "duties": duties})
    member = DutyMember(
        programme=programme,
        window=window,
        party_org=party_org,
        is_party_member=bool(is_party_member),
        name=clean["name"],
        post=clean["post"],
        duties=clean["duties"],
    )
    if photo is not None:
        from pingxuan.documents.uploads import check_image

        check_image(photo, label="照片", formats={"JPEG", "PNG"}, max_bytes=5 * 1024 * 1024)
        member.photo.save(photo.name, photo, save=False)  # type: ignore[arg-type]  # an upload always has a name
    member.save()
    record(actor=user, action="stars.member.add", obj=member, organisation=window, after=_member_snapshot(member))
    return member


def _member_snapshot(member: DutyMember) -> dict[str, Any]:
    return {
        "name": member.name,
        "window": member.window_id,
        "party_org": member.party_org_id,
        "post": member.post,
        "duties": member.duties,
        "is_party_member": member.is_party_member,
        "active": member.active,
    }


@transaction.atomic
def update_member(*, user: User, member: DutyMember, **values: Any) -> DutyMember:
    from . import rules
    from .models import DutyMember

    member = DutyMember.objects.select_for_update().select_related("programme__owner", "window").get(pk=member.pk)
    if not rules.can_staff_window(user, member.programme, member.window):
        raise PermissionDenied(f"您不是“{member.window.name}”的工作人员，不能修改在岗人员。")
    unknown = set(values) - set(MEMBER_FIELDS) - {"party_org"}
    if unknown:
        raise ServiceError(f"不能修改的项目：{'、'.join(sorted(unknown))}。", field=sorted(unknown)[0])
    before = _member_snapshot(member)
    merged = _clean_member({**before, **values})
    if "party_org" in values:
        _check_party_org(member.programme, values["party_org"])
        member.party_org = values["party_org"]
    for key in MEMBER_FIELDS:
        setattr(member, key, merged[key])
    member.save()
    record(
        actor=user,
        action="stars.member.update",
        obj=member,
        organisation=member.window,
        before=before,
        after=_member_snapshot(member),
    )
    return member


# ---------------------------------------------------------------- leader evaluation


@transaction.atomic
def score_subject(
    *,
    user: User,
    programme: Programme,
    period: str,
    organisation: Organisation,
    score: float | str,
    member: DutyMember | None = None,
    comment: str = "",
) -> LeaderScore:
    """领导点评: a leader scores a window, party organisation or member for a period (again: replaces their score)."""
    from . import rules
    from .models import LeaderScore

    get_period(programme, period)
    kind = subject_kind(programme, organisation, member)
    if not rules.can_lead(user, programme, organisation):
        raise PermissionDenied(f"只有领导小组成员或活动办公室可以点评“{subject_name(kind, organisation, member)}”。")
    scale = programme.config["evaluation"]["leader"]["scale_max"]
    try:
        score = float(score)
    except (TypeError, ValueError):
        raise ServiceError(f"点评得分应为 0–{scale} 的数字。", field="score")
    if not 0 <= score <= scale:
        raise ServiceError(f"点评得分应在 0–{scale} 之间（收到 {score:g}）。", field="score")
    key = f"member:{member.pk}" if member else f"org:{organisation.pk}"
    row, created = LeaderScore.objects.update_or_create(
        programme=programme,
        period=period,
        subject_key=key,
        scored_by=user,
        defaults={
            "subject_kind": kind,
            "organisation": organisation,
            "member": member,
            "score": score,
            "comment": (comment or "").strip(),
        },
    )
    record(
        actor=user,
        action="stars.leader_score",
        obj=row,
        organisation=organisation,
        after={"period": period, "subject": key, "score": score, "comment": row.comment, "new": created},
    )
    return row


def subject_kind(programme: Programme, organisation: Organisation, member: DutyMember | None = None) -> str:
    """window / party_org / member, checked against the programme's scope."""
    from pingxuan.orgs.models import OrgKind

    if member is not None:
        if member.programme_id != programme.pk:
            raise ServiceError(f"“{member.name}”不是本活动的在岗人员。", field="member")
        return "member"
    if not organisation.path.startswith(programme.owner.path):
        raise ServiceError(f"“{organisation.name}”不在“{programme.name}”范围内。", field="organisation")
    return "window" if organisation.kind == OrgKind.WINDOW else "party_org"


# ---------------------------------------------------------------- weekly summaries


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@transaction.atomic
def file_summary(*, user: User, programme: Programme, window: Organisation, week: datetime.date, text: str) -> WeeklySummary:
    """一周一小结: a window's summary of one week (filing again replaces the text)."""
    from . import rules
    from .models import WeeklySummary

    _check_window(programme, window)
    if not programme.config.get("weekly_summary", {}).get("enabled"):
        raise ServiceError(f"“{programme.name}”未开展一周一小结。")
    if not rules.can_staff_window(user, programme, window):
        raise PermissionDenied(f"您不是“{window.name}”的工作人员，不能提交一周一小结。")
    text = (text or "").strip()
    if not text:
        raise ServiceError("请填写本周小结。", field="text")
    if len(text) > 5000:
        raise ServiceError(f"小结不能超过 5000 字（现为 {len(text)} 字）。", field="text")
    week = week_of(week)
    row, created = WeeklySummary.objects.update_or_create(
        programme=programme, window=window, week=week, defaults={"text": text, "filed_by": user}
    )
    record(
        actor=user,
        action="stars.summary",
        obj=row,
        organisation=window,
        after={"week": week.isoformat(), "text": text, "new": created},
    )
    return row


def missing_summaries(*, user: AnyUser, programme: Programme, week: datetime.date) -> list[Organisation]:
    """The windows the user can see that have not filed the week's summary, in tree order."""
    from . import rules
    from .models import WeeklySummary

    week = week_of(week)
    filed = WeeklySummary.objects.filter(programme=programme, week=week).values("window_id")
    return list(rules.visible_windows(user, programme).exclude(pk__in=filed).order_by("path"))
