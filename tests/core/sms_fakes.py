"""Local stand-ins for the two SMS gateways, on 127.0.0.1: each checks a request as the vendor documents it — the
action and version headers, the parameters, and the signature recomputed from the secret (Alibaba Cloud's
ACS3-HMAC-SHA256, Tencent Cloud's TC3-HMAC-SHA256) — and answers success or the documented error chosen by the
phone number. Written from the vendors' API references, not from the SDKs.
"""

import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit

ALIYUN_KEY, ALIYUN_SECRET = "LTAI5tDemoKeyId", "demo-access-key-secret"
TENCENT_ID, TENCENT_KEY = "AKIDdemoSecretId", "demo-secret-key"
SIGN_NAME = "评选平台"
APP_ID = "1400000001"

# The phone number picks the answer: a documented error, or success.
ALIYUN_ANSWERS = {
    "13800000001": ("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"),
    "13800000002": ("isv.BUSINESS_LIMIT_CONTROL", "业务限流"),
    "13800000003": ("isv.AMOUNT_NOT_ENOUGH", "账户余额不足"),
    "13800000004": ("isv.SMS_TEMPLATE_ILLEGAL", "模板不合法"),
    "13800000005": ("isp.SYSTEM_ERROR", "系统错误"),
}
TENCENT_ANSWERS = {
    "+8613800000001": ("InvalidParameterValue.IncorrectPhoneNumber", "invalid phone number"),
    "+8613800000002": (
        "LimitExceeded.PhoneNumberDailyLimit",
        "the number of SMS messages sent from a single mobile number every day exceeds the upper limit",
    ),
    "+8613800000003": ("FailedOperation.InsufficientBalanceInSmsPackage", "insufficient balance in SMS package"),
    "+8613800000004": (
        "FailedOperation.TemplateIncorrectOrUnapproved",
        "template is not approved or request content does not match the approved template content",
    ),
    "+8613800000005": ("InternalError.Timeout", "timeout"),
}


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256)


def _rfc3986(text):
    return quote(text, safe="-_.~")


def aliyun_signature(method, path, query, headers, body, secret):
    """ACS3-HMAC-SHA256 as documented: canonical request → sha256 → HMAC-SHA256 with the AccessKey secret."""
    auth = headers["authorization"]
    signed = auth.split("SignedHeaders=", 1)[1].split(",", 1)[0].split(";")
    canonical_query = "&".join(f"{_rfc3986(k)}={_rfc3986(v)}" for k, v in sorted(query))
    canonical_headers = "".join(f"{name}:{headers[name].strip()}\n" for name in signed)
    canonical = "\n".join([method, path, canonical_query, canonical_headers, ";".join(signed), _sha256(body)])
    to_sign = "ACS3-HMAC-SHA256\n" + _sha256(canonical.encode())
    return _hmac(secret.encode(), to_sign).hexdigest()


