"""One-time codes: hashed at rest, expire, few attempts, rate limits per number and per IP."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from pingxuan.core import otp as engine
from pingxuan.core.errors import ServiceError
from pingxuan.core.models import OneTimeCode
from pingxuan.voting import otp
from pingxuan.voting.models import Voter
from tests.voting.conftest import sms_codes

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


def refusal(fn, **kw):
    with pytest.raises(ServiceError) as info:
        fn(**kw)
    return info.value.code, info.value.message


def test_code_is_sent_by_sms_and_stored_only_as_a_hash(settings):
    otp.request_code(phone=PHONE, ip="10.0.0.1")
    code = sms_codes(settings, PHONE)[-1]
    row = OneTimeCode.objects.get()
    assert (row.phone, len(row.code_hash), code in row.code_hash, row.attempts) == (PHONE, 64, False, 0)
    voter, token = otp.verify_code(phone=PHONE, code=code, ip="10.0.0.1")
    assert (voter.phone, otp.read_token(token)) == (PHONE, (voter.pk, PHONE))
    # used once only
    assert refusal(otp.verify_code, phone=PHONE, code=code) == ("no_code", "请先获取短信验证码。")


def test_bad_numbers_are_refused():
    assert refusal(otp.request_code, phone="12345") == ("invalid", "请填写 11 位中国大陆手机号码（以 1 开头）。")
    assert otp.clean_phone("+86 138-1234-5678") == PHONE


def test_code_expires(settings):
    otp.request_code(phone=PHONE)
    OneTimeCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert refusal(otp.verify_code, phone=PHONE, code=sms_codes(settings, PHONE)[-1]) == ("expired", "验证码已过期，请重新获取。")
    assert Voter.objects.count() == 0


def test_few_attempts_then_the_code_is_dead(settings):
    otp.request_code(phone=PHONE)
    code = sms_codes(settings, PHONE)[-1]
    wrong = "000000" if code != "000000" else "111111"
    messages = [refusal(otp.verify_code, phone=PHONE, code=wrong)[1] for _ in range(5)]
    assert messages == [
        "验证码不正确，还可再试 4 次。",
        "验证码不正确，还可再试 3 次。",
        "验证码不正确，还可再试 2 次。",
        "验证码不正确，还可再试 1 次。",
        "验证码不正确，请重新获取。",
    ]
    assert refusal(otp.verify_code, phone=PHONE, code=code) == ("too_many_attempts", "验证码已输错 5 次，请重新获取。")


def test_rate_limit_per_number(settings):
    otp.request_code(phone=PHONE)
    assert refusal(otp.request_code, phone=PHONE) == ("rate_limited", "验证码已发送，请 60 秒后再获取。")
    for _ in range(4):
        cache.clear()  # the cool-down passed; the hourly count lives in the database rows
        otp.request_code(phone=PHONE)
    cache.clear()
    assert refusal(otp.request_code, phone=PHONE) == ("rate_limited", "同一手机号码每小时最多获取 5 次验证码，请稍后再试。")
    assert len(sms_codes(settings, PHONE)) == 5


def test_rate_limit_per_ip_asks_for_the_captcha_and_grows_with_verified_numbers(settings):
    for i in range(20):
        otp.request_code(phone=f"139000000{i:02d}", ip="10.5.5.5")
    assert refusal(otp.request_code, phone="13900000099", ip="10.5.5.5") == (
        "captcha_required",
        "本网络地址获取验证码较多，请先完成图形验证码。",
    )
    otp.request_code(phone="13900000099", ip="10.5.5.6")
    # a number verified at the address raises its hourly allowance by one code
    otp.verify_code(phone="13900000000", code=sms_codes(settings, "13900000000")[-1], ip="10.5.5.5")
    assert engine.verified_numbers("10.5.5.5") == 1
    otp.request_code(phone="13900000098", ip="10.5.5.5")
    assert refusal(otp.request_code, phone="13900000097", ip="10.5.5.5")[0] == "captcha_required"
    # a caller that offers no step-up challenge (the engine's default) is refused as before
    assert refusal(engine.send, phone="13900000096", purpose="objection", ip="10.5.5.7", per_ip=0) == (
        "rate_limited",
        "同一网络地址每小时最多获取 0 次验证码，请稍后再试。",
    )


def test_failed_verifications_per_ip_are_limited(settings):
    for i in range(7):
        otp.request_code(phone=f"1370000000{i}", ip="10.6.6.6")
    tries = 0
    with pytest.raises(ServiceError) as info:
        for i in range(7):
            for _ in range(5):
                tries += 1
                try:
                    otp.verify_code(phone=f"1370000000{i}", code="abcdef", ip="10.6.6.6")
                except ServiceError as exc:
                    if exc.code == "rate_limited":
                        raise
    assert (tries, info.value.message) == (31, "本网络地址验证码输错次数过多，请一小时后再试。")
