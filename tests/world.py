"""The shared world builder. Every test builds its state here through the same service functions users trigger
(people through `orgs.services`, campaigns from a configuration document or a preset through `campaigns.services`,
nominations along their way through `nominations.services`), never by writing rows.

The root conftest turns the common pieces into fixtures (`admin_user`, `make_user`, `tree`, `client_for`/`api`,
`browsers`, the seed worlds `changzhou` and `hebei`); an area's conftest composes its own world from these functions
and keeps only what is specific to the area. Sections: people and organisations · campaigns and presets · worlds
several areas share · nominations along their way · uploads · messages · clients · workbooks, queries and the audit
chain.
"""

import datetime
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from pingxuan.orgs.services import create_org, create_user, grant_role

PASSWORD = "Pass-word-2026"

# People and organisations ---------------------------------------------------------------------------------------


def person(org, role, *, by, username, phone="", campaign=None, password=PASSWORD, display_name=None):
    """A user at `org` (with a phone number, for SMS, if given), granted `role` there by `by` (for one campaign if
    `campaign` is given)."""
    user = create_user(
        user=by, username=username, password=password, display_name=display_name or username, phone=phone, organisation=org
    )
    grant_role(user=by, person=user, organisation=org, role=role, campaign=campaign)
    return user


def org_tree(admin):
    """A small organisation tree: 荆门市 → {东宝区 → 东宝区税务局 → 东宝区办税服务厅, 掇刀区}."""
    root = create_org(user=admin, code="jm", name="荆门市", kind="leading_group", region="荆门市")
    dongbao = create_org(user=admin, parent=root, code="jm-db", name="东宝区", kind="recommending_unit", region="东宝区")
    tax = create_org(user=admin, parent=dongbao, code="jm-db-tax", name="东宝区税务局", kind="department", sector="税务")
    window = create_org(user=admin, parent=tax, code="jm-db-tax-w1", name="东宝区办税服务厅", kind="window", sector="税务")
    duodao = create_org(user=admin, parent=root, code="jm-dd", name="掇刀区", kind="recommending_unit", region="掇刀区")
    return {"root": root, "dongbao": dongbao, "tax": tax, "window": window, "duodao": duodao}


def base_unit(admin, tree):
    """东宝区税务局第一分局, the base unit under 东宝区税务局 where a three-level approval chain starts."""
    return create_org(
        user=admin, parent=tree["tax"], code="jm-db-tax-b1", name="东宝区税务局第一分局", kind="base_unit", sector="税务"
    )


# Campaigns and presets ------------------------------------------------------------------------------------------


