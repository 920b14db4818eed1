"""SMS gateway, pluggable by the SMS_BACKEND setting.

- ConsoleSmsBackend (default): writes each message to the console and a log file (development, tests).
- AliyunSmsBackend: Alibaba Cloud SMS (短信服务, Dysmsapi 2017-05-25 SendSms) through its official SDK.
- TencentSmsBackend: Tencent Cloud SMS (短信, 2021-01-11 SendSms) through its official SDK.

Gateways in China send only pre-approved templates under an approved signature, so every message has a template key
and its parameters; the console backend writes the text. Template keys and their parameters:

  vote_code       投票验证码      {code, minutes}
  objection_code  公示异议验证码  {code, minutes}
  rating_code     评议验证码      {code, minutes}
  notice          工作通知        {subject, text}

A failed send raises SmsSendFailed (a ServiceError with a Chinese message naming what to do); callers keep what the
person was doing (the typed objection, the vote page) and show the message. See docs/deploy.md for the settings.
"""

import json
import logging
import sys
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string

from .errors import ServiceError

log = logging.getLogger(__name__)

TEMPLATE_KEYS = ("vote_code", "objection_code", "rating_code", "notice")
# Tencent's templates take positional parameters: their order per key.
PARAM_ORDER = {
    "vote_code": ("code", "minutes"),
    "objection_code": ("code", "minutes"),
    "rating_code": ("code", "minutes"),
    "notice": ("subject", "text"),
}


class SmsSendFailed(ServiceError):
    def __init__(self, message, *, vendor_code=""):
        super().__init__(message, field="phone", code="sms_failed")
        self.vendor_code = vendor_code


# The vendors' documented error codes, in words a citizen can act on.
NUMBER_INVALID = "短信发送失败：手机号码无效，请检查后重新输入。"
NUMBER_LIMIT = "短信发送失败：该号码今天接收的短信已达上限，请明天再试或换一个号码。"
GATEWAY_DOWN = "短信发送失败：短信服务暂时不可用，请稍后再试；您填写的内容已保留。"
MISCONFIGURED = "短信发送失败：本站短信服务配置有误，请联系活动办公室；您填写的内容已保留。"

ALIYUN_ERRORS = {
    "isv.MOBILE_NUMBER_ILLEGAL": NUMBER_INVALID,
    "isv.BUSINESS_LIMIT_CONTROL": NUMBER_LIMIT,
    "isv.DAY_LIMIT_CONTROL": NUMBER_LIMIT,
    "isv.AMOUNT_NOT_ENOUGH": MISCONFIGURED,
    "isv.OUT_OF_SERVICE": MISCONFIGURED,
    "isv.SMS_SIGNATURE_ILLEGAL": MISCONFIGURED,
    "isv.SMS_TEMPLATE_ILLEGAL": MISCONFIGURED,
    "isv.TEMPLATE_MISSING_PARAMETERS": MISCONFIGURED,
    "isv.INVALID_PARAMETERS": MISCONFIGURED,
    "isp.SYSTEM_ERROR": GATEWAY_DOWN,
    "isp.RAM_PERMISSION_DENY": MISCONFIGURED,
    "SignatureDoesNotMatch": MISCONFIGURED,
    "InvalidAccessKeyId.NotFound": MISCONFIGURED,
    "Throttling.User": GATEWAY_DOWN,
}
TENCENT_ERRORS = {
    "InvalidParameterValue.IncorrectPhoneNumber": NUMBER_INVALID,
    "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber": NUMBER_INVALID,
    "LimitExceeded.PhoneNumberDailyLimit": NUMBER_LIMIT,
    "LimitExceeded.PhoneNumberOneHourLimit": NUMBER_LIMIT,
    "LimitExceeded.PhoneNumberThirtySecondLimit": NUMBER_LIMIT,
    "LimitExceeded.PhoneNumberSameContentDailyLimit": NUMBER_LIMIT,
    "FailedOperation.InsufficientBalanceInSmsPackage": MISCONFIGURED,
    "FailedOperation.SignatureIncorrectOrUnapproved": MISCONFIGURED,
    "FailedOperation.TemplateIncorrectOrUnapproved": MISCONFIGURED,
    "InvalidParameterValue.TemplateParameterFormatError": MISCONFIGURED,
    "AuthFailure.SignatureFailure": MISCONFIGURED,
    "AuthFailure.SecretIdNotFound": MISCONFIGURED,
    "InternalError.Timeout": GATEWAY_DOWN,
    "InternalError.RequestTimeException": MISCONFIGURED,
}


def _failed(table, code, detail):
    message = table.get(code) or (GATEWAY_DOWN if code.startswith(("isp.", "InternalError")) else MISCONFIGURED)
    log.warning("SMS gateway refused: %s %s", code, detail)
    return SmsSendFailed(message, vendor_code=code)


