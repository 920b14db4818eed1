"""A lean path for `POST /api/vote/`, the busiest write of a campaign.

The vote is authenticated by its signed voter token in a header, not by a cookie, so the session, CSRF, messages,
account lock-out and second-factor middleware have nothing to do for it. `VoteIngestMiddleware` sits right after
the security and static-file middleware: a well-formed JSON vote is answered here through the same service
(`services.cast_vote`, every rule included) with the same answers as the API view; anything else (a malformed body,
another content type) goes on to the API view, which gives the detailed field messages.
"""

import json
import secrets

from django.core import signing
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware

from pingxuan.core.errors import ServiceError
from pingxuan.core.middleware import SecurityHeadersMiddleware, out_of_service, unavailable_response

from . import services

PATH = "/api/vote/"
FIELDS = {"nomination", "captcha_token", "captcha_answer"}


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


DEVICE_COOKIE = "pxd"
DEVICE_MAX_AGE = 365 * 86400
_device_signer = signing.Signer(salt="pingxuan.voting.device")


def sign_device(raw):
    """The value a client keeps for device `raw`: the id with this server's signature."""
    return _device_signer.sign(raw)


def issue_device():
    """A new device identity: (the id stored with votes, the signed value the client keeps in the cookie)."""
    raw = secrets.token_hex(12)
    return raw, sign_device(raw)


def read_device(value):
    """The device id of a signed value issued by this server; "" (an unknown device) for anything else."""
    if not value:
        return ""
    try:
        return _device_signer.unsign(value)[:64]
    except signing.BadSignature:
        return ""


def device_of(request):
    """The server-issued device of the request (cookie, or the same signed value in `X-Device-Id` for apps); a
    missing, made-up or rotated id is "" — an unknown device for the limits and the fraud analysis."""
    return read_device(request.headers.get("X-Device-Id") or request.COOKIES.get(DEVICE_COOKIE))


def device_seed(request):
    """What orders the candidates for this visitor: the client's device value as sent (signed or not)."""
    return (request.headers.get("X-Device-Id") or request.COOKIES.get(DEVICE_COOKIE) or "")[:128]


def give_device(request, response):
    """Set a signed device cookie on the answer unless the request already carries a valid one; returns the value
    the client now holds."""
    if device_of(request):
        return request.headers.get("X-Device-Id") or request.COOKIES.get(DEVICE_COOKIE)
    _raw, signed = issue_device()
    response.set_cookie(DEVICE_COOKIE, signed, max_age=DEVICE_MAX_AGE, httponly=True, samesite="Lax", secure=request.is_secure())
    return signed


def user_agent(request):
    return request.META.get("HTTP_USER_AGENT", "")[:256]


def voter_token(request):
    return request.headers.get("X-Voter-Token") or request.COOKIES.get("pxv") or ""


def cast(request, data):
    """Run the vote for a checked body; returns the receipt data (the service refuses in Chinese)."""
    return services.cast_vote(
        token=voter_token(request),
        nomination_id=data["nomination"],
        ip=client_ip(request),
        device=device_of(request),
        user_agent=user_agent(request),
        captcha_token=data.get("captcha_token"),
        captcha_answer=data.get("captcha_answer"),
    )


def _plain_body(request):
    """The body as the serializer would accept it, or None when the API view should explain what is wrong."""
    if request.content_type != "application/json":
        return None
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not set(data) <= FIELDS or type(data.get("nomination")) is not int:
        return None
    if any(not isinstance(data.get(k, ""), str) for k in ("captcha_token", "captcha_answer")):
        return None
    return data


def _json(data, status):
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_default).encode()
    response = HttpResponse(body, content_type="application/json", status=status)
    response["Content-Length"] = str(len(body))  # as CommonMiddleware would: keep-alive without chunking
    return response


def _default(value):
    text = value.isoformat()  # the datetime, written as the API's JSON renderer writes it
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class VoteIngestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The answer still gets the headers every page gets from the middleware it skips.
        self.lean = XFrameOptionsMiddleware(SecurityHeadersMiddleware(self.answer))

    def __call__(self, request):
        if request.method != "POST" or request.path_info != PATH:
            return self.get_response(request)
        request.vote_data = _plain_body(request)
        if request.vote_data is None:
            return self.get_response(request)
        return self.lean(request)

    def answer(self, request):
        try:
            return _json(cast(request, request.vote_data), 201)
        except ServiceError as exc:
            return _json(exc.as_dict(), exc.status)
        except Exception as exc:
            if out_of_service(exc):  # the database or Redis is down: nothing was recorded (see core.middleware)
                return unavailable_response(request)
            raise
