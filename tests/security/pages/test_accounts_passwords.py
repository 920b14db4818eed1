"""Passwords, the lock-out, idle sessions, API tokens and the audit of sign-ins: each attacked through HTTP."""

import datetime
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from pingxuan.audit.models import AuditEvent

PASSWORD = "Pass-word-2026"


def login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def signed_in(username, password=PASSWORD):
    client = Client(HTTP_USER_AGENT="pytest-browser/2.0")
    assert login(client, username, password).status_code == 302
    return client


@pytest.fixture
def clerk(tree, admin_user, make_user):
    return make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")


# Product words and the validators -------------------------------------------------------------------------


@pytest.mark.parametrize("guess", ["Pingxuan2026!", "PING-XUAN-2027", "评选2026abc!", "Pxpy-2026-abcd"])
def test_the_products_own_words_and_the_username_are_refused_as_passwords(clerk, guess):
    client = signed_in("chen")
    page = client.post("/accounts/", {"old_password": PASSWORD, "new_password": guess})
    assert page.status_code == 400
    text = page.content.decode()
    assert "密码不符合要求：" in text
    assert login(Client(), "chen", guess).status_code == 200  # the guess does not sign in
    assert login(Client(), "chen", PASSWORD).status_code == 302


def test_product_word_message_names_the_rule(clerk):
    response = signed_in("chen").post("/api/me/password/", {"old_password": PASSWORD, "new_password": "Pingxuan2026!"})
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "密码不符合要求：密码不能包含本系统的名称或常用词（pingxuan）。", "code": "invalid", "field": "new_password"},
    )


# Changing and resetting ---------------------------------------------------------------------------------------


def test_a_user_changes_the_password_on_the_account_page_and_stays_signed_in(clerk):
    client = signed_in("chen")
    wrong = client.post("/accounts/", {"old_password": "not-mine", "new_password": "Brand-new-2027"})
    assert wrong.status_code == 400 and "原密码不正确。" in wrong.content.decode()
    done = client.post("/accounts/", {"old_password": PASSWORD, "new_password": "Brand-new-2027"}, follow=True)
    assert "密码已修改。" in done.content.decode()
    assert client.get("/").status_code == 200
    assert login(Client(), "chen", PASSWORD).status_code == 200
    assert login(Client(), "chen", "Brand-new-2027").status_code == 302
    event = AuditEvent.objects.get(action="auth.password_changed")
    assert (event.actor_id, event.ip, event.after) == (clerk.pk, "127.0.0.1", {"user_agent": "pytest-browser/2.0"})


def test_an_organiser_resets_a_clerks_password_and_the_old_sessions_and_token_end(clerk, tree, admin_user, make_user):
    make_user(tree["dongbao"], "organiser", by=admin_user, username="db-org")
    victim_session = signed_in("chen")
    Client().post("/api/auth/token/", {"username": "chen", "password": PASSWORD}, content_type="application/json")
    assert Token.objects.filter(user=clerk).exists()
    org = signed_in("db-org")
    refused = org.post(f"/accounts/people/{clerk.pk}/reset-password/", {"new_password": "Pingxuan-2027"}, follow=True)
    assert "密码不能包含本系统的名称或常用词（pingxuan）" in refused.content.decode()
    done = org.post(f"/accounts/people/{clerk.pk}/reset-password/", {"new_password": "Reset-by-office-9"}, follow=True)
    assert "新密码已设置；原 API 令牌已作废。" in done.content.decode()
    assert not Token.objects.filter(user=clerk).exists()
    assert victim_session.get("/")["Location"].startswith("/accounts/login/")
    assert login(Client(), "chen", "Reset-by-office-9").status_code == 302
    event = AuditEvent.objects.get(action="auth.password_reset")
    assert (event.actor.username, event.object_id, event.after["token_revoked"]) == ("db-org", str(clerk.pk), True)