def date_of(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def nomination_phase(today, start=-10, end=10, **extra):
    """The nomination phase from `start` to `end` days around `today` (ISO dates, as a configuration document has)."""
    return {
        "kind": "nomination",
        **extra,
        "start": (today + datetime.timedelta(days=start)).isoformat(),
        "end": (today + datetime.timedelta(days=end)).isoformat(),
    }


def jingmen_campaign(today, *, code, name, start=-10, end=10, **doc):
    """A campaign document owned by 荆门市 (the `tree`), organised by 荆门市总工会, this year, with the nomination
    phase from `start` to `end` days around today; `doc` adds or replaces keys (categories, quotas, policies …)."""
    cfg = {
        "code": code,
        "name": name,
        "year": today.year,
        "organisers": ["荆门市总工会"],
        "owner": "jm",
        "phases": [nomination_phase(today, start, end)],
    }
    cfg.update(doc)
    return cfg


def preset_document(name):
    """A preset's configuration document as published in presets/."""
    from pingxuan.campaigns.presets import preset_path, read_yaml

    return read_yaml(preset_path(name).read_text(encoding="utf-8"))


def moved_preset(name, *, nomination_starts, edit=None):
    """Preset `name` with every date (phases, milestones) moved by the same number of days so that its nomination
    phase starts on `nomination_starts`; `edit(data)` may change the document first."""
    data = preset_document(name)
    if edit:
        edit(data)
    start = next(p for p in data["phases"] if p["kind"] == "nomination")["start"]
    shift = nomination_starts - date_of(start)
    for phase in data["phases"]:
        phase["start"] = (date_of(phase["start"]) + shift).isoformat()
        phase["end"] = (date_of(phase["end"]) + shift).isoformat()
        for mark in phase.get("milestones") or []:
            if mark.get("date"):
                mark["date"] = (date_of(mark["date"]) + shift).isoformat()
    return data


def open_preset(admin, name, *, started_days_ago=1, edit=None, demo=True):
    """The preset as a campaign whose nomination phase started `started_days_ago` days ago, with the demo units and
    users (`web.demo.add_demo`: clerk, approver1–3, organiser, leader …) unless `demo` is false."""
    from pingxuan.campaigns.services import create_campaign
    from pingxuan.web.demo import add_demo

    today = timezone.localdate()
    data = moved_preset(name, nomination_starts=today - datetime.timedelta(days=started_days_ago), edit=edit)
    campaign = create_campaign(user=admin, data=data, preset=name)
    if demo:
        add_demo(campaign, user=admin)
    return campaign


def shift_phases(admin, campaign, kind, *, offset=1):
    """Move the whole timeline (through the configuration service) so that phase `kind` started `offset` days ago;
    returns the shifted phases by kind."""
    from pingxuan.campaigns.config import export_config
    from pingxuan.campaigns.services import update_section

    phases = export_config(campaign)["phases"]
    target = next(p for p in phases if p["kind"] == kind)
    delta = timezone.localdate() - date_of(target["start"]) - datetime.timedelta(days=offset)
    for p in phases:
        p["start"] = (date_of(p["start"]) + delta).isoformat()
        p["end"] = (date_of(p["end"]) + delta).isoformat()
        for m in p.get("milestones") or []:
            m["date"] = (date_of(m["date"]) + delta).isoformat()
    update_section(user=admin, campaign=campaign, section="phases", value=phases)
    return {p["kind"]: (date_of(p["start"]), date_of(p["end"])) for p in phases}


def day(offset):
    """The date `offset` days from today."""
    return timezone.localdate() + datetime.timedelta(days=offset)


def at(day, hour=10):
    """An aware datetime on `day` (for time_machine)."""
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone())


# Worlds several areas share -------------------------------------------------------------------------------------


def office_world(tree, admin, config, *, leader=False):
    """A campaign from `config` created by the office's organiser (荆门市), with the clerks of 东宝区税务局 and 掇刀区
    and an approver of 东宝区税务局 (and a leader of 荆门市, who sees the office's pages but may not act)."""
    from pingxuan.campaigns.services import create_campaign

    organiser = person(tree["root"], "organiser", by=admin, username="organiser", phone="13700000001")
    campaign = create_campaign(user=organiser, data=config)
    world = {
        **tree,
        "today": timezone.localdate(),
        "campaign": campaign,
        "cats": {c.code: c for c in campaign.categories.all()},
        "organiser": organiser,
        "admin": admin,
    }
    if leader:
        world["leader"] = person(tree["root"], "leader", by=admin, username="leader", phone="13700000002")
    world["clerk"] = person(tree["tax"], "clerk", by=admin, username="dbclerk", phone="13900000001")
    world["dd_clerk"] = person(tree["duodao"], "clerk", by=admin, username="ddclerk", phone="13900000002")
    world["approver"] = person(tree["tax"], "approver", by=admin, username="dbapprover", phone="13900000003")
    return world


def chain_world(tree, admin, make_user, config, *, clerks):
    """A campaign from `config` with a three-level approval chain: 东宝区税务局第一分局 (base unit: clerk, a1) →
    东宝区税务局 (a2) → 荆门市 (the owner: organiser, a3). `clerks` adds other clerks:
    {key: (organisation of the tree, username)}, made in that order after the base unit's clerk."""
    from pingxuan.campaigns.services import create_campaign

    base = base_unit(admin, tree)
    organiser = make_user(tree["root"], "organiser", by=admin, username="organiser")
    campaign = create_campaign(user=organiser, data=config)
    world = {**tree, "admin": admin, "base": base, "campaign": campaign, "category": campaign.categories.get()}
    world["organiser"] = organiser
    world["clerk"] = make_user(base, "clerk", by=admin, username="clerk")
    for key, (org, username) in clerks.items():
        world[key] = make_user(tree[org], "clerk", by=admin, username=username)
    world["a1"] = make_user(base, "approver", by=admin, username="a1")
    world["a2"] = make_user(tree["tax"], "approver", by=admin, username="a2")
    world["a3"] = make_user(tree["root"], "approver", by=admin, username="a3")
    world["today"] = timezone.localdate()
    return world


