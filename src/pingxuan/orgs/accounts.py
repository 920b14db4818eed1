"""Accounts: passwords, the lock-out, the second factor and API tokens. Every change checks permission here and
writes its audit event (with the client's address and browser) in the same transaction.

Who needs a second factor is decided by `needs_two_factor`: with REQUIRE_STAFF_2FA on (the production default),
everyone holding one of TWO_FACTOR_ROLES (system administrators, organisers, leaders); and, always, anyone who has
enrolled an authenticator of their own accord.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from pingxuan.audit.services import record
from pingxuan.core.display import clauses
from pingxuan.core.errors import PermissionDenied, ServiceError

from . import rules as org_rules
from .models import Membership, Role, User

if TYPE_CHECKING:
    from .actors import AnyUser

UA_LIMIT = 300


# Who the request came from ---------------------------------------------------------------------------------


def client_of(request):
    """(ip, user agent) of a request (the address already corrected for trusted proxies by the middleware)."""
    if request is None:
        return None, ""
    meta = getattr(request, "META", {})
    return meta.get("REMOTE_ADDR") or None, meta.get("HTTP_USER_AGENT", "")[:UA_LIMIT]


def audit(*, actor, action, request=None, obj=None, after=None, before=None, reason="", **kwargs):
    ip, agent = client_of(request)
    details = dict(after or {})
    if agent:
        details["user_agent"] = agent
    return record(actor=actor, action=action, obj=obj, before=before, after=details or None, reason=reason, ip=ip, **kwargs)


# Second factor ----------------------------------------------------------------------------------------------


def required_roles():
    return {Role(r) for r in settings.TWO_FACTOR_ROLES}


def two_factor_required_by_role(user):
    """Whether the user's roles oblige a second factor (with the production setting on)."""
    if not settings.REQUIRE_STAFF_2FA or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(org_rules.roles_of(user) & required_roles())


def confirmed_devices(user):
    return list(TOTPDevice.objects.filter(user=user, confirmed=True))


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_two_factor(user):
    return two_factor_required_by_role(user) or has_second_factor(user)


def check_device_code(user, code):
    """The confirmed device whose current code this is, or None."""
    code = (code or "").strip()
    if not code:
        return None
    for device in confirmed_devices(user):
        if device.verify_token(code):
            return device
    return None


@transaction.atomic
def enrol_device(*, user, device, new_code, current_code="", request=None):
    """Confirm a new authenticator. When one is already confirmed, the code of a confirmed one is required too:
    a password alone never adds an authenticator next to the real one."""
    existing = confirmed_devices(user)
    if existing and check_device_code(user, current_code) is None:
        raise ServiceError(
            "已绑定手机验证器：添加新的验证器须先输入原验证器上当前的 6 位数字；原验证器遗失请联系系统管理员重置。",
            field="current_token",
            code="otp_current_required",
        )
    if device.user_id != user.pk or device.confirmed:
        raise ServiceError("该验证器无效，请刷新页面重新扫描。", field="token")
    if not device.verify_token((new_code or "").strip()):
        raise ServiceError("新验证器的验证码不正确，请确认手机时间准确后重新输入。", field="token", code="otp_invalid")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit(
        actor=user,
        action="auth.otp_enabled",
        obj=user,
        request=request,
        after={"device": device.pk, "devices": len(existing) + 1},
    )
    return device


@transaction.atomic
def reset_second_factor(*, user, person, reason="", request=None):
    """An administrator's reset for a lost authenticator: the person's devices stop counting (kept, unconfirmed)
    and the person enrols a new one at the next sign-in."""
    _check_manage_person(user, person)
    if person.pk == user.pk:
        raise PermissionDenied("不能重置自己的两步验证，请联系其他系统管理员。")
    if not reason.strip():
        raise ServiceError("请填写重置两步验证的理由。", field="reason")
    devices = list(TOTPDevice.objects.filter(user=person, confirmed=True).values_list("pk", flat=True))
    if not devices:
        raise ServiceError(f"{person} 尚未绑定手机验证器，无需重置。")
    TOTPDevice.objects.filter(pk__in=devices).update(confirmed=False)
    audit(actor=user, action="auth.otp_reset", obj=person, request=request, before={"devices": devices}, reason=reason)


# People an administrator may act for ------------------------------------------------------------------------