class ConsoleSmsBackend:
    def send(self, phone, text, *, template="notice", params=None):
        line = json.dumps({"at": datetime.now().isoformat(timespec="seconds"), "to": phone, "text": text}, ensure_ascii=False)
        print(f"[SMS] {line}", file=sys.stderr)
        settings.SMS_LOG_FILE.parent.mkdir(parents=True, exist_ok=True)
        with open(settings.SMS_LOG_FILE, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


class GatewayBackend:
    """Shared settings: SMS_SIGN_NAME, SMS_TEMPLATES {key: template id}, SMS_ENDPOINT (the vendor's by default)."""

    endpoint = ""

    def template_id(self, template):
        templates = settings.SMS_TEMPLATES
        if not templates.get(template):
            log.error("SMS template %r has no id in SMS_TEMPLATES", template)
            raise SmsSendFailed(MISCONFIGURED, vendor_code="template_missing")
        return templates[template]

    def where(self):
        return settings.SMS_ENDPOINT or self.endpoint


class AliyunSmsBackend(GatewayBackend):
    """Alibaba Cloud SMS: SMS_ACCESS_KEY_ID, SMS_ACCESS_KEY_SECRET, SMS_SIGN_NAME, SMS_TEMPLATES (SMS_xxxxxxxx)."""

    endpoint = "dysmsapi.aliyuncs.com"

    def client(self):
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi import models as open_api

        endpoint = self.where()
        protocol = "http" if endpoint.startswith("http://") else "https"
        config = open_api.Config(
            access_key_id=settings.SMS_ACCESS_KEY_ID,
            access_key_secret=settings.SMS_ACCESS_KEY_SECRET,
            endpoint=endpoint.removeprefix("http://").removeprefix("https://"),
            protocol=protocol,
            read_timeout=settings.SMS_TIMEOUT_MS,
            connect_timeout=settings.SMS_TIMEOUT_MS,
        )
        return Client(config)

    def send(self, phone, text, *, template="notice", params=None):
        from alibabacloud_dysmsapi20170525 import models
        from darabonba.runtime import RuntimeOptions

        request = models.SendSmsRequest(
            phone_numbers=phone,
            sign_name=settings.SMS_SIGN_NAME,
            template_code=self.template_id(template),
            template_param=json.dumps({k: str(v) for k, v in (params or {}).items()}, ensure_ascii=False),
        )
        try:
            response = self.client().send_sms_with_options(request, RuntimeOptions(autoretry=False))
        except Exception as exc:  # the SDK raises for HTTP errors (signature, key) and for network failures
            code = getattr(exc, "code", "") or ""
            if code:
                raise _failed(ALIYUN_ERRORS, str(code), getattr(exc, "message", "")) from exc
            log.warning("SMS gateway unreachable: %r", exc)
            raise SmsSendFailed(GATEWAY_DOWN, vendor_code="unreachable") from exc
        body = response.body
        if body.code != "OK":
            raise _failed(ALIYUN_ERRORS, body.code or "", body.message)
        return body.biz_id


class TencentSmsBackend(GatewayBackend):
    """Tencent Cloud SMS: SMS_SECRET_ID, SMS_SECRET_KEY, SMS_SDK_APP_ID, SMS_REGION, SMS_SIGN_NAME, SMS_TEMPLATES."""

    endpoint = "sms.tencentcloudapi.com"

    def client(self):
        from tencentcloud.common import credential
        from tencentcloud.common.profile.client_profile import ClientProfile
        from tencentcloud.common.profile.http_profile import HttpProfile
        from tencentcloud.sms.v20210111 import sms_client

        endpoint = self.where()
        http = HttpProfile(endpoint=endpoint.removeprefix("http://").removeprefix("https://"))
        http.scheme = "http" if endpoint.startswith("http://") else "https"
        http.reqTimeout = max(1, settings.SMS_TIMEOUT_MS // 1000)
        cred = credential.Credential(settings.SMS_SECRET_ID, settings.SMS_SECRET_KEY)
        return sms_client.SmsClient(cred, settings.SMS_REGION, ClientProfile(httpProfile=http))

    def send(self, phone, text, *, template="notice", params=None):
        from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
        from tencentcloud.sms.v20210111 import models

        params = params or {}
        request = models.SendSmsRequest()
        request.PhoneNumberSet = [phone if phone.startswith("+") else f"+86{phone}"]
        request.SmsSdkAppId = settings.SMS_SDK_APP_ID
        request.SignName = settings.SMS_SIGN_NAME
        request.TemplateId = self.template_id(template)
        request.TemplateParamSet = [str(params.get(k, "")) for k in PARAM_ORDER.get(template, sorted(params))]
        try:
            response = self.client().SendSms(request)
        except TencentCloudSDKException as exc:
            code = exc.get_code() or ""
            if code in ("ClientNetworkError", "ServerNetworkError", "ClientError") or not code:
                log.warning("SMS gateway unreachable: %r", exc)
                raise SmsSendFailed(GATEWAY_DOWN, vendor_code=code or "unreachable") from exc
            raise _failed(TENCENT_ERRORS, code, exc.get_message()) from exc
        if not response.SendStatusSet:
            log.warning("SMS gateway answered without a send status")
            raise SmsSendFailed(GATEWAY_DOWN, vendor_code="no_status")
        status = response.SendStatusSet[0]
        if status.Code != "Ok":
            raise _failed(TENCENT_ERRORS, status.Code or "", status.Message)
        return status.SerialNo


def send_sms(phone, text, *, template="notice", params=None):
    """Send one message; raises SmsSendFailed with a Chinese message when the gateway refuses or cannot be reached."""
    backend = import_string(settings.SMS_BACKEND)()
    return backend.send(phone, text, template=template, params=params or {})
