"""Headless Chromium: an administrator reaches 账号管理 from the dashboard by clicking, creates a person with phone
and e-mail, unlocks a locked account and resets a password — links and buttons only."""

import os

import pytest
from django.test import Client

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_admin_manages_accounts_by_clicking(page, live_server, tree, admin_user, make_user, settings, tmp_path):
    from pingxuan.orgs.models import User

    settings.REQUIRE_STAFF_2FA = False
    clerk = make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/accounts/login/", {"username": "chen", "password": "guess-guess"})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("Admin-pass-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("main").get_by_role("link", name="账号管理").click()
    page.wait_for_url("**/accounts/people/")
    page.get_by_label("所属组织").select_option(label="东宝区")
    page.get_by_label("用户名").fill("liu")
    page.get_by_label("姓名").fill("刘经办")
    page.get_by_label("手机号码").fill("13900001111")
    page.get_by_label("电子邮箱").fill("liu@example.gov.cn")
    page.get_by_label("初始密码").fill("Liu-first-2026")
    page.get_by_label("角色").select_option("clerk")
    page.get_by_role("button", name="新建").click()
    page.wait_for_url("**/accounts/people/*/")
    assert "13900001111" in page.content() and "liu@example.gov.cn" in page.content()
    page.get_by_role("link", name="账号管理").first.click()
    page.get_by_role("link", name="chen").click()
    assert page.get_by_text("已锁定").is_visible()
    page.screenshot(path=str(tmp_path / "person.png"), full_page=True)
    page.get_by_role("button", name="解锁账号").click()
    assert page.get_by_text("账号已解锁。").is_visible()
    page.get_by_label("新密码").fill("Reset-by-admin-7")
    page.get_by_role("button", name="重置密码").click()
    assert page.get_by_text("新密码已设置；原 API 令牌已作废。").is_visible()
    assert User.objects.get(pk=clerk.pk).check_password("Reset-by-admin-7")
    assert User.objects.get(username="liu").phone == "13900001111"
    if os.environ.get("ACCOUNT_SHOT"):
        page.screenshot(path=os.environ["ACCOUNT_SHOT"], full_page=True)
