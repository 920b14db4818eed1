"""新建常态化评议 and 评定周期 over HTTP: an organiser creates the shiyan-2011 programme from its preset under the organisation
they manage and adds half-years; bad codes, duplicates, reversed or overlapping dates are refused in Chinese with nothing
saved; every change is an audit event; users outside get 404 (pages and API)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.services import create_org
from pingxuan.stars.models import Programme

PRESET_ORGS = ["sy-lg", "sy-office", "sy-zhushan", "sy-hospital", "sy-minzheng", "sy-mobile", "sy-weisheng", "sy-dangan"]
PRESET_PERIODS = [
    {"code": "2011h1", "name": "2011年上半年", "start": "2011-01-01", "end": "2011-06-30"},
    {"code": "2011h2", "name": "2011年下半年", "start": "2011-07-01", "end": "2011-12-31"},
]
H1 = {"code": "2026h1", "name": "2026年上半年", "start": "2026-01-01", "end": "2026-06-30"}


def web(user):
    client = Client()
    client.force_login(user)
    return client


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def alerts(response):
    """The messages of the page's error box."""
    import re

    box = re.search(r'<div class="alert alert-danger".*?</div>', response.content.decode(), re.S)
    return re.findall(r"<li>(.*?)</li>", box.group(0)) if box else []


@pytest.fixture
def city(admin_user, make_user):
    """十堰市 with its organiser and a clerk, and 襄阳市 with its own organiser. No programme yet."""
    city = create_org(user=admin_user, code="sy-city", name="十堰市", kind="region")
    other = create_org(user=admin_user, code="xy", name="襄阳市", kind="region")
    return {
        "city": city,
        "other": other,
        "organiser": make_user(city, "organiser", by=admin_user, username="organiser"),
        "clerk": make_user(city, "clerk", by=admin_user, username="clerk"),
        "outsider": make_user(other, "organiser", by=admin_user, username="outsider"),
    }


def create(client, **values):
    return client.post("/stars/new/", {"preset": "shiyan-2011", "code": "", **values})


def test_new_page_creates_from_preset_under_the_chosen_organisation(city):
    organiser, city_org = web(city["organiser"]), city["city"]
    page = organiser.get("/stars/new/")
    body = page.content.decode()
    assert page.status_code == 200 and '<h1 class="h4">新建常态化评议</h1>' in body
    assert '<option value="shiyan-2011" selected>' in body and "jingmen-2019" not in body  # campaign presets are not offered
    assert f'<option value="{city_org.pk}" selected>十堰市（sy-city）</option>' in body and "襄阳市" not in body
    assert "新建常态化评议" in organiser.get("/").content.decode()  # linked from the dashboard

    bad = create(organiser, under=city_org.pk, code="Shiyan 2026")
    assert bad.status_code == 400
    assert alerts(bad) == ["活动代码“Shiyan 2026”不合规则：只能用小写字母、数字和连字符，以字母或数字开头，不超过 60 个字符。"]
    assert not Programme.objects.exists() and not Organisation.objects.filter(code="sy-lg").exists()
    foreign = create(organiser, under=city["other"].pk)
    assert (foreign.status_code, alerts(foreign)) == (400, ["请选择您有权管理的组织。"])

    made = create(organiser, under=city_org.pk)
    assert (made.status_code, made["Location"]) == (302, "/stars/shiyan-2011/periods/")
    programme = Programme.objects.get()
    assert (programme.code, programme.preset, programme.owner.code) == ("shiyan-2011", "shiyan-2011", "sy-lg")
    assert programme.owner.parent == city_org and programme.config["periods"] == PRESET_PERIODS
    event = AuditEvent.objects.get(action="programme.create")
    assert (event.actor, event.object_id, event.organisation_id) == (city["organiser"], str(programme.pk), programme.owner.pk)
    assert event.after["organisations_created"] == PRESET_ORGS

    again = create(organiser, under=city_org.pk)
    assert (again.status_code, alerts(again)) == (400, ["活动代码“shiyan-2011”已被使用，请另取一个代码。"])
    second = create(organiser, under=city_org.pk, code="shiyan-2026")
    assert second["Location"] == "/stars/shiyan-2026/periods/"
    assert list(Programme.objects.order_by("id").values_list("code", "owner__code")) == [
        ("shiyan-2011", "sy-lg"),
        ("shiyan-2026", "sy-lg"),
    ]
    # 襄阳's organiser cannot put a programme on 十堰's organisations
    xy = create(web(city["outsider"]), under=city["other"].pk, code="shiyan-xy")
    assert (xy.status_code, alerts(xy)) == (400, ["您无权在“中共十堰市委创先争优活动领导小组”下创建常态化活动。"])
    assert Programme.objects.count() == 2 and AuditEvent.objects.filter(action="programme.create").count() == 2