def _check_manage_person(user, person):
    """System administrators act for anyone; organisers for people holding a role inside their subtrees.
    A system administrator's account is looked after by system administrators only."""
    if org_rules.is_system_admin(user):
        return
    if person.is_superuser or Membership.objects.filter(user=person, role=Role.ADMIN, is_active=True).exists():
        raise PermissionDenied("只有系统管理员可以管理系统管理员的账号。")
    memberships = list(Membership.objects.filter(user=person).select_related("organisation"))
    active = [m.organisation for m in memberships if m.is_active]
    # Every role the person holds must lie in the user's subtrees: a district organiser cannot take over the account
    # of someone who also holds a role above the district.
    orgs = active or [m.organisation for m in memberships]
    if not orgs or not all(org_rules.can_manage_people(user, org) for org in orgs):
        raise PermissionDenied("您无权管理该人员的账号。")


def may_manage_person(user: AnyUser, person: User) -> bool:
    try:
        _check_manage_person(user, person)
    except PermissionDenied:
        return False
    return True


# Passwords --------------------------------------------------------------------------------------------------


def check_password_rules(password, person=None):
    try:
        validate_password(password, person)
    except ValidationError as exc:
        raise ServiceError("密码不符合要求：" + clauses(exc.messages, end="。"), field="new_password") from exc


@transaction.atomic
def change_password(*, user, old_password, new_password, request=None):
    if not user.check_password(old_password or ""):
        raise ServiceError("原密码不正确。", field="old_password")
    if old_password == new_password:
        raise ServiceError("新密码不能与原密码相同。", field="new_password")
    check_password_rules(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit(actor=user, action="auth.password_changed", obj=user, request=request)
    return user


@transaction.atomic
def reset_password(*, user, person, new_password, request=None):
    """An administrator sets a new password for someone (who then signs in with it and should change it). The
    person's API token is revoked; their sessions end because the password changed."""
    _check_manage_person(user, person)
    check_password_rules(new_password, person)
    person.set_password(new_password)
    person.save(update_fields=["password"])
    revoked = Token.objects.filter(user=person).delete()[0]
    audit(actor=user, action="auth.password_reset", obj=person, request=request, after={"token_revoked": bool(revoked)})
    return person


# The lock-out (django-axes) ---------------------------------------------------------------------------------


def lock_state(person):
    """(locked, failures) for the person's username across addresses."""
    from axes.models import AccessAttempt

    counts = list(AccessAttempt.objects.filter(username=person.get_username()).values_list("failures_since_start", flat=True))
    return any(n >= settings.AXES_FAILURE_LIMIT for n in counts), sum(counts)


@transaction.atomic
def unlock(*, user, person, request=None):
    from axes.utils import reset

    _check_manage_person(user, person)
    locked, failures = lock_state(person)
    if not failures:
        raise ServiceError(f"{person} 的账号没有被锁定。", code="not_locked")
    reset(username=person.get_username())
    audit(actor=user, action="auth.unlocked", obj=person, request=request, before={"locked": locked, "failures": failures})
    return person


# API tokens -------------------------------------------------------------------------------------------------


def token_expires_at(token):
    return token.created + timedelta(days=settings.API_TOKEN_DAYS)


def token_expired(token, now=None):
    return (now or timezone.now()) >= token_expires_at(token)


@transaction.atomic
def issue_token(*, user, request=None):
    """The user's API token: the current one while it is valid, else a new one (audited)."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and not token_expired(token):
        return token
    if token is not None:
        token.delete()
    token = Token.objects.create(user=user)
    audit(actor=user, action="auth.token_issued", obj=user, request=request, after={"expires_at": token_expires_at(token)})
    return token


@transaction.atomic
def revoke_token(*, user, person=None, request=None, reason=""):
    person = person or user
    if person.pk != user.pk:
        _check_manage_person(user, person)
    revoked = Token.objects.filter(user=person).delete()[0]
    if not revoked:
        raise ServiceError("没有有效的 API 令牌可作废。", code="no_token")
    audit(actor=user, action="auth.token_revoked", obj=person, request=request, reason=reason)


# Sign-in events ---------------------------------------------------------------------------------------------


def record_login(*, user, request, second_factor=False):
    audit(actor=user, action="auth.login", obj=user, request=request, after={"second_factor_pending": second_factor})


def record_login_failed(*, username, request):
    person = User.objects.filter(username=username).first() if username else None
    audit(
        actor=f"登录失败：{username or '（空用户名）'}"[:200],
        action="auth.login_failed",
        obj=person,
        object_type="" if person else "orgs.user",
        object_repr="" if person else (username or "")[:300],
        request=request,
    )


def record_logout(*, user, request):
    if user is not None and getattr(user, "is_authenticated", False):
        audit(actor=user, action="auth.logout", obj=user, request=request)