def seed_changzhou(admin):
    """常州 2015 with the nomination phase open today: the office, the leading group, 市公安局's clerk and approver."""
    from pingxuan.campaigns.services import load_preset
    from pingxuan.orgs.models import Organisation

    campaign = load_preset(user=admin, name="changzhou-2015")
    phases = shift_phases(admin, campaign, "nomination")
    root = campaign.owner
    unit = Organisation.objects.get(code="cz-gongan")
    return {
        "campaign": campaign,
        "phases": phases,
        "category": campaign.categories.get(code="brand"),
        "unit": unit,
        "organiser": person(root, "organiser", by=admin, username="cz-organiser"),
        "leader": person(root, "leader", by=admin, username="cz-leader"),
        "clerk": person(unit, "clerk", by=admin, username="cz-clerk"),
        "approver": person(unit, "approver", by=admin, username="cz-approver"),
    }


def seed_hebei(admin):
    """河北 2012 with the nomination phase open today; under 石家庄 a tax department and its base unit, with the base
    unit's clerk, the three levels' approvers (department, city leading group, provincial leading group), the city
    leading group's own clerk (who sends the pre-review) and the provincial office."""
    from pingxuan.campaigns.services import load_preset
    from pingxuan.orgs.models import Organisation

    campaign = load_preset(user=admin, name="hebei-2012")
    phases = shift_phases(admin, campaign, "nomination")
    root = campaign.owner
    city = Organisation.objects.get(code="he-sjz")
    dept = create_org(user=admin, parent=city, code="he-sjz-tax", name="石家庄市国家税务局", kind="department")
    base = create_org(user=admin, parent=dept, code="he-sjz-tax-b", name="石家庄市国税局直属分局", kind="base_unit")
    return {
        "campaign": campaign,
        "phases": phases,
        "window": campaign.categories.get(code="window"),
        "city": city,
        "dept": dept,
        "base": base,
        "organiser": person(root, "organiser", by=admin, username="he-organiser"),
        "leader": person(root, "leader", by=admin, username="he-leader"),
        "clerk": person(base, "clerk", by=admin, username="he-clerk"),
        "city_clerk": person(city, "clerk", by=admin, username="he-city-clerk"),
        "dept_approver": person(dept, "approver", by=admin, username="he-dept-approver"),
        "city_approver": person(city, "approver", by=admin, username="he-city-approver"),
    }


# Nominations along their way ------------------------------------------------------------------------------------


def verify_open_checks(office, nomination, reason="活动办公室已人工核实。"):
    """The office records a verification for every automatic eligibility rule the product cannot verify (待核实),
    as it must before 初审 passes and before the nomination can be listed."""
    from pingxuan.nominations import eligibility

    for item in eligibility.open_items(nomination):
        if item["state"] == "unknown":
            eligibility.rule_on(user=office, nomination=nomination, rule_key=item["key"], kind="verified", reason=reason)


def prereview_replied(nomination, org):
    """Where the campaign requires 预审 at `org`'s level (河北: the city leading group), `org`'s clerk sends the
    nomination for pre-review and the office replies — what must happen before `org` reports it formally."""
    from pingxuan.nominations import services
    from pingxuan.nominations.models import PreReview
    from pingxuan.orgs.models import Membership, User

    if services.prereview_level(nomination.campaign) != org.kind:
        return
    if PreReview.objects.filter(unit=org, nominations=nomination, commented_at__isnull=False).exists():
        return
    admin = User.objects.filter(is_superuser=True).order_by("id").first()
    member = Membership.objects.filter(organisation=org, role="clerk", is_active=True).select_related("user").first()
    clerk = member.user if member else None
    if clerk is None:
        clerk = person(org, "clerk", by=admin, username=f"prereview-{org.pk}", display_name="预审经办人")
    pre = services.send_prereview(user=clerk, campaign=nomination.campaign, unit=org, nominations=[nomination])
    services.comment_prereview(user=admin, prereview=pre, comment="同意正式上报。")