def test_new_page_is_404_for_those_who_manage_no_organisation(city):
    assert web(city["clerk"]).get("/stars/new/").status_code == 404
    assert create(web(city["clerk"]), under=city["city"].pk).status_code == 404
    assert "新建常态化评议" not in web(city["clerk"]).get("/").content.decode()
    assert Client().get("/stars/new/").status_code == 302  # to the sign-in page
    assert not Programme.objects.exists()


def test_periods_page_adds_half_years_checked_and_audited(city, admin_user, make_user):
    organiser = web(city["organiser"])
    create(organiser, under=city["city"].pk)
    programme = Programme.objects.get()
    page = organiser.get("/stars/shiyan-2011/periods/")
    assert page.status_code == 200 and "添加评定周期" in page.content.decode()

    added = organiser.post("/stars/shiyan-2011/periods/", H1)
    assert (added.status_code, added["Location"]) == (302, "/stars/shiyan-2011/periods/")
    programme.refresh_from_db()
    assert programme.config["periods"] == [*PRESET_PERIODS, H1]
    event = AuditEvent.objects.get(action="programme.period_add")
    assert event.actor == city["organiser"] and event.object_id == str(programme.pk)
    assert (event.before, event.after) == ({"periods": PRESET_PERIODS}, {"periods": [*PRESET_PERIODS, H1]})
    listed = organiser.get("/stars/shiyan-2011/periods/").content.decode()
    assert "<td>2026年上半年</td><td><code>2026h1</code></td>" in listed

    refusals = [
        (
            {"code": "2026q2", "name": "2026年第二季度至第三季度", "start": "2026-04-01", "end": "2026-09-30"},
            "新周期（2026-04-01 至 2026-09-30）与已有周期“2026年上半年”（2026-01-01 至 2026-06-30）的日期重叠。",
        ),
        (
            {"code": "2026h2", "name": "2026年下半年", "start": "2026-12-31", "end": "2026-07-01"},
            "结束日期 2026-07-01 早于开始日期 2026-12-31：开始日期不能晚于结束日期。",
        ),
        (
            {**H1, "start": "2027-01-01", "end": "2027-06-30"},
            "周期代码“2026h1”已在“十堰市窗口单位和服务行业创先争优“一诺双评创十星”常态化活动”中使用。",
        ),
        (
            {"code": "2026h2", "name": "2026年下半年", "start": "2026-07-01", "end": "2026-13-31"},
            "结束日期“2026-13-31”不是有效的日期（格式：2026-01-01）。",
        ),
        (
            {"code": "2026 H2", "name": "x", "start": "2026-07-01", "end": "2026-12-31"},
            "周期代码“2026 H2”不合规则：只能用小写字母、数字、下划线和连字符，如 2026h1，不超过 30 个字符。",
        ),
    ]
    for values, message in refusals:
        refused = organiser.post("/stars/shiyan-2011/periods/", values)
        assert (refused.status_code, alerts(refused)) == (400, [message])
    programme.refresh_from_db()
    assert programme.config["periods"] == [*PRESET_PERIODS, H1]
    assert AuditEvent.objects.filter(action="programme.period_add").count() == 1

    # scoping: staff of a window see the periods but get no form and cannot post; another city sees nothing
    window = create_org(user=admin_user, parent=Organisation.objects.get(code="sy-hospital"), name="挂号窗口", kind="window")
    clerk = web(make_user(window, "clerk", by=admin_user, username="wclerk"))
    seen = clerk.get("/stars/shiyan-2011/periods/")
    assert seen.status_code == 200 and "2026年上半年" in seen.content.decode() and "添加评定周期" not in seen.content.decode()
    assert (
        clerk.post("/stars/shiyan-2011/periods/", {**H1, "code": "x", "start": "2030-01-01", "end": "2030-06-30"}).status_code
        == 404
    )
    outsider = web(city["outsider"])
    assert outsider.get("/stars/shiyan-2011/periods/").status_code == 404
    assert outsider.post("/stars/shiyan-2011/periods/", H1).status_code == 404
    programme.refresh_from_db()
    assert len(programme.config["periods"]) == 3


