"""Organisation tree and people: every change passes here, checks permission, and writes the audit event."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from pingxuan.audit.services import diff, record
from pingxuan.core.display import clauses
from pingxuan.core.errors import PermissionDenied, ServiceError

from . import rules as org_rules
from .models import Membership, Organisation, OrgKind, Role, User, path_segment

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from django.core.files.uploadedfile import UploadedFile

    from pingxuan.campaigns.models import Campaign

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ORG_FIELDS = ["code", "name", "short_name", "kind", "sector", "region", "is_active", "sort_order"]
LIMITS = {"code": 60, "name": 120, "short_name": 60, "sector": 40, "region": 60}
FIELD_LABELS = {"code": "编码", "name": "名称", "short_name": "简称", "kind": "类型", "sector": "行业", "region": "地区"}


def snapshot(org: Organisation) -> dict[str, Any]:
    data = {f: getattr(org, f) for f in ORG_FIELDS}
    data["parent"] = org.parent_id
    data["seal"] = org.seal.name if org.seal else ""
    return data


def _check_values(values: Mapping[str, Any], *, existing: Organisation | None = None) -> None:
    for field, limit in LIMITS.items():
        value = values.get(field)
        if value is not None and len(str(value)) > limit:
            raise ServiceError(f"“{FIELD_LABELS[field]}”不能超过 {limit} 个字符。", field=field)
    if "name" in values and not str(values["name"]).strip():
        raise ServiceError("“名称”不能为空。", field="name")
    if "code" in values:
        code = str(values["code"]).strip()
        if not code:
            raise ServiceError("“编码”不能为空。", field="code")
        clash = Organisation.objects.filter(code=code)
        if existing is not None:
            clash = clash.exclude(pk=existing.pk)
        if clash.exists():
            raise ServiceError(f"编码“{code}”已被其他组织使用。", field="code")
    if "kind" in values and values["kind"] not in OrgKind.values:
        raise ServiceError(f"类型“{values['kind']}”无效，可选：{'、'.join(OrgKind.labels)}。", field="kind")


def _set_path(org: Organisation) -> None:
    org.path = (org.parent.path if org.parent else "/") + path_segment(org.pk)
    org.depth = org.parent.depth + 1 if org.parent else 0


@transaction.atomic
def create_org(*, user: User, parent: Organisation | None = None, audit: bool = True, **values: Any) -> Organisation:
    if parent is None:
        if not org_rules.is_system_admin(user):
            raise PermissionDenied("只有系统管理员可以创建顶级组织。")
    elif not org_rules.can_manage_org(user, parent):
        raise PermissionDenied(f"您无权在“{parent.name}”下创建组织。")
    values.setdefault("code", "")
    if not values["code"]:
        values["code"] = _next_code(parent)
    _check_values(values)
    org = Organisation(parent=parent, path="", **{k: v for k, v in values.items() if k in ORG_FIELDS})
    org.save()
    _set_path(org)
    org.save(update_fields=["path", "depth"])
    if audit:
        record(actor=user, action="org.create", obj=org, after=snapshot(org), organisation=org)
    return org


def _next_code(parent: Organisation | None) -> str:
    base = parent.code if parent else "org"
    n = Organisation.objects.count() + 1
    while Organisation.objects.filter(code=f"{base}-{n}").exists():
        n += 1
    return f"{base}-{n}"


@transaction.atomic
def update_org(*, user: User, org: Organisation, **values: Any) -> Organisation:
    if not org_rules.can_manage_org(user, org):
        raise PermissionDenied(f"您无权修改“{org.name}”。")
    _check_values(values, existing=org)
    before = snapshot(org)
    for field, value in values.items():
        if field in ORG_FIELDS:
            setattr(org, field, value)
    org.save()
    b, a = diff(before, snapshot(org))
    if a:
        record(actor=user, action="org.update", obj=org, before=b, after=a, organisation=org)
    return org


@transaction.atomic
def move_org(*, user: User, org: Organisation, new_parent: Organisation | None) -> Organisation:
    if not org_rules.can_manage_org(user, org):
        raise PermissionDenied(f"您无权移动“{org.name}”。")
    if new_parent is None or not org_rules.can_manage_org(user, new_parent):
        raise PermissionDenied("您无权把组织移到目标位置。")
    if new_parent.path.startswith(org.path):
        raise ServiceError("不能把组织移到它自己或它的下级之下。", field="parent")
    before = snapshot(org)
    old_path = org.path
    org.parent = new_parent
    _set_path(org)
    org.save(update_fields=["parent", "path", "depth"])
    for child in Organisation.objects.filter(path__startswith=old_path).exclude(pk=org.pk):
        child.path = org.path + child.path[len(old_path) :]
        child.depth = child.path.strip("/").count("/")
        child.save(update_fields=["path", "depth"])
    record(
        actor=user,
        action="org.move",
        obj=org,
        before={"parent": before["parent"]},
        after={"parent": new_parent.pk},
        organisation=org,
    )
    return org


@transaction.atomic
def set_seal(*, user: User, org: Organisation, upload: UploadedFile[Any]) -> Organisation:
    from pingxuan.documents.uploads import check_image

    if not org_rules.can_manage_org(user, org):
        raise PermissionDenied(f"您无权修改“{org.name}”的印章。")
    check_image(upload, label="印章图片", formats={"PNG", "JPEG"}, max_bytes=2 * 1024 * 1024, min_px=100, max_px=3000)
    before = org.seal.name if org.seal else ""
    org.seal.save(upload.name, upload, save=True)  # type: ignore[arg-type]  # an upload always has a name
    record(
        actor=user,
        action="org.seal",
        obj=org,
        before={"seal": before},
        after={"seal": org.seal.name, "original_name": upload.name},
        organisation=org,
    )
    return org


# People and roles -------------------------------------------------------------------------------


@transaction.atomic
def create_user(
    *,
    user: User,
    username: str,
    password: str | None,
    display_name: str = "",
    phone: str = "",
    email: str = "",
    organisation: Organisation | None = None,
    role: str | None = None,
) -> User:
    if organisation is None or not org_rules.can_manage_people(user, organisation):
        raise PermissionDenied("您无权在该组织下添加人员。")
    if not username or len(username) > 150:
        raise ServiceError("用户名不能为空，且不超过 150 个字符。", field="username")
    if User.objects.filter(username=username).exists():
        raise ServiceError(f"用户名“{username}”已存在。", field="username")
    if phone and not (phone.isdigit() and len(phone) == 11 and phone.startswith("1")):
        raise ServiceError("手机号码应为以 1 开头的 11 位数字。", field="phone")
    if email and not EMAIL.match(email):
        raise ServiceError("请输入有效的电子邮箱地址。", field="email")
    new = User(username=username, display_name=display_name, phone=phone, email=email)
    if password is None:
        new.set_unusable_password()  # set later: an administrator's reset or a one-time set-up link
    else:
        try:
            validate_password(password, new)
        except ValidationError as exc:
            raise ServiceError("密码不符合要求：" + clauses(exc.messages, end="。"), field="password") from exc
        new.set_password(password)
    new.save()
    record(
        actor=user,
        action="user.create",
        obj=new,
        after={"username": username, "display_name": display_name, "phone": phone, "email": email},
        organisation=organisation,
    )
    if role:
        grant_role(user=user, person=new, organisation=organisation, role=role)
    return new


@transaction.atomic
def grant_role(
    *, user: User, person: User, organisation: Organisation, role: str, campaign: Campaign | None = None, title: str = ""
) -> Membership:
    if not org_rules.can_manage_people(user, organisation):
        raise PermissionDenied(f"您无权在“{organisation.name}”任命角色。")
    if role not in Role.values:
        raise ServiceError(f"角色“{role}”无效，可选：{'、'.join(Role.labels)}。", field="role")
    if role == Role.ADMIN and not org_rules.is_system_admin(user):
        raise PermissionDenied("只有系统管理员可以任命系统管理员。")
    m = Membership.objects.filter(user=person, organisation=organisation, role=role, campaign=campaign).first()
    if m and m.is_active:
        raise ServiceError(f"{person} 已在“{organisation.name}”担任{m.get_role_display()}。", field="role")
    if m:
        m.is_active, m.title = True, title
        m.save(update_fields=["is_active", "title"])
    else:
        m = Membership.objects.create(user=person, organisation=organisation, role=role, campaign=campaign, title=title)
    org_rules.forget(person)
    record(
        actor=user,
        action="membership.grant",
        obj=m,
        after={"user": person.pk, "organisation": organisation.pk, "role": role, "campaign": getattr(campaign, "pk", None)},
        organisation=organisation,
        campaign=campaign,
    )
    return m


@transaction.atomic
def end_role(*, user: User, membership: Membership, reason: str = "") -> Membership:
    if not org_rules.can_manage_people(user, membership.organisation):
        raise PermissionDenied("您无权撤销该角色。")
    if not membership.is_active:
        raise ServiceError("该角色已撤销。")
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    org_rules.forget(membership.user)
    record(
        actor=user,
        action="membership.end",
        obj=membership,
        before={"is_active": True},
        after={"is_active": False},
        reason=reason,
        organisation=membership.organisation,
    )
    return membership
