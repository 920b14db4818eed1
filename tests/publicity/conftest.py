"""hebei-2012 from its preset with the timeline moved to today (candidate and shortlist publicity phases added), the
office, a supervisor, an outsider, and window nominations of 石家庄 ranked 1–5 by the unit; changzhou-2015 with
three brand candidates on their publicity. These `hebei` and `changzhou` replace the root conftest's seed worlds
within tests/publicity."""

import json

import pytest
from django.core.cache import cache

from pingxuan.campaigns.services import create_campaign
from pingxuan.nominations.models import Status
from pingxuan.nominations.services import change_status, create_nomination
from pingxuan.nominations.uploads import add_attachment
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.services import create_org
from pingxuan.publicity import publishing
from pingxuan.stars import otp
from tests.world import day, last_code, png, preset_document, verify_open_checks

CONTACT = "省委创先争优活动领导小组办公室，电话 0311-87908000"
CZ_CONTACT = "常州市文明办，电话 0519-85682345"
BRANDS = [("cz-gongan", "户政窗口", "“户政通”便民服务品牌"), ("cz-guoshui", "办税服务厅", "“税e通”纳税服务品牌")]


def timeline(data):
    spans = {
        "nomination": (-30, 30),
        "preliminary_review": (-25, 30),
        "candidate_publicity": (-10, 10),
        "voting": (-9, 10),
        "shortlist_publicity": (-3, 20),
        "decision": (21, 25),
        "commendation": (26, 30),
        "promotion": (31, 60),
    }
    names = {"candidate_publicity": "候选对象公示", "shortlist_publicity": "拟表彰对象公示"}
    out = []
    for kind, (a, b) in spans.items():
        old = next((p for p in data["phases"] if p["kind"] == kind), {"kind": kind, "name": names.get(kind, kind)})
        old = {k: v for k, v in old.items() if k != "milestones"}  # the seed's dated milestones belong to its own year
        out.append({**old, "start": day(a), "end": day(b)})
    data["phases"] = out
    return data


def campaign_data(name, code=None, contact=CONTACT):
    data = timeline(preset_document(name))
    data["contact"] = contact
    if code:
        data["code"] = code
    return data


@pytest.fixture
def hebei(admin_user, make_user):
    campaign = create_campaign(user=admin_user, data=campaign_data("hebei-2012"), preset="hebei-2012")
    root = Organisation.objects.get(code="he-lg")
    sjz = Organisation.objects.get(code="he-sjz")
    w = {
        "campaign": campaign,
        "admin": admin_user,
        "sjz": sjz,
        "organiser": make_user(root, "organiser", by=admin_user, username="he-organiser"),
        "supervisor": make_user(root, "supervisor", by=admin_user, username="he-supervisor"),
        "clerk": make_user(sjz, "clerk", by=admin_user, username="sjz-clerk"),
        "outsider": make_user(
            create_org(user=admin_user, code="sx", name="山西省", kind="leading_group"), "organiser", by=admin_user, username="sx"
        ),
    }
    w["window"] = campaign.categories.get(code="window")
    w["noms"] = []
    for i in range(1, 6):
        unit = create_org(user=admin_user, parent=sjz, code=f"sjz-w{i}", name=f"石家庄市第{i}办税服务厅", kind="window")
        n = create_nomination(
            user=w["clerk"],
            category=w["window"],
            unit=unit,
            data={
                "window_name": f"石家庄市第{i}办税服务厅",
                "window_intro": f"第{i}办税服务厅推行一窗通办、延时服务，群众满意率高。",
            },
        )
        w["noms"].append(n)
    return w


def advance(nominations, status, user):
    """Move nominations along their lifecycle through the one door (received → passed → candidate …)."""
    path = [Status.RECEIVED, Status.PASSED, Status.CANDIDATE, Status.SHORTLISTED]
    for n in nominations:
        n.refresh_from_db()
        for s in path[path.index(n.status) + 1 if n.status in path else 0 : path.index(status) + 1]:
            change_status(n, s, user=user, action=f"nomination.{s}")


def sms_to(settings, phone):
    if not settings.SMS_LOG_FILE.exists():
        return []
    return [json.loads(x)["text"] for x in settings.SMS_LOG_FILE.read_text(encoding="utf-8").splitlines() if phone in x]


@pytest.fixture
def verified(settings):
    """A verified-phone token through the SMS code, as an objector gets one."""

    def token(phone):
        cache.delete(f"otp:cool:{phone}")
        otp.send_code(phone, purpose="objection")
        return otp.verify_code(phone, last_code(settings, phone), purpose="objection")

    return token


@pytest.fixture
def changzhou(admin_user, make_user):
    campaign = create_campaign(user=admin_user, data=campaign_data("changzhou-2015", contact=CZ_CONTACT), preset="changzhou-2015")
    root = Organisation.objects.get(code=campaign.owner.code)
    organiser = make_user(root, "organiser", by=admin_user, username="cz-organiser")
    brand = campaign.categories.get(code="brand")
    noms = []
    for code, window, name in BRANDS:
        dept = Organisation.objects.get(code=code)
        unit = create_org(user=admin_user, parent=dept, code=f"{code}-w", name=f"{dept.name}{window}", kind="window")
        clerk = make_user(unit, "clerk", by=admin_user, username=f"{code}-clerk")
        data = {
            "brand_name": name,
            "brand_intro": f"{name}坚持群众需求导向，推行一窗受理、限时办结，群众满意率连续三年保持在98%以上。",
        }
        n = create_nomination(user=clerk, category=brand, unit=unit, data=data)
        add_attachment(user=clerk, nomination=n, field_key="brand_logo", upload=png("logo.png", 400, 400))
        verify_open_checks(organiser, n)
        noms.append(n)
    advance(noms, Status.CANDIDATE, organiser)
    pub = publishing.publish(user=organiser, campaign=campaign, stage="candidate", starts_on=day(0), ends_on=day(6))
    return {"campaign": campaign, "organiser": organiser, "noms": noms, "pub": pub}
