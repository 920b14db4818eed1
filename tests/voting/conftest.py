import re

import pytest

from tests.world import sms_messages


@pytest.fixture
def world(admin_user):
    from pingxuan.voting import demo

    return demo.build(admin=admin_user, code="vt", candidates=5)


def sms_codes(settings, phone=None):
    """Codes the console SMS backend wrote to the log file, newest last (what a demo reads)."""
    return [re.search(r"验证码是 (\d{6})", m["text"]).group(1) for m in sms_messages(settings, phone)]


@pytest.fixture
def verified(settings):
    """A function phone -> voter token, through the real request/verify services."""
    from pingxuan.voting import otp

    def make(phone, ip="10.0.0.1"):
        otp.request_code(phone=phone, ip=ip)
        _voter, token = otp.verify_code(phone=phone, code=sms_codes(settings, phone)[-1], ip=ip)
        return token

    return make
