"""A commendation world built through the service functions users trigger: a campaign of three issuing bodies (two
with seal images) and three categories (windows with 工人先锋号, stars with 五一劳动奖章, brands in two tiers),
nominations with form content and photos, and the leading group's recorded decision."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from pingxuan.campaigns.services import create_campaign
from pingxuan.nominations.models import Status
from pingxuan.nominations.services import change_status, create_nomination
from pingxuan.nominations.uploads import add_attachment
from pingxuan.orgs.services import create_org, set_seal
from pingxuan.results import services as results
from tests.world import seal_png

ISSUERS = ["中共荆门市精神文明建设指导委员会办公室", "荆门市总工会", "荆门市消费者委员会"]
PHOTO = {"key": "photos", "label": "活动照片", "type": "photoset", "formats": ["jpeg", "png"], "max_count": 3, "max_kb": 2048}
WINDOW_FORM = {
    "title": "优质服务窗口申报表",
    "fields": [
        {"key": "unit_name", "label": "单位名称", "type": "text", "required": True, "max_length": 50},
        {"key": "head_mobile", "label": "手机号码", "type": "mobile"},
        {"key": "motto", "label": "单位服务宣言或服务理念", "type": "longtext", "max": 300},
        {"key": "material", "label": "评选文字材料", "type": "longtext", "max": 1500},
        PHOTO,
    ],
}
STAR_FORM = {
    "title": "优质服务明星申报表",
    "fields": [
        {"key": "name", "label": "姓名", "type": "text", "required": True, "max_length": 20},
        {"key": "post", "label": "工作岗位", "type": "text", "max_length": 50},
        {"key": "mobile", "label": "手机号码", "type": "mobile"},
        {"key": "material", "label": "评选文字材料", "type": "longtext", "max": 1500},
        {"key": "photo", "label": "个人照片", "type": "photo", "formats": ["jpeg", "png"], "max_kb": 2048},
    ],
}
BRAND_FORM = {
    "title": "优质服务品牌申报表",
    "fields": [
        {"key": "brand", "label": "品牌名称", "type": "text", "required": True, "max_length": 50},
        {"key": "intro", "label": "品牌简介", "type": "longtext", "max": 1500},
    ],
}
WINDOWS = ["市政务服务中心办税窗口", "市第一人民医院门诊大厅", "市公交集团客服中心", "市供电公司营业厅"]
STARS = ["张红梅", "李建国", "王晓燕"]
BRANDS = ["“心连心”便民服务", "“一次办好”政务品牌", "“彩虹桥”社区服务", "“暖心驿站”"]


def photo_jpeg(colour, name="photo.jpg"):
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buf, "JPEG", quality=90)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def config(today):
    def phase(kind, start, end):
        return {
            "kind": kind,
            "start": (today + datetime.timedelta(days=start)).isoformat(),
            "end": (today + datetime.timedelta(days=end)).isoformat(),
        }

    return {
        "code": "aw-2019",
        "name": "2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选",
        "title": "关于在全市窗口行业开展“优质服务窗口、优质服务明星”评选活动的通知",
        "doc_number": "荆工办〔2019〕3号",
        "year": 2019,
        "organisers": ISSUERS,
        "recipients": "各县（市、区）文明办、总工会、消费者委员会，市直各窗口单位",
        "owner": "aw-lg",
        "phases": [
            phase("nomination", -30, 0),
            phase("candidate_publicity", 0, 5),
            phase("decision", 6, 7),
            phase("commendation", 8, 9),
        ],
        "contact": "评选活动办公室，电话：0724-2372245",
        "categories": [
            {
                "code": "window",
                "kind": "window",
                "name": "优质服务窗口",
                "awards": 3,
                "linked_honours": ["荆门市“工人先锋号”"],
                "form": WINDOW_FORM,
            },
            {
                "code": "star",
                "kind": "individual",
                "name": "优质服务明星",
                "awards": 2,
                "linked_honours": ["荆门五一劳动奖章"],
                "form": STAR_FORM,
            },
            {
                "code": "brand",
                "kind": "brand",
                "name": "优质服务品牌",
                "awards": 3,
                "tiers": [{"name": "十大服务品牌", "count": 1}, {"name": "优质服务品牌"}],
                "form": BRAND_FORM,
            },
        ],
        "quotas": [
            {"unit": "aw-u", "category": c, "nominate": 6, "awards": a} for c, a in (("window", 3), ("star", 2), ("brand", 3))
        ],
    }


@pytest.fixture
def world(admin_user, make_user):
    today = timezone.localdate()
    root = create_org(user=admin_user, code="aw-lg", name="评选活动领导小组", kind="leading_group", region="荆门市")
    union = create_org(user=admin_user, parent=root, code="aw-union", name="荆门市总工会", kind="office")
    office = create_org(user=admin_user, parent=root, code="aw-wmb", name=ISSUERS[0], kind="office")
    set_seal(user=admin_user, org=union, upload=seal_png())
    set_seal(user=admin_user, org=office, upload=seal_png())
    unit = create_org(user=admin_user, parent=root, code="aw-u", name="市直单位", kind="recommending_unit", region="荆门市")
    other = create_org(user=admin_user, parent=root, code="aw-other", name="东宝区", kind="recommending_unit", region="东宝区")
    stranger_root = create_org(user=admin_user, code="xy-lg", name="襄阳市评选办", kind="leading_group")
    w = {
        "root": root,
        "unit": unit,
        "organiser": make_user(root, "organiser", by=admin_user, username="aw-organiser"),
        "leader": make_user(root, "leader", by=admin_user, username="aw-leader"),
        "supervisor": make_user(root, "supervisor", by=admin_user, username="aw-supervisor"),
        "clerk": make_user(unit, "clerk", by=admin_user, username="aw-clerk"),
        "other_clerk": make_user(other, "clerk", by=admin_user, username="aw-other-clerk"),
        "stranger": make_user(stranger_root, "organiser", by=admin_user, username="xy-organiser"),
    }
    campaign = create_campaign(user=w["organiser"], data=config(today))
    w["campaign"] = campaign
    cats = {c.code: c for c in campaign.categories.all()}
    w["categories"] = cats
    noms = {"window": [], "star": [], "brand": []}
    colours = ["#c0392b", "#2980b9", "#27ae60", "#8e44ad"]
    for i, name in enumerate(WINDOWS):
        n = create_nomination(
            user=w["clerk"],
            category=cats["window"],
            unit=unit,
            data={
                "unit_name": name,
                "head_mobile": "13912345678",
                "motto": "群众满意是我们的追求。",
                "material": f"{name}坚持首问负责、一次告知，推行预约服务和延时服务。\n全年办件两万余件，群众满意率百分之九十九。",
            },
        )
        add_attachment(user=w["clerk"], nomination=n, field_key="photos", upload=photo_jpeg(colours[i]))
        add_attachment(user=w["clerk"], nomination=n, field_key="photos", upload=photo_jpeg(colours[(i + 1) % 4], "b.jpg"))
        noms["window"].append(n)
    for name in STARS:
        n = create_nomination(
            user=w["clerk"],
            category=cats["star"],
            unit=unit,
            data={"name": name, "post": "综合窗口", "mobile": "13800001111", "material": f"{name}同志爱岗敬业，微笑服务。"},
        )
        add_attachment(user=w["clerk"], nomination=n, field_key="photo", upload=photo_jpeg("#f1c40f"))
        noms["star"].append(n)
    for name in BRANDS:
        n = create_nomination(
            user=w["clerk"],
            category=cats["brand"],
            unit=unit,
            data={"brand": name, "intro": f"{name}服务品牌运行三年，深受群众欢迎。"},
        )
        noms["brand"].append(n)
    for group in noms.values():
        for n in group:
            for status in (Status.RECEIVED, Status.PASSED, Status.CANDIDATE):
                change_status(n, status, user=w["organiser"], action=f"nomination.{status}")
    w["noms"] = noms
    return w


@pytest.fixture
def decided(world):
    """The world after the leading group's decision (ranking = creation order: the first ones win)."""
    world["decision"] = results.decide(user=world["leader"], campaign=world["campaign"], minutes="领导小组会议审定")
    return world
