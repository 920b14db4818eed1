"""SMS one-time codes for citizens who rate a window (群众评议).

A small module of its own: the public vote's one-time codes were not there yet when this was written. A code is
kept (hashed) in the cache for five minutes with five tries; a correct code gives a signed token that proves
the phone for thirty minutes.
"""

import hashlib
import re
import secrets

from django.core import signing
from django.core.cache import cache

from pingxuan.core.errors import ServiceError
from pingxuan.core.sms import SmsSendFailed, send_sms

PHONE = re.compile(r"^1[3-9]\d{9}$")
CODE_SECONDS = 300
RESEND_SECONDS = 60
TRIES = 5
SENDS_PER_IP_PER_HOUR = 20
TOKEN_SECONDS = 1800
SALT = "pingxuan.stars.phone"


class RateLimited(ServiceError):
    status = 429

    def __init__(self, message, **kwargs):
        super().__init__(message, code="rate_limited", **kwargs)


def clean_phone(phone):
    phone = re.sub(r"[\s-]", "", str(phone or ""))
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE.match(phone):
        raise ServiceError("请输入 11 位手机号码。", field="phone")
    return phone


def _hash(text):
    return hashlib.sha256(f"{SALT}:{text}".encode()).hexdigest()


def hit(key, limit, seconds):
    """Count one event under `key`; True while the count stays within `limit` for the window of `seconds`."""
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, seconds)
        count = 1
    return count <= limit


def send_code(phone, *, ip=None, purpose="评议", per_ip=SENDS_PER_IP_PER_HOUR):
    phone = clean_phone(phone)
    if not cache.add(f"stars:otp:wait:{phone}", 1, RESEND_SECONDS):
        raise RateLimited(f"验证码已发送，请 {RESEND_SECONDS} 秒后再试。", field="phone")
    if ip and not hit(f"stars:otp:ip:{ip}", per_ip, 3600):
        raise RateLimited(f"同一网络每小时最多获取 {per_ip} 次验证码，请稍后再试。")
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = CODE_SECONDS // 60
    template = "objection_code" if "异议" in purpose else "rating_code"
    try:
        send_sms(
            phone,
            f"您的{purpose}验证码为 {code}，{minutes} 分钟内有效。",
            template=template,
            params={"code": code, "minutes": minutes},
        )
    except SmsSendFailed:
        cache.delete(f"stars:otp:wait:{phone}")  # nothing was sent: the person may ask again at once
        raise
    cache.set(f"stars:otp:{phone}", {"hash": _hash(code), "tries": 0}, CODE_SECONDS)
    return phone


def verify_code(phone, code):
    """A correct code gives a token for the phone; a wrong one counts against the five tries."""
    phone = clean_phone(phone)
    key = f"stars:otp:{phone}"
    entry = cache.get(key)
    if entry is None:
        raise ServiceError("验证码已过期或未获取，请重新获取。", field="code")
    if entry["tries"] >= TRIES:
        cache.delete(key)
        raise RateLimited("验证码错误次数过多，请重新获取。", field="code")
    if not secrets.compare_digest(entry["hash"], _hash(str(code or "").strip())):
        entry["tries"] += 1
        cache.set(key, entry, CODE_SECONDS)
        raise ServiceError(f"验证码不正确（还可尝试 {TRIES - entry['tries']} 次）。", field="code")
    cache.delete(key)
    return signing.dumps({"p": phone}, salt=SALT)


def phone_of(token):
    try:
        return signing.loads(token or "", salt=SALT, max_age=TOKEN_SECONDS)["p"]
    except (signing.BadSignature, KeyError, TypeError):
        raise ServiceError("手机号码验证已失效，请重新获取验证码。", field="token", code="phone_unverified")


def phone_hash(phone):
    from django.conf import settings

    return hashlib.sha256(f"{settings.SECRET_KEY}:phone:{phone}".encode()).hexdigest()


def mask(phone):
    return f"{phone[:3]}****{phone[-4:]}"
