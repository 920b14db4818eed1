"""Alibaba Cloud SMS and Tencent Cloud SMS through their official SDKs, against local fakes that check each request as
the vendor documents it (signature, action, parameters) and answer success or a documented error; a failed send
shows a Chinese message and loses nothing of what the person was doing."""

import json

import pytest

from pingxuan.core import sms
from pingxuan.core.sms import SmsSendFailed, send_sms
from tests.core.sms_fakes import ALIYUN_KEY, ALIYUN_SECRET, APP_ID, SIGN_NAME, TENCENT_ID, TENCENT_KEY, Fake

TEMPLATES = {
    "vote_code": "SMS_465900001",
    "objection_code": "SMS_465900002",
    "rating_code": "SMS_465900003",
    "notice": "SMS_465900004",
}


@pytest.fixture(params=["aliyun", "tencent"])
def gateway(request, settings):
    fake = Fake(request.param)
    settings.SMS_ENDPOINT = fake.url
    settings.SMS_SIGN_NAME = SIGN_NAME
    settings.SMS_TEMPLATES = TEMPLATES
    settings.SMS_TIMEOUT_MS = 3000
    if request.param == "aliyun":
        settings.SMS_BACKEND = "pingxuan.core.sms.AliyunSmsBackend"
        settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET = ALIYUN_KEY, ALIYUN_SECRET
    else:
        settings.SMS_BACKEND = "pingxuan.core.sms.TencentSmsBackend"
        settings.SMS_SECRET_ID, settings.SMS_SECRET_KEY = TENCENT_ID, TENCENT_KEY
        settings.SMS_SDK_APP_ID, settings.SMS_REGION = APP_ID, "ap-guangzhou"
    yield fake
    fake.close()


def sent(fake):
    """What the gateway received, in one shape for both vendors: (signed, number, sign, template, parameters)."""
    r = fake.requests[-1]
    p = r["params"]
    if fake.vendor == "aliyun":
        return (r.get("signed", False), p["PhoneNumbers"], p["SignName"], p["TemplateCode"], json.loads(p["TemplateParam"]))
    return (r.get("signed", False), p["PhoneNumberSet"], p["SignName"], p["TemplateId"], p["TemplateParamSet"])


def test_a_vote_code_is_sent_signed_with_the_template_and_its_parameters(gateway):
    send_sms("13912345678", "（正文由模板决定）", template="vote_code", params={"code": "482913", "minutes": 5})
    if gateway.vendor == "aliyun":
        assert sent(gateway) == (True, "13912345678", SIGN_NAME, "SMS_465900001", {"code": "482913", "minutes": "5"})
        assert (gateway.requests[-1]["action"], gateway.requests[-1]["version"]) == ("SendSms", "2017-05-25")
    else:
        assert sent(gateway) == (True, ["+8613912345678"], SIGN_NAME, "SMS_465900001", ["482913", "5"])
        assert (gateway.requests[-1]["action"], gateway.requests[-1]["version"], gateway.requests[-1]["region"]) == (
            "SendSms",
            "2021-01-11",
            "ap-guangzhou",
        )


@pytest.mark.parametrize("key", ["objection_code", "rating_code", "notice"])
def test_each_template_key_maps_to_its_template(gateway, key):
    params = {"subject": "申报退回", "text": "请修改后重新提交"} if key == "notice" else {"code": "100200", "minutes": 10}
    send_sms("13912345678", "…", template=key, params=params)
    assert sent(gateway)[3] == TEMPLATES[key]
    if gateway.vendor == "tencent":
        assert sent(gateway)[4] == (["申报退回", "请修改后重新提交"] if key == "notice" else ["100200", "10"])


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("13800000001", sms.NUMBER_INVALID),
        ("13800000002", sms.NUMBER_LIMIT),
        ("13800000003", sms.MISCONFIGURED),
        ("13800000004", sms.MISCONFIGURED),
        ("13800000005", sms.GATEWAY_DOWN),
    ],
)
def test_documented_errors_become_chinese_messages(gateway, phone, message):
    with pytest.raises(SmsSendFailed) as err:
        send_sms(phone, "…", template="vote_code", params={"code": "1", "minutes": 5})
    assert (err.value.message, err.value.field, err.value.code) == (message, "phone", "sms_failed")
    assert sent(gateway)[0] is True  # the fake checked the signature before answering the error


def test_a_wrong_secret_fails_the_signature_check(gateway, settings):
    settings.SMS_ACCESS_KEY_SECRET = settings.SMS_SECRET_KEY = "not-the-secret"
    with pytest.raises(SmsSendFailed) as err:
        send_sms("13912345678", "…", template="vote_code", params={"code": "1", "minutes": 5})
    assert err.value.message == sms.MISCONFIGURED
    assert err.value.vendor_code == ("SignatureDoesNotMatch" if gateway.vendor == "aliyun" else "AuthFailure.SignatureFailure")
    assert gateway.requests[-1].get("signed") is None


def test_a_missing_template_id_is_refused_before_sending(gateway, settings):
    settings.SMS_TEMPLATES = {**TEMPLATES, "rating_code": ""}
    with pytest.raises(SmsSendFailed) as err:
        send_sms("13912345678", "…", template="rating_code", params={"code": "1", "minutes": 5})
    assert (err.value.message, gateway.requests) == (sms.MISCONFIGURED, [])


def test_an_unreachable_gateway(gateway, settings):
    gateway.close()
    with pytest.raises(SmsSendFailed) as err:
        send_sms("13912345678", "…", template="vote_code", params={"code": "1", "minutes": 5})
    assert err.value.message == sms.GATEWAY_DOWN


@pytest.mark.django_db
def test_a_failed_vote_code_can_be_asked_again_at_once(gateway, client):
    from pingxuan.core.models import OneTimeCode

    r = client.post("/api/vote/code/", {"phone": "13800000005"}, content_type="application/json")
    assert (r.status_code, r.json()["detail"], r.json()["code"]) == (400, sms.GATEWAY_DOWN, "sms_failed")
    assert OneTimeCode.objects.count() == 0  # no code that was never sent
    r = client.post("/api/vote/code/", {"phone": "13800000005"}, content_type="application/json")
    assert r.json()["detail"] == sms.GATEWAY_DOWN  # not "已发送，请 60 秒后再获取"
    r = client.post("/api/vote/code/", {"phone": "13912345678"}, content_type="application/json")
    assert r.status_code == 200 and OneTimeCode.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("gateway", ["aliyun"], indirect=True)
def test_a_failed_objection_code_keeps_the_typed_objection(gateway, client):
    from pingxuan.publicity.models import Publication
    from pingxuan.web.demo import ensure_admin
    from pingxuan.web.demo_world import build

    build(ensure_admin())
    pub = Publication.objects.get(campaign__code="jm-demo-publicity")
    entry = pub.entries.order_by("id").first()
    typed = {
        "name": "王建华",
        "phone": "13800000002",
        "entry": str(entry.pk),
        "text": "反映该窗口午间无人值守，群众等候超过一小时。",
    }
    r = client.post(f"/objections/{pub.pk}/new/", {**typed, "action": "send"})
    page = r.content.decode()
    assert r.status_code == 400
    assert sms.NUMBER_LIMIT in page
    assert "反映该窗口午间无人值守，群众等候超过一小时。</textarea>" in page and 'value="王建华"' in page
    assert sent(gateway)[3] == TEMPLATES["objection_code"]