def test_api_creates_a_programme_and_adds_a_period(city, admin_user, make_user):
    organiser = api(city["organiser"])
    bad = organiser.post("/api/programmes/", {"preset": "shiyan-2011", "under": "sy-city", "code": "-x"}, format="json")
    message = "活动代码“-x”不合规则：只能用小写字母、数字和连字符，以字母或数字开头，不超过 60 个字符。"
    assert (bad.status_code, bad.json()) == (400, {"detail": message, "code": "invalid", "field": "code"})
    unknown = organiser.post("/api/programmes/", {"preset": "jingmen-2019", "under": "sy-city"}, format="json")
    assert (unknown.status_code, unknown.json()["detail"]) == (400, "找不到常态化活动预设“jingmen-2019”，可用：shiyan-2011。")
    foreign = organiser.post("/api/programmes/", {"preset": "shiyan-2011", "under": "xy"}, format="json")
    assert (foreign.status_code, foreign.json()) == (404, {"detail": "未找到该组织。", "code": "not_found"})
    assert not Programme.objects.exists()

    made = organiser.post("/api/programmes/", {"preset": "shiyan-2011", "under": "sy-city"}, format="json")
    programme = Programme.objects.get()
    owner = programme.owner
    assert (made.status_code, made.json()) == (
        201,
        {
            "id": programme.pk,
            "code": "shiyan-2011",
            "name": "十堰市窗口单位和服务行业创先争优“一诺双评创十星”常态化活动",
            "owner": {
                "id": owner.pk,
                "code": "sy-lg",
                "name": owner.name,
                "short_name": "市委创先争优活动领导小组",
                "kind": "leading_group",
            },
            "preset": "shiyan-2011",
            "periods": PRESET_PERIODS,
            "created_at": made.json()["created_at"],
        },
    )
    dup = organiser.post("/api/programmes/", {"preset": "shiyan-2011", "under": "sy-city"}, format="json")
    assert (dup.status_code, dup.json()["detail"]) == (400, "活动代码“shiyan-2011”已被使用，请另取一个代码。")

    url = "/api/programmes/shiyan-2011/periods/"
    added = organiser.post(url, H1, format="json")
    assert (added.status_code, added.json()) == (201, [*PRESET_PERIODS, H1])
    assert organiser.get(url).json() == [*PRESET_PERIODS, H1]
    overlap = organiser.post(url, {**H1, "code": "2026a"}, format="json")
    assert (overlap.status_code, overlap.json()["detail"]) == (
        400,
        "新周期（2026-01-01 至 2026-06-30）与已有周期“2026年上半年”（2026-01-01 至 2026-06-30）的日期重叠。",
    )
    supervisor = api(make_user(owner, "supervisor", by=admin_user, username="supervisor"))
    assert supervisor.get(url).json() == [*PRESET_PERIODS, H1]
    denied = supervisor.post(url, {**H1, "code": "2030h1", "start": "2030-01-01", "end": "2030-06-30"}, format="json")
    assert (denied.status_code, denied.json()["detail"]) == (
        403,
        "只有活动办公室可以为“十堰市窗口单位和服务行业创先争优“一诺双评创十星”常态化活动”添加评定周期。",
    )
    assert api(city["outsider"]).post(url, H1, format="json").status_code == 404
    assert api(city["outsider"]).get(url).json() == {"detail": "未找到该常态化活动。", "code": "not_found"}
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="programme.").order_by("id")] == [
        "programme.create",
        "programme.period_add",
    ]
