"""Token and session authentication, the lock-out after repeated failures, and `me`."""

import datetime

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

PASSWORD = "Pass-word-2026"


def token_for(username, password=PASSWORD):
    return APIClient().post("/api/auth/token/", {"username": username, "password": password}, format="json")


def test_token_for_username_and_password_then_requests_with_it(people):
    clerk = people["db_clerk"]
    response = token_for("db-clerk")
    assert response.status_code == 200
    token = Token.objects.get(user=clerk)
    key = token.key
    expires = (token.created + datetime.timedelta(days=30)).isoformat().replace("+00:00", "Z")
    assert response.json() == {"token": key, "user": clerk.pk, "username": "db-clerk", "expires_at": expires}

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = client.get("/api/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "db-clerk"
    # asking again gives the same token
    assert token_for("db-clerk").json()["token"] == key


def test_anonymous_requests_are_refused_in_chinese(db):
    response = APIClient().get("/api/me/")
    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "身份认证信息未提供。"}


def test_wrong_password_and_bad_input(people):
    assert token_for("db-clerk", "wrong-password").json() == {"detail": "用户名或密码错误。", "code": "invalid_credentials"}
    response = APIClient().post("/api/auth/token/", {"username": "db-clerk"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "输入有误：“密码”：该字段是必填项。",
        "code": "invalid",
        "field": "password",
        "errors": [{"field": "password", "message": "“密码”：该字段是必填项。"}],
    }


def test_lock_out_after_repeated_failures_even_with_the_right_password(people, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert token_for("db-clerk", "wrong-password").status_code == 400
    third = token_for("db-clerk", "wrong-password")
    assert third.status_code == 429
    assert third.json() == {"detail": "登录失败次数过多，账号已被锁定，请 30 分钟后再试或联系系统管理员。", "code": "locked_out"}
    right = token_for("db-clerk")
    assert (right.status_code, right.json()["code"]) == (429, "locked_out")
    assert not Token.objects.filter(user=people["db_clerk"]).exists()
    # another account from the same address is not locked
    assert token_for("dd-clerk").status_code == 200


def test_logout_revokes_the_token(people):
    key = token_for("db-clerk").json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post("/api/auth/logout/")
    assert (response.status_code, response.json()) == (200, {"detail": "已退出登录，令牌已作废。"})
    assert client.get("/api/me/").json() == {"detail": "认证令牌无效。"}


def test_session_logout(people, client_for):
    client = client_for(people["db_clerk"])
    assert client.get("/api/me/").status_code == 200
    assert client.post("/api/auth/logout/").status_code == 200
    assert client.get("/api/me/").status_code in (401, 403)


def test_me_lists_roles_with_organisations_and_campaigns(people, tree, campaign, client_for):
    from pingxuan.orgs.services import grant_role

    judge = grant_role(
        user=people["admin"], person=people["db_clerk"], organisation=tree["dongbao"], role="judge", campaign=campaign
    )
    clerk = people["db_clerk"]
    clerk_role = clerk.memberships.get(role="clerk")
    dongbao = {"id": tree["dongbao"].pk, "code": "jm-db", "name": "东宝区", "short_name": "", "kind": "recommending_unit"}
    assert client_for(clerk).get("/api/me/").json() == {
        "id": clerk.pk,
        "username": "db-clerk",
        "display_name": "db-clerk",
        "email": "",
        "phone": "",
        "is_system_admin": False,
        "can_read_audit": False,
        "roles": [
            {
                "id": clerk_role.pk,
                "user": clerk.pk,
                "user_name": "db-clerk",
                "role": "clerk",
                "role_label": "经办人",
                "organisation": dongbao,
                "campaign": None,
                "title": "",
                "is_active": True,
            },
            {
                "id": judge.pk,
                "user": clerk.pk,
                "user_name": "db-clerk",
                "role": "judge",
                "role_label": "专家评委",
                "organisation": dongbao,
                "campaign": {"id": campaign.pk, "code": "jm-test", "name": "荆门市窗口单位评选（测试）"},
                "title": "",
                "is_active": True,
            },
        ],
    }


def test_organisers_need_the_second_factor_for_a_token_when_required(people, settings):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.REQUIRE_STAFF_2FA = True
    assert token_for("jm-organiser").json() == {
        "detail": "该账号须先在网页上启用两步验证（手机验证器），才能获取 API 令牌。",
        "code": "otp_required",
    }
    device = TOTPDevice.objects.create(user=people["organiser"], name="验证器", confirmed=True)  # enabled on the web
    missing = token_for("jm-organiser")
    assert (missing.status_code, missing.json()) == (
        403,
        {"detail": "该账号须提供两步验证码（otp）：手机验证器上的 6 位数字。", "code": "otp_required", "field": "otp"},
    )
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    right = APIClient().post("/api/auth/token/", {"username": "jm-organiser", "password": PASSWORD, "otp": code}, format="json")
    assert (right.status_code, right.json().get("username")) == (200, "jm-organiser"), right.json()
    wrong = APIClient().post(
        "/api/auth/token/", {"username": "jm-organiser", "password": PASSWORD, "otp": "000000"}, format="json"
    )
    assert wrong.json() == {
        "detail": "两步验证码不正确或已过期，请重新输入手机验证器上的 6 位数字。",
        "code": "otp_invalid",
        "field": "otp",
    }
    # a clerk is not asked
    assert token_for("db-clerk").status_code == 200
