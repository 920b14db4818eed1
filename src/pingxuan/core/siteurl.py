"""The site's public address, used in every QR code and printed link.

In production `SITE_URL` is required (`manage.py check --deploy` fails without it). In development, when it is not
set, it follows the host of the request being served (so a phone scanning a QR printed from http://192.168.1.5:8000
reaches the same server); outside a request (commands, background tasks) it falls back to http://127.0.0.1:8000.
"""

import contextvars
import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

DEVELOPMENT_FALLBACK = "http://127.0.0.1:8000"
_request_base = contextvars.ContextVar("pingxuan_request_base", default="")


def site_url():
    """The public base address without a trailing slash."""
    configured = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if configured:
        return configured
    return _request_base.get() or DEVELOPMENT_FALLBACK


def absolute(path):
    return site_url() + path


def is_loopback(url=None):
    """Whether a printed QR code would point at this machine only (127.0.0.1, localhost, ::1)."""
    host = urlsplit(url or site_url()).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SiteUrlMiddleware:
    """Without SITE_URL, remember the address of the request being served so the links it prints follow it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "SITE_URL", ""):
            return self.get_response(request)
        token = _request_base.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)


SITE_URL_MISSING = checks.Error(
    "SITE_URL 未设置：二维码和打印的链接需要网站的公开地址。",
    hint="设置环境变量 SITE_URL，例如 SITE_URL=https://pingxuan.example.gov.cn（见 docs/deploy.md）。",
    id="pingxuan.E001",
)


@checks.register(checks.Tags.security, deploy=True)
def check_site_url_for_deploy(app_configs, **kwargs):
    return [] if getattr(settings, "SITE_URL", "") else [SITE_URL_MISSING]


@checks.register()
def check_site_url_in_production(app_configs, **kwargs):
    if getattr(settings, "PRODUCTION", False) and not getattr(settings, "SITE_URL", ""):
        return [SITE_URL_MISSING]
    bad = []
    url = getattr(settings, "SITE_URL", "")
    if url and urlsplit(url).scheme not in ("http", "https"):
        bad.append(
            checks.Error(
                f"SITE_URL 必须以 http:// 或 https:// 开头（现为 {url}）。",
                id="pingxuan.E002",
            )
        )
    return bad
