"""The one SMS one-time-code engine, used by public votes, window ratings and objections.

- A code is six digits, kept only as a keyed hash (HMAC-SHA256 with a key derived from SECRET_KEY), expires after
  five minutes and is used once.
- Each guess first claims an attempt with one conditional UPDATE (`attempts < MAX_ATTEMPTS`), so concurrent guesses
  can never try a code more than MAX_ATTEMPTS times; a right code is spent with another conditional UPDATE
  (`used_at IS NULL`), so it is accepted once.
- Per address: wrong guesses are counted in the shared cache (Redis in production) with an atomic increment taken
  before the check; past FAILED_VERIFY_PER_IP_PER_HOUR the address is locked out for the hour.
- Per phone: a 60-second cool-down (an atomic cache add), at most PER_PHONE_PER_HOUR and PER_PHONE_PER_DAY codes
  (counted in the database rows, which hold across restarts); per address at most `per_ip` codes an hour.
- An address is not one person: a carrier NAT or an office Wi-Fi carries many. Each number verified from an address
  is counted (once a day, `verified_numbers`); a caller may pass `per_verified` (the hourly allowance grows by that
  many codes per number verified there today and yesterday, the two days added) and `challenge` (a callable that
  raises unless the person passed a step-up challenge such as a captcha): past the allowance the request is then
  challenged instead of refused. Wrong guesses may get headroom too (`fail_per_verified` per verified number).
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from pingxuan.core.errors import ServiceError
from pingxuan.core.sms import SmsSendFailed, send_sms

from .models import OneTimeCode

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable
    from typing import Any

Purpose = OneTimeCode.Purpose
PHONE = re.compile(r"^1[3-9]\d{9}$")
CODE_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
PER_PHONE_PER_HOUR = 5
PER_PHONE_PER_DAY = 10
PER_IP_PER_HOUR = 20
FAILED_VERIFY_PER_IP_PER_HOUR = 30
VERIFIED_TTL = 2 * 86400 + 3600  # a day's count of numbers verified at an address is read until the next day ends
KEY_SALT = "pingxuan.core.otp"
# The gateway template (core.sms) of each purpose's code message.
SMS_TEMPLATE = {"vote": "vote_code", "rating": "rating_code", "objection": "objection_code"}


class RateLimited(ServiceError):
    status = 429

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, code="rate_limited", **kwargs)


def clean_phone(phone: str | None) -> str:
    phone = re.sub(r"[\s-]", "", str(phone or ""))
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE.match(phone):
        raise ServiceError("请填写 11 位中国大陆手机号码（以 1 开头）。", field="phone")
    return phone


def code_hash(purpose: str, phone: str, code: str) -> str:
    return salted_hmac(KEY_SALT, f"{purpose}:{phone}:{code}", algorithm="sha256").hexdigest()


def count(key: str, seconds: int) -> int:
    """Add one to a shared counter that lives `seconds` from its first count; returns the new value (atomic)."""
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return 1


def _uncount(key):
    try:
        cache.decr(key)
    except ValueError:
        pass


def _verified_keys(ip: str, now: datetime.datetime) -> list[str]:
    day = timezone.localdate(now)
    return [f"otp:ok:ip:{ip}:{d:%Y%m%d}" for d in (day, day - timedelta(days=1))]


def verified_numbers(ip: str | None, now: datetime.datetime | None = None) -> int:
    """Numbers verified from this address today and yesterday (each day's distinct numbers, added; 0 without an
    address). Added, not the larger of the two: an hour that spans midnight holds both days' people, and its codes
    are counted in one window."""
    if not ip:
        return 0
    return int(sum(cache.get_many(_verified_keys(ip, now or timezone.now())).values()))


def _note_verified(ip: str | None, phone: str, now: datetime.datetime) -> None:
    if ip and cache.add(f"otp:ok:{ip}:{phone}:{timezone.localdate(now):%Y%m%d}", 1, VERIFIED_TTL):
        count(_verified_keys(ip, now)[0], VERIFIED_TTL)


def send(
    *,
    phone: str,
    purpose: str,
    ip: str | None = None,
    per_ip: int = PER_IP_PER_HOUR,
    per_verified: int = 0,
    challenge: Callable[[], Any] | None = None,
    now: datetime.datetime | None = None,
) -> str:
    """Send a new code by SMS. Returns the cleaned phone number. Past the address's hourly allowance (`per_ip`, plus
    `per_verified` per number verified there) the request is refused, or with `challenge` must pass it."""
    phone = clean_phone(phone)
    purpose = Purpose(purpose)
    now = now or timezone.now()
    if cache.get(f"otp:cool:{phone}"):
        raise RateLimited(f"验证码已发送，请 {RESEND_SECONDS} 秒后再获取。", field="phone")
    recent = OneTimeCode.objects.filter(phone=phone, created_at__gte=now - timedelta(days=1))
    if recent.filter(created_at__gte=now - timedelta(hours=1)).count() >= PER_PHONE_PER_HOUR:
        raise RateLimited(f"同一手机号码每小时最多获取 {PER_PHONE_PER_HOUR} 次验证码，请稍后再试。", field="phone")
    if recent.count() >= PER_PHONE_PER_DAY:
        raise RateLimited(f"同一手机号码每天最多获取 {PER_PHONE_PER_DAY} 次验证码，请明天再试。", field="phone")
    ip_key = f"otp:send:ip:{ip}"
    if ip and count(ip_key, 3600) > per_ip + per_verified * verified_numbers(ip, now):
        if challenge is None:
            _uncount(ip_key)
            raise RateLimited(f"同一网络地址每小时最多获取 {per_ip} 次验证码，请稍后再试。")
        try:
            challenge()  # a person on a busy network answers it; a script that floods codes does not
        except ServiceError:
            _uncount(ip_key)
            raise
    if not cache.add(f"otp:cool:{phone}", 1, RESEND_SECONDS):
        if ip:
            _uncount(ip_key)
        raise RateLimited(f"验证码已发送，请 {RESEND_SECONDS} 秒后再获取。", field="phone")
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = int(CODE_TTL.total_seconds() // 60)
    try:
        send_sms(
            phone,
            f"【评选】您的{purpose.label}验证码是 {code}，{minutes} 分钟内有效。请勿将验证码告诉他人。",
            template=SMS_TEMPLATE.get(purpose.value, "vote_code"),
            params={"code": code, "minutes": minutes},
        )
    except SmsSendFailed:
        # Nothing was sent: no code is stored and the person may ask again at once (what they typed stays on the page).
        cache.delete(f"otp:cool:{phone}")
        if ip:
            _uncount(ip_key)
        raise
    OneTimeCode.objects.create(
        purpose=purpose,
        phone=phone,
        code_hash=code_hash(purpose, phone, code),
        ip=ip,
        created_at=now,
        expires_at=now + CODE_TTL,
    )
    return phone


def verify(
    *,
    phone: str,
    code: str,
    purpose: str,
    ip: str | None = None,
    fail_per_verified: float = 0,
    now: datetime.datetime | None = None,
) -> str:
    """Check a code; returns the cleaned phone number when it is right, refuses with a Chinese message otherwise.
    An address may guess wrong FAILED_VERIFY_PER_IP_PER_HOUR times an hour, plus `fail_per_verified` per number
    verified there."""
    phone = clean_phone(phone)
    purpose = Purpose(purpose)
    code = str(code or "").strip()
    now = now or timezone.now()
    fail_key = f"otp:fail:ip:{ip}"
    if ip and count(fail_key, 3600) > FAILED_VERIFY_PER_IP_PER_HOUR + int(fail_per_verified * verified_numbers(ip, now)):
        _uncount(fail_key)
        raise RateLimited("本网络地址验证码输错次数过多，请一小时后再试。")
    try:
        _check(phone, code, purpose, now)
    except ServiceError as exc:
        if exc.code not in ("wrong_code", "too_many_attempts") and ip:
            _uncount(fail_key)  # only guesses count against the address
        raise
    if ip:
        _uncount(fail_key)
        _note_verified(ip, phone, now)
    return phone


def _check(phone, code, purpose, now):
    row = (
        OneTimeCode.objects.filter(purpose=purpose, phone=phone, used_at__isnull=True)
        .order_by("-created_at", "-id")
        .values("pk", "code_hash", "expires_at")
        .first()
    )
    if row is None:
        raise ServiceError("请先获取短信验证码。", field="code", code="no_code")
    if row["expires_at"] <= now:
        raise ServiceError("验证码已过期，请重新获取。", field="code", code="expired")
    claimed = OneTimeCode.objects.filter(pk=row["pk"], used_at__isnull=True, attempts__lt=MAX_ATTEMPTS).update(
        attempts=F("attempts") + 1
    )
    if not claimed:
        raise ServiceError(f"验证码已输错 {MAX_ATTEMPTS} 次，请重新获取。", field="code", code="too_many_attempts")
    if constant_time_compare(row["code_hash"], code_hash(purpose, phone, code)):
        if OneTimeCode.objects.filter(pk=row["pk"], used_at__isnull=True).update(used_at=now):
            return
        raise ServiceError("请先获取短信验证码。", field="code", code="no_code")  # spent by a parallel request
    attempts = OneTimeCode.objects.values_list("attempts", flat=True).get(pk=row["pk"])
    left = max(MAX_ATTEMPTS - attempts, 0)
    tail = f"还可再试 {left} 次。" if left else "请重新获取。"
    raise ServiceError(f"验证码不正确，{tail}", field="code", code="wrong_code")


def mask(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"
