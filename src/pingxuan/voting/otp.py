"""Voters' SMS one-time codes: the shared engine (core.otp) with the purpose "vote", and the signed voter token
the vote path reads without touching the database."""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING

from django.core import signing
from django.db import transaction
from django.utils import timezone

from pingxuan.core import otp as engine
from pingxuan.core.errors import ServiceError

from . import captcha
from .models import Voter

if TYPE_CHECKING:
    import datetime

RateLimited = engine.RateLimited
clean_phone = engine.clean_phone
RESEND_SECONDS = engine.RESEND_SECONDS
TOKEN_MAX_AGE = 12 * 3600
TOKEN_SALT = "pingxuan.voting.voter"
CODE_CHALLENGE = "本网络地址获取验证码较多，请先完成图形验证码。"


# An address's hourly codes grow by one per number verified there today (a carrier NAT shows thousands); past that
# the request must pass the captcha instead of being refused. Wrong guesses: one more per five verified numbers.
CODES_PER_VERIFIED = 1
FAILS_PER_VERIFIED = 0.2


def request_code(*, phone, ip=None, captcha_token=None, captcha_answer=None):
    """Send a new code by SMS. Returns the seconds until another may be asked for. Past the address's allowance the
    request needs the captcha (CaptchaRequired, 428) — never a refusal of the whole address."""
    engine.send(
        phone=phone,
        purpose=engine.Purpose.VOTE,
        ip=ip,
        per_verified=CODES_PER_VERIFIED,
        challenge=partial(captcha.check, captcha_token, captcha_answer, message=CODE_CHALLENGE),
    )
    return RESEND_SECONDS


def verify_code(*, phone, code, ip=None):
    """Check a code; on success the voter (created on first use) and a signed voter token."""
    phone = engine.verify(phone=phone, code=code, purpose=engine.Purpose.VOTE, ip=ip, fail_per_verified=FAILS_PER_VERIFIED)
    with transaction.atomic():
        voter, _ = Voter.objects.get_or_create(phone=phone)
        Voter.objects.filter(pk=voter.pk).update(verified_at=timezone.now())
    return voter, make_token(voter)


def make_token(voter):
    return signing.dumps({"v": voter.pk, "p": voter.phone}, salt=TOKEN_SALT, compress=False)


def read_token(token: str, now: datetime.datetime | None = None) -> tuple[int, str]:
    """The voter's (id, phone) from a signed token, or a refusal asking to verify the number again. The token's age
    is measured at `now` (the vote's time; by default the clock's)."""
    if not token:
        raise ServiceError("请先用手机号码和短信验证码验证身份。", code="not_verified", field="phone")
    try:
        if now is None:
            data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        else:  # a vote recorded for another moment (a replay, the demo): fresh by the clock or at that moment
            data = signing.loads(token, salt=TOKEN_SALT)
            issued = signing.b62_decode(token.rsplit(":", 2)[-2])
            if min(time.time(), now.timestamp()) - issued > TOKEN_MAX_AGE:
                raise signing.SignatureExpired("voter token expired")
    except signing.SignatureExpired as exc:
        raise ServiceError("身份验证已过期，请重新获取短信验证码。", code="not_verified", field="phone") from exc
    except signing.BadSignature as exc:
        raise ServiceError("身份凭证无效，请重新验证手机号码。", code="not_verified", field="phone") from exc
    return data["v"], data["p"]
