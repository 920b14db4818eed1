import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

ROOT = Path(__file__).resolve().parents[3]


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_passwords_are_hashed_with_argon2(tree, admin_user, make_user):
    user = make_user(tree["dongbao"], "clerk", by=admin_user)
    assert user.password.startswith("argon2$")


def test_login_lands_on_the_dashboard(client, tree, admin_user, make_user):
    make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")
    response = login(client, "chen", "Pass-word-2026")
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/").content.decode()
    assert "工作台" in page and "经办人 · 东宝区" in page


def test_wrong_password_message(client, tree, admin_user, make_user):
    make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")
    page = login(client, "chen", "wrong-password").content.decode()
    assert "用户名或密码不正确。连续失败多次后账号将被暂时锁定。" in page


def test_lockout_after_repeated_failures(client, tree, admin_user, make_user, settings):
    make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "chen", "wrong-password")
    locked = login(client, "chen", "wrong-password")
    assert locked.status_code == 429
    assert "登录失败次数过多，账号已被暂时锁定" in locked.content.decode()
    still = login(client, "chen", "Pass-word-2026")
    assert still.status_code == 429


def test_organiser_must_pass_totp_when_required(client, tree, admin_user, make_user, settings):
    settings.REQUIRE_STAFF_2FA = True
    make_user(tree["root"], "organiser", by=admin_user, username="wang")
    login(client, "wang", "Pass-word-2026")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/?next=/"
    setup = client.get("/accounts/otp/", follow=True)
    assert "启用两步验证" in setup.content.decode()
    device = TOTPDevice.objects.get(user__username="wang")
    token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    ok = client.post("/accounts/otp/setup/", {"token": token, "next": "/"})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_totp_is_refused(client, tree, admin_user, make_user, settings):
    settings.REQUIRE_STAFF_2FA = True
    user = make_user(tree["root"], "organiser", by=admin_user, username="wang")
    TOTPDevice.objects.create(user=user, name="验证器", confirmed=True)
    login(client, "wang", "Pass-word-2026")
    bad = client.post("/accounts/otp/", {"token": "000000", "next": "/"})
    assert "验证码不正确或已过期，请重新输入手机验证器上的 6 位数字。" in bad.content.decode()
    assert client.get("/")["Location"] == "/accounts/otp/?next=/"


def test_clerk_is_not_asked_for_totp(client, tree, admin_user, make_user, settings):
    settings.REQUIRE_STAFF_2FA = True
    make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")
    login(client, "chen", "Pass-word-2026")
    assert client.get("/").status_code == 200


def test_security_headers(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db(transaction=False)
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "PINGXUAN_PRODUCTION": "true",
        "SECRET_KEY": "k" * 64 + "-production-secret-for-the-check",
        "ALLOWED_HOSTS": "pingxuan.example.gov.cn",
        "SITE_URL": "https://pingxuan.example.gov.cn",
        "PINGXUAN_VAR": str(tmp_path),
        "DEBUG": "false",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stdout.strip(), result.stderr.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
        "",
    )
