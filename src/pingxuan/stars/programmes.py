"""Setting up a standing programme: create one from a programme preset under an organisation the user manages, and add
evaluation periods (评定周期) to it. Both check permission and write their audit event in the same transaction."""

import datetime
import re

from django.db import transaction

from pingxuan.audit.services import record
from pingxuan.campaigns.presets import available_presets, preset_path, read_yaml
from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.orgs import rules as org_rules

from . import rules
from .schema import CODE
from .services import _to_json, load_programme, normalise_programme, periods

PERIOD_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def programme_presets():
    """The preset files whose `kind` is `programme` (code, name, year)."""
    return [p for p in available_presets() if p.get("kind") == "programme"]


def owners(user):
    """The organisations a user may create a programme under, in tree order."""
    return [o for o in org_rules.visible_orgs(user).order_by("path") if rules.can_create_programme(user, o)]


def check_code(code):
    code = (code or "").strip()
    if code and (len(code) > 60 or not CODE.match(code)):
        raise ServiceError(
            f"活动代码“{code}”不合规则：只能用小写字母、数字和连字符，以字母或数字开头，不超过 60 个字符。", field="code"
        )
    return code


def create_from_preset(*, user, preset, under, code=""):
    """A programme from a programme preset. The preset's organisations that do not exist yet are created below `under`;
    the programme's owner must be `under` or inside its subtree."""
    if under is None or not rules.can_create_programme(user, under):
        raise PermissionDenied(f"您无权在“{getattr(under, 'name', '')}”下创建常态化活动。")
    names = [p["code"] for p in programme_presets()]
    if preset not in names:
        raise ServiceError(f"找不到常态化活动预设“{preset}”，可用：{'、'.join(names)}。", field="preset")
    code = check_code(code)
    data = read_yaml(preset_path(preset).read_text(encoding="utf-8"))
    from .models import Programme

    wanted = code or data.get("code")
    if wanted and Programme.objects.filter(code=wanted).exists():
        raise ServiceError(f"活动代码“{wanted}”已被使用，请另取一个代码。", field="code")
    with transaction.atomic():
        programme = load_programme(user=user, data=data, code=code or None, preset=preset, parent=under)
        if not programme.owner.path.startswith(under.path):
            raise ServiceError(
                f"预设的主办组织“{programme.owner.name}”不在“{under.name}”之下，请选择它所在的组织。", field="under"
            )
    return programme


def _date(value, label):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ServiceError(
            f"{label}“{value or ''}”不是有效的日期（格式：2026-01-01）。", field="start" if "开始" in label else "end"
        )


def half_year(day):
    """(code, name, start, end) of the half-year holding `day`, in the preset's style (2011h1, 2011年上半年)."""
    first = day.month <= 6
    start = datetime.date(day.year, 1 if first else 7, 1)
    end = datetime.date(day.year, 6, 30) if first else datetime.date(day.year, 12, 31)
    return {
        "code": f"{day.year}h{1 if first else 2}",
        "name": f"{day.year}年{'上' if first else '下'}半年",
        "start": start,
        "end": end,
    }


def suggested_period(programme, today=None):
    """What the form offers: the half-year of today if no period covers it, else the half-year after the last period."""
    from django.utils import timezone

    today = today or timezone.localdate()
    existing = periods(programme)
    if not any(p["start"] <= today <= p["end"] for p in existing):
        return half_year(today)
    return half_year(existing[-1]["end"] + datetime.timedelta(days=1))


def add_period(*, user, programme, code, name, start, end):
    """Add an evaluation period. Codes are unique, start ≤ end, and the dates overlap no other period."""
    if not rules.can_manage_programme(user, programme):
        raise PermissionDenied(f"只有活动办公室可以为“{programme.name}”添加评定周期。")
    code, name = (code or "").strip(), (name or "").strip()
    if not code or len(code) > 30 or not PERIOD_CODE.match(code):
        raise ServiceError(
            f"周期代码“{code}”不合规则：只能用小写字母、数字、下划线和连字符，如 2026h1，不超过 30 个字符。", field="code"
        )
    if not name or len(name) > 60:
        raise ServiceError("请填写周期名称（不超过 60 个字），如“2026年上半年”。", field="name")
    start, end = _date(start, "开始日期"), _date(end, "结束日期")
    if start > end:
        raise ServiceError(f"结束日期 {end} 早于开始日期 {start}：开始日期不能晚于结束日期。", field="end")
    with transaction.atomic():
        from .models import Programme

        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        existing = periods(programme)
        if any(p["code"] == code for p in existing):
            raise ServiceError(f"周期代码“{code}”已在“{programme.name}”中使用。", field="code")
        for p in existing:
            if start <= p["end"] and p["start"] <= end:
                raise ServiceError(
                    f"新周期（{start} 至 {end}）与已有周期“{p['name']}”（{p['start']} 至 {p['end']}）的日期重叠。", field="start"
                )
        before = [dict(p) for p in programme.config.get("periods", [])]
        data = dict(programme.config)
        data["periods"] = [*before, {"code": code, "name": name, "start": start.isoformat(), "end": end.isoformat()}]
        data.update(code=programme.code, name=programme.name, owner=programme.owner.code)
        stored = _to_json(normalise_programme(data))
        programme.config = stored
        programme.save(update_fields=["config"])
        record(
            actor=user,
            action="programme.period_add",
            obj=programme,
            organisation=programme.owner,
            before={"periods": before},
            after={"periods": stored["periods"]},
        )
    return programme
