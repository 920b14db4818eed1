"""The second factor cannot be bypassed with the password alone (issue: a password-only session enrolled a new
authenticator next to the real one), and is asked of every role that must have it."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pingxuan.audit.models import AuditEvent
from pingxuan.orgs import accounts

PASSWORD = "Pass-word-2026"


def code(device, ahead=0):
    """The device's current code; `ahead=1` the next time step's (accepted within the tolerance), for a second
    use of the same device in one test (a code is accepted once)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead):06d}"


def signed_in(username, password=PASSWORD):
    client = Client(HTTP_USER_AGENT="attack-test/1.0")
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


@pytest.fixture
def organiser(tree, admin_user, make_user, settings):
    settings.REQUIRE_STAFF_2FA = True
    person = make_user(tree["root"], "organiser", by=admin_user, username="wang")
    device = TOTPDevice.objects.create(user=person, name="真正的验证器", confirmed=True)
    return person, device


def test_a_password_only_session_cannot_enrol_a_second_authenticator(organiser):
    person, _real = organiser
    attacker = signed_in("wang")
    page = attacker.get("/accounts/otp/setup/")
    assert (page.status_code, page["Location"]) == (302, "/accounts/otp/")
    # Even posting a code for a device the attacker made does not confirm it.
    rogue = TOTPDevice.objects.create(user=person, name="攻击者", confirmed=False)
    posted = attacker.post("/accounts/otp/setup/", {"token": code(rogue), "next": "/"})
    assert (posted.status_code, posted["Location"]) == (302, "/accounts/otp/")
    assert list(TOTPDevice.objects.filter(user=person, confirmed=True).values_list("name", flat=True)) == ["真正的验证器"]
    # and no other /accounts/ page is open before the code: the account page, the people pages, token revoke
    for path in ("/accounts/", "/accounts/people/", "/accounts/token/revoke/"):
        response = attacker.get(path)
        assert (response.status_code, response["Location"]) == (302, "/accounts/otp/?next=" + path), path
    assert attacker.post("/api/me/password/", {"old_password": PASSWORD, "new_password": "Other-long-2027"}).json() == {
        "detail": "该账号须先完成两步验证（手机验证器）。",
        "code": "otp_required",
    }


def test_a_verified_session_adds_an_authenticator_only_with_the_current_code(organiser):
    person, real = organiser
    client = signed_in("wang")
    assert client.post("/accounts/otp/", {"token": code(real), "next": "/"})["Location"] == "/"
    page = client.get("/accounts/otp/setup/")
    assert page.status_code == 200 and "原验证器上的验证码" in page.content.decode()
    new = TOTPDevice.objects.get(user=person, confirmed=False)
    refused = client.post("/accounts/otp/setup/", {"token": code(new), "next": "/"})
    assert refused.status_code == 400
    assert "添加新的验证器须先输入原验证器上当前的 6 位数字" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=person, confirmed=True).count() == 1
    added = client.post("/accounts/otp/setup/", {"token": code(new), "current_token": code(real, ahead=1), "next": "/accounts/"})
    assert (added.status_code, added["Location"]) == (302, "/accounts/")
    assert TOTPDevice.objects.filter(user=person, confirmed=True).count() == 2
    event = AuditEvent.objects.filter(action="auth.otp_enabled").get()
    assert (event.actor_id, event.ip, event.after["user_agent"]) == (person.pk, "127.0.0.1", "attack-test/1.0")


@pytest.mark.parametrize("role", ["admin", "organiser", "leader"])
def test_admins_organisers_and_leaders_must_pass_the_second_factor(tree, admin_user, make_user, settings, role):
    settings.REQUIRE_STAFF_2FA = True
    make_user(tree["root"], role, by=admin_user, username="boss")
    client = signed_in("boss")
    assert client.get("/")["Location"] == "/accounts/otp/?next=/"
    assert client.get("/accounts/otp/", follow=True).redirect_chain == [("/accounts/otp/setup/", 302)]


def test_the_setting_off_asks_no_role(tree, admin_user, make_user, settings):
    settings.REQUIRE_STAFF_2FA = False
    make_user(tree["root"], "leader", by=admin_user, username="boss")
    assert signed_in("boss").get("/").status_code == 200


def test_a_clerk_who_enrolled_is_asked_for_the_code_too(tree, admin_user, make_user, settings):
    settings.REQUIRE_STAFF_2FA = True
    clerk = make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")
    client = signed_in("chen")
    assert client.get("/accounts/").status_code == 200  # offered on the account page
    assert "启用两步验证" in client.get("/accounts/").content.decode()
    client.get("/accounts/otp/setup/")
    device = TOTPDevice.objects.get(user=clerk)
    assert client.post("/accounts/otp/setup/", {"token": code(device), "next": "/"})["Location"] == "/"
    again = signed_in("chen")
    assert again.get("/")["Location"] == "/accounts/otp/?next=/"
    token = Client().post("/api/auth/token/", {"username": "chen", "password": PASSWORD}, content_type="application/json")
    assert (token.status_code, token.json()["code"]) == (403, "otp_required")


def test_an_administrator_resets_a_lost_authenticator_with_a_reason(organiser, admin_user, settings):
    person, real = organiser
    settings.REQUIRE_STAFF_2FA = False  # the administrator's own session needs no code here
    admin = signed_in("admin", "Admin-pass-2026")
    refused = admin.post(f"/accounts/people/{person.pk}/reset-otp/", {"reason": ""}, follow=True)
    assert "请填写重置两步验证的理由。" in refused.content.decode()
    done = admin.post(f"/accounts/people/{person.pk}/reset-otp/", {"reason": "手机遗失，本人当面申请"}, follow=True)
    assert "两步验证已重置" in done.content.decode()
    assert not accounts.has_second_factor(person)
    event = AuditEvent.objects.get(action="auth.otp_reset")
    assert (event.actor_id, event.object_id, event.reason, event.before) == (
        admin_user.pk,
        str(person.pk),
        "手机遗失，本人当面申请",
        {"devices": [real.pk]},
    )
    # the person enrols afresh at the next sign-in
    settings.REQUIRE_STAFF_2FA = True
    client = signed_in("wang")
    assert client.get("/accounts/otp/setup/").status_code == 200


def test_an_organiser_cannot_reset_the_second_factor_of_an_administrator(tree, admin_user, make_user, settings):
    settings.REQUIRE_STAFF_2FA = False
    make_user(tree["root"], "organiser", by=admin_user, username="wang")
    TOTPDevice.objects.create(user=admin_user, name="管理员的验证器", confirmed=True)
    client = signed_in("wang")
    response = client.post(f"/accounts/people/{admin_user.pk}/reset-otp/", {"reason": "想接管"})
    assert response.status_code == 404
    assert accounts.has_second_factor(admin_user)
