"""A world for the nominations API: a campaign whose nomination phase is open today, a three-level approval chain
(base unit → department → the campaign's owner), pre-review, eligibility rules, and people on two subtrees:

    荆门市 (leading_group, owner: organiser, a3)
    ├── 东宝区 (recommending_unit, quota 2 + 1 alternate: db_clerk)
    │   └── 东宝区税务局 (department: a2)
    │       └── 东宝区税务局第一分局 (base_unit: clerk, a1)
    └── 掇刀区 (recommending_unit, quota 2: dd_clerk)
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from pingxuan.campaigns.services import create_campaign
from pingxuan.orgs.services import create_org

FORM = {
    "title": "优质服务窗口申请表",
    "fields": [
        {"key": "unit_name", "label": "单位名称", "type": "text", "required": True, "max_length": 50},
        {"key": "phone", "label": "手机号码", "type": "mobile", "required": True},
        {"key": "story", "label": "主要事迹", "type": "longtext", "target": 300, "max": 600, "required": True},
        {"key": "photos", "label": "活动照片", "type": "photoset", "min_count": 3, "max_count": 4, "min_kb": 1, "max_kb": 2048},
        {"key": "certs", "label": "获奖证书复印件", "type": "file", "formats": ["pdf", "jpeg"], "max_count": 2, "max_kb": 1024},
    ],
}
CHAIN = [
    {"key": "base", "title": "基层单位意见", "org_kind": "base_unit"},
    {"key": "dept", "title": "主管部门意见", "org_kind": "department"},
    {"key": "office", "title": "批准机关审批意见", "org_kind": "leading_group"},
]
ELIGIBILITY = [
    {"key": "satisfaction", "label": "群众满意率达95%以上", "check": "auto", "rule": "satisfaction_at_least", "percent": 95},
    {"key": "no_violation", "label": "近两年未发生重大违纪违法案件", "check": "attested", "evidence": True},
]
GOOD = {"unit_name": "东宝区办税服务厅", "phone": "13912345678", "story": "优质服务" * 75}


def config(today, code="api-nom", start=-10, end=10, **over):
    cfg = {
        "code": code,
        "name": "窗口评选（接口测试）",
        "year": today.year,
        "organisers": ["荆门市总工会"],
        "owner": "jm",
        "policies": {"pre_review": True},
        "phases": [
            {
                "kind": "nomination",
                "name": "推荐申报",
                "start": (today + datetime.timedelta(days=start)).isoformat(),
                "end": (today + datetime.timedelta(days=end)).isoformat(),
            }
        ],
        "categories": [
            {
                "code": "window",
                "kind": "window",
                "name": "优质服务窗口",
                "awards": 2,
                "form": FORM,
                "approval": CHAIN,
                "eligibility": ELIGIBILITY,
            }
        ],
        "quotas": [
            {"unit": "jm-db", "category": "window", "nominate": 2, "alternates": 1, "awards": 1},
            {"unit": "jm-dd", "category": "window", "nominate": 2, "awards": 1},
        ],
    }
    cfg.update(over)
    return cfg


@pytest.fixture
def world(tree, admin_user, make_user):
    today = timezone.localdate()
    base = create_org(
        user=admin_user, parent=tree["tax"], code="jm-db-tax-b1", name="东宝区税务局第一分局", kind="base_unit", sector="税务"
    )
    organiser = make_user(tree["root"], "organiser", by=admin_user, username="organiser")
    campaign = create_campaign(user=organiser, data=config(today))
    return {
        **tree,
        "admin": admin_user,
        "base": base,
        "campaign": campaign,
        "category": campaign.categories.get(),
        "organiser": organiser,
        "clerk": make_user(base, "clerk", by=admin_user, username="clerk"),
        "db_clerk": make_user(tree["dongbao"], "clerk", by=admin_user, username="dbclerk"),
        "dd_clerk": make_user(tree["duodao"], "clerk", by=admin_user, username="ddclerk"),
        "a1": make_user(base, "approver", by=admin_user, username="a1"),
        "a2": make_user(tree["tax"], "approver", by=admin_user, username="a2"),
        "a3": make_user(tree["root"], "approver", by=admin_user, username="a3"),
        "today": today,
    }


@pytest.fixture
def api():
    """api(user) → an APIClient signed in as that person."""

    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


_JPEG = {}


def jpeg(name="photo.jpg", width=640, height=480):
    """A fresh upload of a noisy JPEG (cached per size: generating noise is the slow part)."""
    if (width, height) not in _JPEG:
        buf = io.BytesIO()
        Image.effect_noise((width, height), 60).convert("RGB").save(buf, "JPEG", quality=90)
        _JPEG[(width, height)] = buf.getvalue()
    return SimpleUploadedFile(name, _JPEG[(width, height)], content_type="image/jpeg")


def draft(world, unit=None, user=None, data=None):
    """A draft through the service (the API's own creation is tested in test_nominations)."""
    from pingxuan.nominations import services

    return services.create_nomination(
        user=user or world["clerk"], category=world["category"], unit=unit or world["base"], data=GOOD if data is None else data
    )


def complete(world, **kwargs):
    """A draft with everything a submission needs (three activity photos)."""
    from pingxuan.nominations import uploads

    n = draft(world, **kwargs)
    for i in range(3):
        uploads.add_attachment(
            user=kwargs.get("user") or world["clerk"], nomination=n, field_key="photos", upload=jpeg(f"活动{i + 1}.jpg")
        )
    return n


def submitted(world, **kwargs):
    from pingxuan.nominations import services

    n = complete(world, **kwargs)
    return services.submit_nomination(user=kwargs.get("user") or world["clerk"], nomination=n)