# Uploads --------------------------------------------------------------------------------------------------------

PDF_BODY = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
_NOISE = {}


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF_BODY, content_type="application/pdf")


def fake_exe(name="evidence.pdf"):
    """An executable named and typed as a PDF: refused by content."""
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")


def png(name="photo.png", width=640, height=480):
    buf = io.BytesIO()
    Image.new("RGB", (width, height), "blue").save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def noisy_jpeg(width, height, *, quality=90, sigma=60):
    """The bytes of a noisy JPEG (noise keeps its size in bytes realistic); cached, generating noise is the slow
    part."""
    key = (width, height, quality, sigma)
    if key not in _NOISE:
        buf = io.BytesIO()
        Image.effect_noise((width, height), sigma).convert("RGB").save(buf, "JPEG", quality=quality)
        _NOISE[key] = buf.getvalue()
    return _NOISE[key]


def jpeg(name="photo.jpg", width=640, height=480, *, quality=90, sigma=60, content_type="image/jpeg"):
    """A fresh upload of a noisy JPEG."""
    return SimpleUploadedFile(name, noisy_jpeg(width, height, quality=quality, sigma=sigma), content_type=content_type)


def seal_png(colour="red", *, width=12, name="seal.png", content_type="image/png"):
    """A round seal with a star on a transparent ground, as an organisation's seal image."""
    img = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((8, 8, 232, 232), outline=colour, width=width)
    draw.regular_polygon((120, 120, 40), 5, fill=colour)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type=content_type)


# Messages -------------------------------------------------------------------------------------------------------


def sms_messages(settings, phone=None):
    """What the console SMS backend wrote to its log file, oldest first: [{"to", "text", …}] (to `phone` only if
    given)."""
    path = settings.SMS_LOG_FILE
    if not path.exists():
        return []
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    return [x for x in lines if phone is None or x["to"] == phone]


def last_code(settings, phone):
    """The six-digit code in the newest message to `phone` (what the citizen reads on the phone)."""
    return re.search(r"\d{6}", sms_messages(settings, phone)[-1]["text"]).group(0)


# Clients --------------------------------------------------------------------------------------------------------


def api_client(user=None):
    """An API client signed in (session) as `user`; anonymous without one."""
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


class Browsers:
    """One signed-in browser context per user (demo password), kept for a whole walk or play."""

    def __init__(self, browser, live_server, context_args, timeout_ms=15_000):
        self.browser, self.url, self.args, self.timeout, self.pages = browser, live_server.url, context_args, timeout_ms, {}

    def __call__(self, username):
        from pingxuan.web.demo import DEMO_PASSWORD

        if username not in self.pages:
            context = self.browser.new_context(**self.args, accept_downloads=True)
            context.set_default_timeout(self.timeout)
            page = context.new_page()
            page.goto(f"{self.url}/accounts/login/")
            page.get_by_label("用户名").fill(username)
            page.get_by_label("密码").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.wait_for_url(f"{self.url}/")
            self.pages[username] = page
        return self.pages[username]

    def close(self):
        for page in self.pages.values():
            page.context.close()


# Workbooks, queries and the audit chain -------------------------------------------------------------------------


def xlsx(rows, title="组织机构", extra_sheets=None):
    """A workbook in memory (a file-like object named 导入.xlsx) with `rows` on its first sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(list(r))
    for name, sheet_rows in (extra_sheets or {}).items():
        other = wb.create_sheet(name)
        for r in sheet_rows:
            other.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "导入.xlsx"
    return buf


def rows_of(content, sheet=None):
    """A workbook's rows as plain lists (first sheet unless named)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def org_table():
    """The whole organisation table, to compare before and after a refused import."""
    from pingxuan.orgs.models import Organisation

    return list(Organisation.objects.order_by("pk").values_list())