def test_an_organiser_of_another_district_cannot_reset_or_unlock(clerk, tree, admin_user, make_user):
    make_user(tree["duodao"], "organiser", by=admin_user, username="dd-org")
    other = signed_in("dd-org")
    assert other.post(f"/accounts/people/{clerk.pk}/reset-password/", {"new_password": "Taken-over-2027"}).status_code == 404
    assert other.get(f"/accounts/people/{clerk.pk}/").status_code == 404
    assert login(Client(), "chen", PASSWORD).status_code == 302


def test_an_administrator_unlocks_a_locked_account(clerk, admin_user, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "chen", "guessing")
    assert login(Client(), "chen", PASSWORD).status_code == 429
    admin = signed_in("admin", "Admin-pass-2026")
    page = admin.get(f"/accounts/people/{clerk.pk}/").content.decode()
    assert "已锁定" in page
    done = admin.post(f"/accounts/people/{clerk.pk}/unlock/", follow=True)
    assert "账号已解锁。" in done.content.decode()
    assert login(Client(), "chen", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="auth.unlocked")
    assert (event.actor_id, event.before) == (
        admin_user.pk,
        {"locked": True, "failures": settings.AXES_FAILURE_LIMIT + 1},
    )  # the last refused with the right password
    again = admin.post(f"/api/users/{clerk.pk}/unlock/")
    assert (again.status_code, again.json()["detail"]) == (400, "chen 的账号没有被锁定。")


# Sign-in events ----------------------------------------------------------------------------------------------


def test_sign_ins_failures_and_sign_outs_are_audited_with_address_and_browser(clerk):
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 test", REMOTE_ADDR="10.1.2.3")
    login(client, "chen", "wrong-one")
    login(client, "nobody", "wrong-two")
    login(client, "chen")
    client.post("/accounts/logout/")
    events = list(
        AuditEvent.objects.filter(action__startswith="auth.").order_by("id").values_list("action", "actor_repr", "ip", "after")
    )
    agent = {"user_agent": "Mozilla/5.0 test"}
    assert events == [
        ("auth.login_failed", "登录失败：chen", "10.1.2.3", agent),
        ("auth.login_failed", "登录失败：nobody", "10.1.2.3", agent),
        ("auth.login", "chen", "10.1.2.3", {"second_factor_pending": False, **agent}),
        ("auth.logout", "chen", "10.1.2.3", agent),
    ]


# Idle sessions -----------------------------------------------------------------------------------------------


def test_a_staff_session_idle_longer_than_the_limit_ends(clerk, settings):
    settings.SESSION_IDLE_SECONDS = 2 * 3600
    client = signed_in("chen")
    assert client.get("/").status_code == 200
    session = client.session
    session["px_seen"] = int(time.time()) - 2 * 3600 - 5  # the last request was two hours ago
    session.save()
    response = client.get("/campaigns/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/campaigns/")
    assert client.get("/")["Location"].startswith("/accounts/login/")
    api = signed_in("chen")
    session = api.session
    session["px_seen"] = int(time.time()) - 2 * 3600 - 5
    session.save()
    assert api.get("/api/me/").json() == {"detail": "长时间未操作，登录已过期，请重新登录。", "code": "session_expired"}


def test_an_active_session_stays(clerk, settings):
    settings.SESSION_IDLE_SECONDS = 2 * 3600
    client = signed_in("chen")
    session = client.session
    session["px_seen"] = int(time.time()) - 3600
    session.save()
    assert client.get("/").status_code == 200


# API tokens ---------------------------------------------------------------------------------------------------


def token(username="chen", password=PASSWORD):
    return Client().post("/api/auth/token/", {"username": username, "password": password}, content_type="application/json")


