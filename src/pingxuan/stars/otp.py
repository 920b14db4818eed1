"""Phone checks for citizens who rate a window (群众评议) and for objectors: the shared one-time-code engine
(core.otp) — keyed hashes, atomic attempt counting, per-address lock-out, per-phone caps — and a signed token that
proves the phone for thirty minutes."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing

from pingxuan.core import otp as engine
from pingxuan.core.errors import ServiceError

RateLimited = engine.RateLimited
clean_phone = engine.clean_phone
mask = engine.mask
RESEND_SECONDS = engine.RESEND_SECONDS
SENDS_PER_IP_PER_HOUR = engine.PER_IP_PER_HOUR
TOKEN_SECONDS = 1800
SALT = "pingxuan.stars.phone"


def send_code(
    phone: str, *, ip: str | None = None, purpose: str = engine.Purpose.RATING, per_ip: int = SENDS_PER_IP_PER_HOUR
) -> str:
    return engine.send(phone=phone, purpose=purpose, ip=ip, per_ip=per_ip)


def verify_code(phone: str, code: str, *, ip: str | None = None, purpose: str = engine.Purpose.RATING) -> str:
    """A correct code gives a token for the phone; a wrong one counts against the code's attempts."""
    phone = engine.verify(phone=phone, code=code, purpose=purpose, ip=ip)
    return signing.dumps({"p": phone}, salt=SALT)


def hit(key, limit, seconds):
    """Count one event under `key` (an atomic increment in the shared cache); True while within `limit`."""
    return engine.count(key, seconds) <= limit


def phone_of(token: str | None) -> str:
    try:
        return signing.loads(token or "", salt=SALT, max_age=TOKEN_SECONDS)["p"]
    except (signing.BadSignature, KeyError, TypeError):
        raise ServiceError("手机号码验证已失效，请重新获取验证码。", field="token", code="phone_unverified")


def phone_hash(phone):
    return hashlib.sha256(f"{settings.SECRET_KEY}:phone:{phone}".encode()).hexdigest()
