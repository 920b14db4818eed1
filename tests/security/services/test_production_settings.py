"""Production settings: HTTPS redirect, HSTS under TLS, secure session and CSRF cookies, security headers.

Run in a child process with the production environment (settings are read once per process).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = r"""
import json, django
django.setup()
from django.conf import settings
from django.test import Client
c = Client()
plain = c.get("/accounts/login/")
tls = c.get("/accounts/login/", secure=True)
cookie = tls.cookies["csrftoken"]
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "tls": tls.status_code,
    "hsts": tls.get("Strict-Transport-Security"),
    "plain_hsts": plain.get("Strict-Transport-Security"),
    "headers": [tls.get(h) for h in ("X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options")],
    "csp": tls.get("Content-Security-Policy"),
    "csrf_cookie": [bool(cookie["secure"]), cookie["samesite"]],
    "session_cookie": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE],
    "debug": settings.DEBUG,
    "organiser_2fa": settings.REQUIRE_STAFF_2FA,
}))
"""


def probe(tmp_path, **extra):
    env = {
        **os.environ,
        "PINGXUAN_PRODUCTION": "true",
        "SECRET_KEY": "s" * 64 + "-production-secret",
        "ALLOWED_HOSTS": "testserver",
        "PINGXUAN_VAR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "pingxuan.settings",
        "PYTHONPATH": str(ROOT / "src"),
        **extra,
    }
    for name in ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECURE_COOKIES", "SECURE_SSL_REDIRECT"):
        if name not in extra:
            env.pop(name, None)
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_answer_over_tls_only_with_hsts_and_secure_cookies(tmp_path):
    seen = probe(tmp_path)
    assert seen["plain"] == [301, "https://testserver/accounts/login/"]
    assert seen["plain_hsts"] is None
    assert seen["tls"] == 200
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["headers"] == ["DENY", "same-origin", "nosniff"]
    assert "frame-ancestors 'none'" in seen["csp"] and "default-src 'self'" in seen["csp"]
    assert seen["csrf_cookie"] == [True, "Lax"]
    assert seen["session_cookie"] == [True, True, "Lax"]
    assert (seen["debug"], seen["organiser_2fa"]) == (False, True)


def test_single_machine_without_tls_keeps_the_headers_but_plain_cookies(tmp_path):
    seen = probe(tmp_path, SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false")
    assert seen["plain"] == [200, None]
    assert seen["csrf_cookie"] == [False, "Lax"]
    assert seen["headers"] == ["DENY", "same-origin", "nosniff"]
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"  # only ever sent on HTTPS answers