def test_an_api_token_expires_after_the_configured_days(clerk, settings):
    settings.API_TOKEN_DAYS = 30
    key = token().json()["token"]
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/me/").status_code == 200
    Token.objects.filter(key=key).update(created=timezone.now() - datetime.timedelta(days=30, seconds=1))
    old = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/me/")
    assert (old.status_code, old.json()) == (403, {"detail": "API 令牌已过期，请重新获取令牌。"})
    fresh = token().json()["token"]
    assert fresh != key
    assert Client(HTTP_AUTHORIZATION=f"Token {fresh}").get("/api/me/").status_code == 200
    assert list(AuditEvent.objects.filter(action="auth.token_issued").values_list("actor_id", flat=True)) == [clerk.pk] * 2


def test_a_token_is_revoked_through_the_api_and_on_the_account_page(clerk):
    key = token().json()["token"]
    api = Client(HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR="10.9.9.9")
    assert api.post("/api/auth/token/revoke/").json() == {"detail": "API 令牌已作废。"}
    assert api.get("/api/me/").json() == {"detail": "认证令牌无效。"}
    key = token().json()["token"]
    web = signed_in("chen")
    assert "有效至" in web.get("/accounts/").content.decode()
    assert "API 令牌已作废。" in web.post("/accounts/token/revoke/", follow=True).content.decode()
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/me/").status_code == 403
    revoked = list(AuditEvent.objects.filter(action="auth.token_revoked").order_by("id").values_list("actor_id", "ip"))
    assert revoked == [(clerk.pk, "10.9.9.9"), (clerk.pk, "127.0.0.1")]


# Demo data and the first administrator ------------------------------------------------------------------------


def test_production_never_loads_the_demo_unless_asked(db, settings):
    from pingxuan.orgs.models import User

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="正式环境不载入演示数据"):
        call_command("demo")
    assert not User.objects.exists()


def test_run_prod_loads_the_demo_only_with_the_flag():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[3] / "scripts" / "run_prod.sh").read_text()
    demo_lines = [line.strip() for line in script.splitlines() if "manage.py demo" in line]
    assert demo_lines == ["$PY manage.py demo --in-production > var/prod/demo.txt"]
    assert 'if [ "$LOAD_DEMO" = true ]; then\n  $PY manage.py demo --in-production' in script


def test_the_first_administrator_gets_a_one_time_set_up_link(db, settings, capsys):
    from pingxuan.orgs.models import User

    settings.SITE_URL = "https://pingxuan.example.gov.cn"
    call_command("create_admin", "--username", "root", "--link")
    out = capsys.readouterr().out
    link = next(line.strip() for line in out.splitlines() if line.strip().startswith("https://"))
    path = link.removeprefix("https://pingxuan.example.gov.cn")
    user = User.objects.get(username="root")
    assert (user.is_superuser, user.has_usable_password()) == (True, False)
    client = Client()
    form = client.get(path, follow=True)
    assert "请为账号 <strong>root</strong> 设置密码" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "pingxuan-root-1", "new_password2": "pingxuan-root-1"})
    assert "密码不能包含本系统的名称或常用词" in weak.content.decode()
    done = client.post(set_url, {"new_password1": "Strong-first-2026", "new_password2": "Strong-first-2026"})
    assert done["Location"] == "/accounts/login/"
    assert login(Client(), "root", "Strong-first-2026").status_code == 302
    reused = Client().get(path, follow=True)
    assert "该链接无效或已使用" in reused.content.decode()
    assert AuditEvent.objects.filter(action="auth.password_set_by_link", actor=user).count() == 1


def test_create_admin_asks_for_a_password_that_passes_the_rules(db, monkeypatch, capsys):
    from pingxuan.orgs.models import User

    answers = iter(["pingxuan", "pingxuan", "Good-admin-2026", "Good-admin-2026"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("create_admin", "--username", "boss")
    captured = capsys.readouterr()
    assert "密码不能包含本系统的名称或常用词（pingxuan）" in captured.err
    assert User.objects.get(username="boss").check_password("Good-admin-2026")
