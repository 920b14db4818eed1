"""Campaign configuration and the timeline. Every change checks permission and writes the audit event."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from pingxuan.audit.services import diff, record
from pingxuan.core.chinese import date_zh, range_zh
from pingxuan.core.errors import PermissionDenied, PhaseClosed, ServiceError
from pingxuan.core.hooks import Hook

from . import config as cfgmod
from . import rules as campaign_rules
from .models import PHASE_ORDER, Phase, PhaseExtension, PhaseKind
from .presets import preset_path, read_yaml

if TYPE_CHECKING:
    from typing import Any, TypedDict

    from pingxuan.orgs.models import Organisation, User
    from pingxuan.results.models import Amendment

    from .models import Campaign

    class TimelineItem(TypedDict):
        phase: Phase
        state: str  # done, current or upcoming
        range: str


# Frozen parts of a configuration (scoring scheme, vote rules once there are votes): the results area's amendment
# rules check an edit made without an amendment, as fn(campaign, before, after), and refuse it with a ServiceError.
CONFIG_EDIT_CHECKS = Hook("checks of a configuration edit")


def today() -> datetime.date:
    return timezone.localdate()


# Creating and configuring ---------------------------------------------------------------------------


def create_campaign(*, user: User, data: dict[str, Any], preset: str = "") -> Campaign:
    """Create a campaign from a configuration document (a preset or the UI's form)."""
    from pingxuan.orgs.models import Organisation

    cfg = cfgmod.normalise(data)
    with transaction.atomic():
        created = cfgmod.ensure_organisations(cfg.get("organisations") or [], user=user)
        owner = Organisation.objects.filter(code=cfg["owner"]).first()
        if owner is None:
            raise ServiceError(f"主办组织“{cfg['owner']}”不存在，请先建立组织。", field="owner")
        if not campaign_rules.can_create_campaign(user, owner):
            raise PermissionDenied(f"您无权在“{owner.name}”下创建评选活动。")
        campaign, _, after = cfgmod.apply_config(cfg, owner=owner, preset=preset)
        record(
            actor=user,
            action="campaign.create",
            obj=campaign,
            campaign=campaign,
            organisation=owner,
            after={"config": after, "organisations_created": [o.code for o in created]},
        )
    return campaign


def load_preset(*, user: User, name: str, code: str | None = None, round: dict[str, Any] | None = None) -> Campaign:
    """Create a campaign from a preset. `round` (the wizard's answers: start, year, name, doc_number, organisers,
    issuer) moves the preset to a new round: every date moves with the first phase's start (campaigns.moving)."""
    from . import moving

    path = preset_path(name)
    data = read_yaml(path.read_text(encoding="utf-8"))
    if round:
        data = moving.move(data, **{k: v for k, v in round.items() if v not in (None, "", [])})
    if code:
        data["code"] = code
    return create_campaign(user=user, data=data, preset=path.stem)


def update_config(*, user: User | None, campaign: Campaign, data: dict[str, Any], amendment: Amendment | None = None) -> Campaign:
    """Replace a campaign's configuration with an edited document (validated as a whole). Once the campaign has votes,
    ballots or score sheets its scoring scheme and vote rules are frozen: they change only through an `amendment`
    (results.amendments.amend), which passes itself here; without one, CONFIG_EDIT_CHECKS refuse such edits."""
    if amendment is None and (user is None or not campaign_rules.can_configure(user, campaign)):
        raise PermissionDenied(f"您无权修改评选活动“{campaign.name}”的配置。")
    cfg = cfgmod.normalise(data)
    if cfg["code"] != campaign.code:
        raise ServiceError("活动代码不能修改。", field="code")
    with transaction.atomic():
        campaign, before, after = cfgmod.apply_config(cfg, campaign=campaign)
        if amendment is None:
            CONFIG_EDIT_CHECKS(campaign, before, after)
        b, a = diff(_flat(before), _flat(after))
        if a or b:
            extra = {"amendment": amendment.number} if amendment is not None else {}
            record(actor=user, action="campaign.configure", obj=campaign, campaign=campaign, before=b, after={**a, **extra})
    return campaign


def update_section(*, user: User, campaign: Campaign, section: str, value: Any) -> Campaign:
    """Edit one part of the configuration (e.g. `phases`, `categories`, `scoring`) and validate the whole."""
    data = cfgmod.export_config(campaign)
    data[section] = value
    return update_config(user=user, campaign=campaign, data=data)


def update_category(*, user: User, campaign: Campaign, code: str, values: dict[str, Any]) -> Campaign:
    data = cfgmod.export_config(campaign)
    for cat in data["categories"]:
        if cat["code"] == code:
            cat.update(values)
            break
    else:
        raise ServiceError(f"奖项“{code}”不存在。", field="category")
    return update_config(user=user, campaign=campaign, data=data)


def _flat(cfg: dict[str, Any] | None) -> dict[str, Any]:
    return dict((cfg or {}).items())


# Timeline -------------------------------------------------------------------------------------------


def timeline(campaign: Campaign, on: datetime.date | None = None) -> list[TimelineItem]:
    """Phases in order with their state: done, current or upcoming."""
    on = on or today()
    out: list[TimelineItem] = []
    for phase in sorted(campaign.phases.all(), key=lambda p: PHASE_ORDER.index(p.kind)):
        state = "done" if phase.ends_on < on else "current" if phase.starts_on <= on else "upcoming"
        out.append({"phase": phase, "state": state, "range": range_zh(phase.starts_on, phase.ends_on)})
    return out


def current_phase(campaign: Campaign, on: datetime.date | None = None) -> Phase | None:
    for item in timeline(campaign, on):
        if item["state"] == "current":
            return item["phase"]
    return None


def extension_for(phase: Phase, organisation: Organisation | None) -> PhaseExtension | None:
    if organisation is None:
        return None
    ancestors = [int(x) for x in organisation.path.strip("/").split("/") if x]
    return phase.extensions.filter(is_active=True, organisation_id__in=ancestors).order_by("-until").first()


def phase_window(phase: Phase, organisation: Organisation | None = None) -> tuple[datetime.date, datetime.date]:
    """(start, end) of a phase for a unit, with the unit's extension applied."""
    ext = extension_for(phase, organisation)
    end = max(phase.ends_on, ext.until) if ext else phase.ends_on
    return phase.starts_on, end


def check_phase(
    campaign: Campaign, kind: str, *, organisation: Organisation | None = None, on: datetime.date | None = None, action: str = ""
) -> Phase:
    """Refuse an action outside its phase, naming the phase and its dates. Returns the phase when open."""
    on = on or today()
    phase = campaign.phases.filter(kind=kind).first()
    label = PhaseKind(kind).label
    what = f"，不能{action}" if action else ""
    if phase is None:
        raise PhaseClosed(f"本活动没有设置“{label}”阶段{what}。")
    start, end = phase_window(phase, organisation)
    if on < start:
        raise PhaseClosed(f"“{phase.name}”阶段（{range_zh(phase.starts_on, phase.ends_on)}）尚未开始{what}。")
    if on > end:
        extra = f"（本单位已延期至 {date_zh(end)}）" if end != phase.ends_on else ""
        raise PhaseClosed(f"“{phase.name}”阶段（{range_zh(phase.starts_on, phase.ends_on)}）已结束{extra}{what}。")
    return phase


def check_phase_if_set(
    campaign: Campaign, kind: str, *, organisation: Organisation | None = None, on: datetime.date | None = None, action: str = ""
) -> Phase | None:
    """Like `check_phase`, for stages a campaign may leave out: with no such phase configured there is no date to keep."""
    if not campaign.phases.filter(kind=kind).exists():
        return None
    return check_phase(campaign, kind, organisation=organisation, on=on, action=action)


@transaction.atomic
def grant_extension(
    *, user: User, phase: Phase, organisation: Organisation, until: datetime.date | str, reason: str
) -> PhaseExtension:
    if not campaign_rules.can_configure(user, phase.campaign):
        raise PermissionDenied("只有活动办公室可以批准延期。")
    if not reason or not reason.strip():
        raise ServiceError("请填写延期理由。", field="reason")
    if len(reason) > 1000:
        raise ServiceError("延期理由不能超过 1000 个字符。", field="reason")
    if isinstance(until, str):
        try:
            until = datetime.date.fromisoformat(until)
        except ValueError as exc:
            raise ServiceError(f"延期日期“{until}”格式不对，应为 2019-07-15 这样的日期。", field="until") from exc
    if until <= phase.ends_on:
        raise ServiceError(f"延期日期应晚于阶段结束日期 {date_zh(phase.ends_on)}。", field="until")
    if not campaign_rules.org_in_campaign(organisation, phase.campaign):
        raise ServiceError(f"“{organisation.name}”不是本活动的参评单位。", field="organisation")
    for old in phase.extensions.filter(organisation=organisation, is_active=True):
        old.is_active = False
        old.save(update_fields=["is_active"])
    ext = PhaseExtension.objects.create(
        phase=phase, organisation=organisation, until=until, reason=reason.strip(), granted_by=user
    )
    record(
        actor=user,
        action="phase.extend",
        obj=ext,
        campaign=phase.campaign,
        organisation=organisation,
        after={"phase": phase.kind, "organisation": organisation.code, "until": until},
        reason=reason.strip(),
    )
    return ext


def phase_for(campaign: Campaign, kind: str) -> Phase | None:
    return Phase.objects.filter(campaign=campaign, kind=kind).first()