def count_queries(fn):
    """How many database queries `fn()` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def verify_audit(*args):
    """Run `manage.py verify_audit` as an operator would: (exit code, what it printed, what it reported as errors)."""
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


# Fixtures a layer binds under its own name ----------------------------------------------------------------------
# The API layers (tests/*/api) and the page layers (tests/*/pages) of core, orgs, campaigns, audit and documents share
# a cast and a campaign each; their conftests import these under the names the tests use (`people`, `campaign`).


def api_campaign_data(code="jm-test", owner="jm", units=("jm-db", "jm-dd"), name="荆门市窗口单位评选（测试）"):
    """A small but complete configuration document: three phases around today, one category, quotas."""
    return {
        "code": code,
        "name": name,
        "year": 2019,
        "doc_number": "荆工办〔2019〕3号",
        "organisers": ["荆门市总工会", "荆门市文明办"],
        "owner": owner,
        "phases": [
            {"kind": "nomination", "start": day(-30), "end": day(-20)},
            {"kind": "preliminary_review", "start": day(-5), "end": day(5)},
            {"kind": "voting", "start": day(10), "end": day(20)},
        ],
        "categories": [
            {
                "code": "window",
                "kind": "window",
                "name": "群众满意服务窗口",
                "awards": 10,
                "form": {
                    "title": "群众满意服务窗口推荐表",
                    "fields": [
                        {"key": "unit_name", "label": "窗口名称", "type": "text", "required": True},
                        {"key": "deeds", "label": "主要事迹", "type": "longtext", "max": 1500},
                    ],
                },
            }
        ],
        "quotas": [{"unit": u, "category": "window", "nominate": 3} for u in units],
    }


@pytest.fixture
def api_people(tree, admin_user, make_user):
    """One person per role that matters for scoping."""
    return {
        "admin": admin_user,
        "organiser": make_user(tree["root"], "organiser", by=admin_user, username="jm-organiser"),
        "db_organiser": make_user(tree["dongbao"], "organiser", by=admin_user, username="db-organiser"),
        "db_clerk": make_user(tree["dongbao"], "clerk", by=admin_user, username="db-clerk"),
        "dd_clerk": make_user(tree["duodao"], "clerk", by=admin_user, username="dd-clerk"),
        "supervisor": make_user(tree["root"], "supervisor", by=admin_user, username="jm-supervisor"),
        "db_supervisor": make_user(tree["dongbao"], "supervisor", by=admin_user, username="db-supervisor"),
    }


@pytest.fixture
def api_campaign(tree, people):
    """A city-wide campaign owned by 荆门市."""
    from pingxuan.campaigns.services import create_campaign

    return create_campaign(user=people["organiser"], data=api_campaign_data())


@pytest.fixture
def api_dd_campaign(tree, people):
    """A campaign owned by 掇刀区: outside 东宝区's tree."""
    from pingxuan.campaigns.services import create_campaign

    return create_campaign(
        user=people["admin"], data=api_campaign_data(code="dd-test", owner="jm-dd", units=("jm-dd",), name="掇刀区评选（测试）")
    )


