"""400, 403, 404, 500 and a stale form's CSRF failure answer with Chinese pages in the product's layout (the navigation,
the viewport for phones), never Django's bare pages; under /api/ with JSON."""

import pytest
from django.test import Client

from pingxuan.orgs.services import create_user, grant_role
from pingxuan.voting import demo

LAYOUT = ['<meta name="viewport" content="width=device-width, initial-scale=1">', "返回工作台", 'lang="zh-CN"']


def assert_page(response, status, *texts):
    html = response.content.decode()
    assert response.status_code == status
    for text in [*LAYOUT, *texts]:
        assert text in html, text
    for bare in ["DEBUG", "Forbidden", "Not Found", "Server Error", "CSRF verification failed", "CSRF验证失败"]:
        assert bare not in html, bare


@pytest.fixture
def world(admin_user):
    w = demo.build(admin=admin_user, code="err", candidates=1)
    supervisor = create_user(
        user=admin_user, username="err-sup", password="Pass-word-2026", display_name="监督", organisation=w["root"]
    )
    grant_role(user=admin_user, person=supervisor, organisation=w["root"], role="supervisor")
    w["supervisor"] = supervisor
    return w


def test_404_is_chinese_in_the_layout(client, world):
    assert_page(client.get("/no-such-page/"), 404, "找不到这个页面")
    client.force_login(world["clerk"])
    response = client.get("/no-such-page/")
    assert_page(response, 404, "找不到这个页面", "退出")  # signed in: the navigation is there
    api = client.get("/api/no-such-thing/")
    assert (api.status_code, api.json()["code"]) == (404, "not_found")


def test_403_is_chinese_in_the_layout(client, world):
    client.force_login(world["supervisor"])
    response = client.post(f"/publicity/office/{world['campaign'].code}/", {"stage": "candidate"})
    assert_page(response, 403, "您没有访问这个页面的权限", "请联系本活动的活动办公室或系统管理员")


def test_400_is_chinese_in_the_layout(client, db):
    assert_page(client.get("/", HTTP_HOST="evil.example.com"), 400, "请求有误")


def test_500_is_chinese_in_the_layout(settings, db):
    settings.ROOT_URLCONF = "tests.web.errorviews"
    client = Client(raise_request_exception=False)
    assert_page(client.get("/broken/"), 500, "系统出错了", "您的操作可能没有完成")


def test_a_stale_form_gets_a_chinese_page_that_leads_back(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["clerk"])
    path = f"/nominations/c/{world['campaign'].code}/new/"
    client.get(path)  # the form was opened: the browser holds the CSRF cookie
    # … and its token went stale (the person signed in again elsewhere, which rotates the token)
    response = client.post(path, {"category": "x", "csrfmiddlewaretoken": "a" * 64})
    assert_page(response, 403, "页面已过期，请重新提交", "刷新后重新填写并提交", f'href="{path}"')
    client.cookies.clear()
    response = client.post(path, {"category": "x"})
    assert_page(response, 403, "浏览器没有保存本站的 Cookie")