def tencent_signature(headers, body, secret_key, service="sms"):
    """TC3-HMAC-SHA256 as documented: canonical request, credential scope of the UTC date, derived signing key."""
    timestamp = int(headers["x-tc-timestamp"])
    date = datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%d")
    auth = headers["authorization"]
    signed = auth.split("SignedHeaders=", 1)[1].split(",", 1)[0].strip().split(";")
    canonical_headers = "".join(f"{name}:{headers[name].strip().lower()}\n" for name in signed)
    canonical = "\n".join(["POST", "/", "", canonical_headers, ";".join(signed), _sha256(body)])
    scope = f"{date}/{service}/tc3_request"
    to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{_sha256(canonical.encode())}"
    key = _hmac(("TC3" + secret_key).encode(), date).digest()
    key = hmac.new(key, service.encode(), hashlib.sha256).digest()
    key = hmac.new(key, b"tc3_request", hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(), f"{date}/{service}/tc3_request"


class Fake:
    """A running fake gateway: `url` to put in SMS_ENDPOINT, `requests` it accepted (checked) or refused."""

    def __init__(self, vendor):
        self.vendor = vendor
        self.requests = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, answer = (fake.aliyun if fake.vendor == "aliyun" else fake.tencent)(self.path, headers, body)
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                # as each vendor answers (Tencent Cloud's SDK reads errors only from exactly application/json)
                self.send_header(
                    "Content-Type", "application/json;charset=utf-8" if fake.vendor == "aliyun" else "application/json"
                )
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # Alibaba Cloud SMS, SendSms (Dysmsapi 2017-05-25, RPC style): parameters in the query; JSON answer with Code.
    def aliyun(self, path, headers, body):
        parts = urlsplit(path)
        query = parse_qsl(parts.query, keep_blank_values=True)
        params = dict(query)
        seen = {"params": params, "action": headers.get("x-acs-action"), "version": headers.get("x-acs-version")}
        self.requests.append(seen)
        request_id = "F655A8D5-B967-440B-8683-DAD6FF8DE990"
        if (seen["action"], seen["version"]) != ("SendSms", "2017-05-25"):
            return 400, {"Code": "InvalidAction.NotFound", "Message": "Specified api is not found", "RequestId": request_id}
        auth = headers.get("authorization", "")
        if not auth.startswith(f"ACS3-HMAC-SHA256 Credential={ALIYUN_KEY},"):
            return 404, {
                "Code": "InvalidAccessKeyId.NotFound",
                "Message": "Specified access key is not found.",
                "RequestId": request_id,
            }
        if headers.get("x-acs-content-sha256") != _sha256(body):
            return 400, {
                "Code": "IncompleteSignature",
                "Message": "The request signature does not conform to Aliyun standards.",
                "RequestId": request_id,
            }
        expected = aliyun_signature("POST", parts.path or "/", query, headers, body, ALIYUN_SECRET)
        if auth.rsplit("Signature=", 1)[1] != expected:
            return 400, {
                "Code": "SignatureDoesNotMatch",
                "Message": "Specified signature is not matched with our calculation.",
                "RequestId": request_id,
            }
        for name in ("PhoneNumbers", "SignName", "TemplateCode"):
            if not params.get(name):
                return 400, {
                    "Code": "MissingParameter",
                    "Message": f"{name} is mandatory for this action.",
                    "RequestId": request_id,
                }
        seen["signed"] = True
        try:
            json.loads(params.get("TemplateParam") or "{}")
        except ValueError:
            return 200, {"Code": "isv.INVALID_JSON_PARAM", "Message": "JSON参数不合法", "RequestId": request_id}
        if params["SignName"] != SIGN_NAME:
            return 200, {"Code": "isv.SMS_SIGNATURE_ILLEGAL", "Message": "签名不合法", "RequestId": request_id}
        if params["PhoneNumbers"] in ALIYUN_ANSWERS:
            code, message = ALIYUN_ANSWERS[params["PhoneNumbers"]]
            return 200, {"Code": code, "Message": message, "RequestId": request_id}
        return 200, {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": request_id}

    # Tencent Cloud SMS, SendSms (2021-01-11): a JSON body; the answer in Response, errors in Response.Error or per number.
    def tencent(self, path, headers, body):
        request_id = "a0aabda6-cf91-4f3e-a81f-9198114a2279"
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            params = {}
        seen = {
            "params": params,
            "action": headers.get("x-tc-action"),
            "version": headers.get("x-tc-version"),
            "region": headers.get("x-tc-region"),
        }
        self.requests.append(seen)

        def error(code, message):
            return 200, {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}}

        if (seen["action"], seen["version"]) != ("SendSms", "2021-01-11"):
            return error("InvalidAction", "the action does not exist")
        auth = headers.get("authorization", "")
        signature, scope = tencent_signature(headers, body, TENCENT_KEY)
        if not auth.startswith(f"TC3-HMAC-SHA256 Credential={TENCENT_ID}/"):
            return error("AuthFailure.SecretIdNotFound", "the SecretId is not found")
        if f"Credential={TENCENT_ID}/{scope}," not in auth or not auth.endswith(f"Signature={signature}"):
            return error("AuthFailure.SignatureFailure", "the provided credentials could not be validated")
        for name in ("PhoneNumberSet", "SmsSdkAppId", "TemplateId"):
            if not params.get(name):
                return error("MissingParameter", f"the parameter `{name}` is missing")
        seen["signed"] = True
        if params.get("SmsSdkAppId") != APP_ID:
            return error("FailedOperation.MissingSignatureToModify", "SmsSdkAppId is invalid")
        statuses = []
        for number in params["PhoneNumberSet"]:
            code, message = TENCENT_ANSWERS.get(number, ("Ok", "send success"))
            statuses.append(
                {
                    "SerialNo": "2028:f825e6b16e23f73f4123" if code == "Ok" else "",
                    "PhoneNumber": number,
                    "Fee": 1 if code == "Ok" else 0,
                    "SessionContext": "",
                    "Code": code,
                    "Message": message,
                    "IsoCode": "CN",
                }
            )
        return 200, {"Response": {"SendStatusSet": statuses, "RequestId": request_id}}