def page_campaign_document(code="jm-test", owner="jm"):
    """The configuration document of the page tests' campaign (fixed 2019 dates)."""
    return {
        "code": code,
        "name": "荆门市优质服务窗口评选",
        "doc_number": "荆工办〔2019〕3号",
        "year": 2019,
        "organisers": ["荆门市总工会", "荆门市文明办"],
        "owner": owner,
        "purpose": "树立服务窗口先进典型。",
        "phases": [
            {"kind": "nomination", "start": datetime.date(2019, 7, 9), "end": datetime.date(2019, 7, 31)},
            {"kind": "preliminary_review", "start": datetime.date(2019, 8, 1), "end": datetime.date(2019, 8, 10)},
            {"kind": "voting", "start": datetime.date(2019, 8, 11), "end": datetime.date(2019, 8, 31)},
        ],
        "categories": [
            {
                "code": "window",
                "kind": "window",
                "name": "优质服务窗口",
                "awards": 20,
                "linked_honours": ["工人先锋号"],
                "form": {
                    "title": "优质服务窗口推荐表",
                    "fields": [
                        {"key": "unit", "label": "窗口名称", "type": "text", "required": True, "max_length": 60},
                        {"key": "story", "label": "事迹简介", "type": "longtext", "target": 300, "max": 600},
                    ],
                },
                "approval": [{"key": "unit", "title": "基层单位意见"}, {"key": "dept", "title": "主管部门意见"}],
                "rubric": [
                    {"key": "service", "name": "服务质量", "max": 60},
                    {"key": "public", "name": "群众评价", "max": 40},
                ],
            },
            {
                "code": "star",
                "kind": "individual",
                "name": "服务明星",
                "awards": 10,
                "form": {
                    "title": "服务明星推荐表",
                    "fields": [{"key": "name", "label": "姓名", "type": "text", "required": True}],
                },
            },
        ],
        "quotas": [
            {"unit": "jm-db", "category": "window", "nominate": 6, "alternates": 1, "awards": 3},
            {"unit": "jm-dd", "category": "window", "nominate": "1-2", "awards": 1},
            {"unit": "jm-db", "category": "star", "nominate": 4, "awards": 2},
        ],
        "scoring": {"components": [{"kind": "public_vote", "weight": 30, "method": "max"}, {"kind": "expert", "weight": 70}]},
    }


@pytest.fixture
def page_campaign(tree, admin_user):
    from pingxuan.campaigns.services import create_campaign

    return create_campaign(user=admin_user, data=page_campaign_document())


@pytest.fixture
def page_people(tree, admin_user, make_user):
    """An organiser of the whole city, a clerk of 东宝区 and an organiser of 掇刀区."""
    return {
        "organiser": make_user(tree["root"], "organiser", by=admin_user, username="org-jm"),
        "clerk": make_user(tree["dongbao"], "clerk", by=admin_user, username="clerk-db"),
        "dd_organiser": make_user(tree["duodao"], "organiser", by=admin_user, username="org-dd"),
        "supervisor": make_user(tree["root"], "supervisor", by=admin_user, username="sup-jm"),
    }


@pytest.fixture
def page_login(client):
    def do(user):
        client.force_login(user)
        return client

    return do


# The workbook tests (tests/{orgs,campaigns,documents}/services) share an organiser of 东宝区, and a campaign with a
# quota table made from YAML by the city's organiser; their conftests bind these as `organiser_db`, `organiser` and
# `campaign`.

EXCEL_CAMPAIGN_YAML = """
code: qt-2019
name: 名额测试评选
year: 2019
organisers: [荆门市总工会]
owner: jm
phases:
  - {kind: nomination, name: 申报推荐, start: 2019-04-09, end: 2019-07-09}
categories:
  - code: window
    kind: window
    name: 优质服务窗口
    awards: 20
    form: {title: 申报表, fields: [{key: unit_name, label: 单位名称, type: text}]}
  - code: star
    kind: individual
    name: 优质服务明星
    awards: 20
    form: {title: 申报表, fields: [{key: person_name, label: 姓名, type: text}]}
quotas:
  - {unit: jm-db, category: window, nominate: 18, alternates: 2, awards: 9}
  - {unit: jm-dd, category: window, nominate: "1-2", awards: 1}
  - {unit: jm-db, category: star, nominate: 10, awards: 5}
quota_totals:
  - {category: window, nominate: 20, awards: 10}
"""


@pytest.fixture
def excel_organiser_db(tree, admin_user, make_user):
    """An organiser who manages 东宝区's subtree only."""
    return make_user(tree["dongbao"], "organiser", by=admin_user, username="db-organiser")


@pytest.fixture
def excel_organiser(tree, admin_user, make_user):
    return make_user(tree["root"], "organiser", by=admin_user, username="jm-organiser")


@pytest.fixture
def excel_campaign(organiser):
    from pingxuan.campaigns.presets import read_yaml
    from pingxuan.campaigns.services import create_campaign

    return create_campaign(user=organiser, data=read_yaml(EXCEL_CAMPAIGN_YAML))
