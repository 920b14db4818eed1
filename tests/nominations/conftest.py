"""The nominations area's default world: a window campaign with a three-level approval chain (tests/world.py
`chain_world`), the clerks of the base unit and of 掇刀区, and an approver per level. The layers choose their own
where they need another (services: the office's three categories; pages: eligibility rules; api: pre-review)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests import world as w
from tests.nominations.jingmen import jm  # noqa: F401

FORM = {
    "title": "优质服务窗口申请表",
    "fields": [
        {"key": "unit_name", "label": "单位名称", "type": "text", "required": True, "max_length": 50},
        {"key": "phone", "label": "手机号码", "type": "mobile", "required": True},
        {"key": "tel", "label": "电话", "type": "landline"},
        {"key": "story", "label": "主要事迹", "type": "longtext", "target": 300, "max": 600, "required": True},
        {"key": "photos", "label": "活动照片", "type": "photoset", "min_count": 3, "max_count": 5, "min_kb": 1, "max_kb": 2048},
        {"key": "certs", "label": "获奖证书复印件", "type": "file", "formats": ["pdf", "jpeg"], "max_count": 2, "max_kb": 1024},
        {
            "key": "portrait",
            "label": "2寸照片",
            "type": "photo",
            "purpose": "portrait_2in",
            "formats": ["jpeg", "png"],
            "max_kb": 2048,
        },
    ],
}


def config(today, **over):
    return w.jingmen_campaign(
        today,
        code="nom-test",
        name="窗口评选",
        categories=[
            {
                "code": "window",
                "kind": "window",
                "name": "优质服务窗口",
                "awards": 2,
                "form": FORM,
                "approval": [
                    {"key": "base", "title": "基层单位意见", "org_kind": "base_unit"},
                    {"key": "dept", "title": "主管部门意见", "org_kind": "department"},
                    {"key": "office", "title": "批准机关审批意见", "org_kind": "leading_group"},
                ],
            }
        ],
        **{"quotas": [{"unit": "jm-db", "category": "window", "nominate": 2, "alternates": 1, "awards": 1}], **over},
    )


@pytest.fixture
def window_world(tree, admin_user, make_user):
    return w.chain_world(tree, admin_user, make_user, config(timezone.localdate()), clerks={"other_clerk": ("duodao", "ddclerk")})


def jpeg(width=640, height=480, quality=90, name="photo.jpg", noise=True):
    img = Image.effect_noise((width, height), 60).convert("RGB") if noise else Image.new("RGB", (width, height), "red")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


GOOD = {"unit_name": "东宝区办税服务厅", "phone": "13912345678", "story": "优质服务" * 75}


@pytest.fixture
def world(window_world):
    """The area's default world (the service and page layers choose their own in their conftest)."""
    return window_world
