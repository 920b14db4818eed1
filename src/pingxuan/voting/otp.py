"""SMS one-time codes for voters: keyed hashes at rest, expiry, few attempts, rate limits per number and per IP.

The limits are counted twice: in the cache (Redis in production, shared by every app server) for the quick
cool-down, and in the database rows, which hold across restarts. The code itself never leaves this module
except inside the SMS text.
"""

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from pingxuan.core.errors import ServiceError
from pingxuan.core.sms import SmsSendFailed, send_sms

from .models import OneTimeCode, Voter

PHONE = re.compile(r"^1[3-9]\d{9}$")
CODE_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
PER_PHONE_PER_HOUR = 5
PER_IP_PER_HOUR = 20
FAILED_VERIFY_PER_IP_PER_HOUR = 30
TOKEN_MAX_AGE = 12 * 3600
TOKEN_SALT = "pingxuan.voting.voter"


class RateLimited(ServiceError):
    status = 429

    def __init__(self, message, **kwargs):
        super().__init__(message, code="rate_limited", **kwargs)


def clean_phone(phone):
    phone = (phone or "").strip().replace(" ", "").replace("-", "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE.match(phone):
        raise ServiceError("请填写 11 位中国大陆手机号码（以 1 开头）。", field="phone")
    return phone


def code_hash(phone, code):
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def request_code(*, phone, ip=None):
    """Send a new code by SMS. Returns the seconds until another may be asked for."""
    phone = clean_phone(phone)
    now = timezone.now()
    if cache.get(f"otp:cool:{phone}"):
        raise RateLimited(f"验证码已发送，请 {RESEND_SECONDS} 秒后再获取。", field="phone")
    hour_ago = now - timedelta(hours=1)
    if OneTimeCode.objects.filter(phone=phone, created_at__gte=hour_ago).count() >= PER_PHONE_PER_HOUR:
        raise RateLimited(f"同一手机号码每小时最多获取 {PER_PHONE_PER_HOUR} 次验证码，请稍后再试。", field="phone")
    if ip and OneTimeCode.objects.filter(ip=ip, created_at__gte=hour_ago).count() >= PER_IP_PER_HOUR:
        raise RateLimited(f"同一网络地址每小时最多获取 {PER_IP_PER_HOUR} 次验证码，请稍后再试。")
    if not cache.add(f"otp:cool:{phone}", 1, RESEND_SECONDS):
        raise RateLimited(f"验证码已发送，请 {RESEND_SECONDS} 秒后再获取。", field="phone")
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = int(CODE_TTL.total_seconds() // 60)
    try:
        text = f"【评选】您的投票验证码是 {code}，{minutes} 分钟内有效。请勿将验证码告诉他人。"
        send_sms(phone, text, template="vote_code", params={"code": code, "minutes": minutes})
    except SmsSendFailed:
        cache.delete(f"otp:cool:{phone}")  # nothing was sent: the voter may ask again at once
        raise
    OneTimeCode.objects.create(phone=phone, code_hash=code_hash(phone, code), ip=ip, created_at=now, expires_at=now + CODE_TTL)
    return RESEND_SECONDS


def verify_code(*, phone, code, ip=None):
    """Check a code; on success the voter (created on first use) and a signed voter token."""
    phone = clean_phone(phone)
    code = (code or "").strip()
    fail_key = f"otp:fail:ip:{ip}"
    if ip and (cache.get(fail_key) or 0) >= FAILED_VERIFY_PER_IP_PER_HOUR:
        raise RateLimited("本网络地址验证码输错次数过多，请一小时后再试。")
    now = timezone.now()
    with transaction.atomic():
        otp = OneTimeCode.objects.select_for_update().filter(phone=phone, used_at__isnull=True).order_by("-created_at").first()
        if otp is None:
            raise ServiceError("请先获取短信验证码。", field="code", code="no_code")
        if otp.expires_at <= now:
            raise ServiceError("验证码已过期，请重新获取。", field="code", code="expired")
        if otp.attempts >= MAX_ATTEMPTS:
            raise ServiceError(f"验证码已输错 {MAX_ATTEMPTS} 次，请重新获取。", field="code", code="too_many_attempts")
        if not hmac.compare_digest(otp.code_hash, code_hash(phone, code)):
            otp.attempts += 1
            otp.save(update_fields=["attempts"])
            wrong = True
        else:
            wrong = False
            otp.used_at = now
            otp.save(update_fields=["used_at"])
            voter, _ = Voter.objects.get_or_create(phone=phone)
            Voter.objects.filter(pk=voter.pk).update(verified_at=now)
    if wrong:
        if ip:
            cache.add(fail_key, 0, 3600)
            cache.incr(fail_key)
        left = MAX_ATTEMPTS - otp.attempts
        tail = f"还可再试 {left} 次。" if left else "请重新获取。"
        raise ServiceError(f"验证码不正确，{tail}", field="code", code="wrong_code")
    return voter, make_token(voter)


def make_token(voter):
    return signing.dumps({"v": voter.pk, "p": voter.phone}, salt=TOKEN_SALT, compress=False)


def read_token(token):
    """The voter's (id, phone) from a signed token, or a refusal asking to verify the number again."""
    if not token:
        raise ServiceError("请先用手机号码和短信验证码验证身份。", code="not_verified", field="phone")
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ServiceError("身份验证已过期，请重新获取短信验证码。", code="not_verified", field="phone") from exc
    except signing.BadSignature as exc:
        raise ServiceError("身份凭证无效，请重新验证手机号码。", code="not_verified", field="phone") from exc
    return data["v"], data["p"]
