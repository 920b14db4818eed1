"""Organiser two-factor sign-in also guards the API used with a browser session (the token endpoint has its own
check, tested in tests/orgs/api/test_auth.py)."""

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_organiser_session_reaches_the_api_only_after_the_second_factor(tree, admin_user, make_user, settings):
    settings.REQUIRE_STAFF_2FA = True
    organiser = make_user(tree["root"], "organiser", by=admin_user, username="wang")
    device = TOTPDevice.objects.create(user=organiser, name="验证器", confirmed=True)
    client = Client()
    signed_in = client.post(reverse("login"), {"username": "wang", "password": "Pass-word-2026"})
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/")
    refused = client.get("/api/me/")
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "该账号须先完成两步验证（手机验证器）。", "code": "otp_required"},
    )
    assert client.get("/api/campaigns/").status_code == 403
    verified = client.post("/accounts/otp/", {"token": current_code(device), "next": "/"})
    assert (verified.status_code, verified["Location"]) == (302, "/")
    me = client.get("/api/me/")
    assert (me.status_code, me.json()["username"]) == (200, "wang")


def test_a_clerk_session_needs_no_second_factor(tree, admin_user, make_user, settings):
    settings.REQUIRE_STAFF_2FA = True
    make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")
    client = Client()
    client.post(reverse("login"), {"username": "chen", "password": "Pass-word-2026"})
    assert client.get("/api/me/").json()["username"] == "chen"
