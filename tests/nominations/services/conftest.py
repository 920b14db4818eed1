"""The office's world for the service tests: a campaign with a window, an individual and a brand category, two
recommending units and their clerks (tests/world.py `office_world`); the paperwork tests' `org`."""

import random

import pytest
from django.utils import timezone

from tests import world as w
from tests.nominations.paperwork import org  # noqa: F401

STORY = {"key": "story", "label": "主要事迹", "type": "longtext", "target": 1000, "max": 3000}
WINDOW_FORM = {
    "title": "优质服务窗口推荐表",
    "fields": [
        {"key": "window_name", "label": "窗口名称", "type": "text", "required": True, "max_length": 60},
        STORY,
        {"key": "unit_photo", "label": "单位照片", "type": "photo"},
    ],
}
PERSON_FORM = {
    "title": "优秀个人推荐表",
    "fields": [
        {"key": "name", "label": "姓名", "type": "text", "required": True, "max_length": 30},
        {"key": "id_number", "label": "身份证号码", "type": "text", "max_length": 18},
        {"key": "birth", "label": "出生年月", "type": "yearmonth", "required": True},
        {"key": "political_status", "label": "政治面貌", "type": "choice", "options": "political_status", "required": True},
        {"key": "phone", "label": "手机号码", "type": "mobile"},
        STORY,
    ],
}
BRAND_FORM = {
    "title": "优质服务品牌推荐表",
    "fields": [
        {"key": "brand_name", "label": "品牌名称", "type": "text", "required": True, "max_length": 60},
        {"key": "started_on", "label": "品牌创建时间", "type": "date", "required": True},
        STORY,
    ],
}


def config(today, code="office-test", **over):
    return w.jingmen_campaign(
        today,
        code=code,
        name="荆门市窗口评选",
        categories=[
            {
                "code": "window",
                "kind": "window",
                "name": "优质服务窗口",
                "awards": 2,
                "form": WINDOW_FORM,
                "eligibility": [
                    {
                        "key": "satisfaction",
                        "label": "群众满意率达95%以上",
                        "check": "auto",
                        "rule": "satisfaction_at_least",
                        "percent": 95,
                    },
                ],
                "approval": [{"key": "dept", "title": "主管部门意见", "org_kind": "department"}],
            },
            {
                "code": "person",
                "kind": "individual",
                "name": "优秀个人",
                "awards": 2,
                "form": PERSON_FORM,
                "eligibility": [
                    {
                        "key": "party_member",
                        "label": "须为共产党员",
                        "check": "auto",
                        "rule": "party_member",
                        "field": "political_status",
                    },
                    {
                        "key": "no_complaint",
                        "label": "全年无有效投诉",
                        "check": "auto",
                        "rule": "no_valid_complaint",
                        "months": 12,
                    },
                ],
            },
            {
                "code": "brand",
                "kind": "brand",
                "name": "优质服务品牌",
                "awards": 2,
                "form": BRAND_FORM,
                "eligibility": [
                    {
                        "key": "running",
                        "label": "服务品牌运行一年以上",
                        "check": "auto",
                        "rule": "running_years",
                        "field": "started_on",
                        "years": 1,
                    },
                    {
                        "key": "not_named",
                        "label": "未被评为第一、第二批优质服务品牌",
                        "check": "auto",
                        "rule": "not_awarded_before",
                        "campaigns": ["brand-batch1", "brand-batch2"],
                    },
                    {
                        "key": "not_named_batch1",
                        "label": "未被评为第一批优质服务品牌",
                        "check": "auto",
                        "rule": "not_awarded_before",
                        "campaigns": ["brand-batch1"],
                    },
                    {
                        "key": "no_violation",
                        "label": "近两年未发生重大违纪违法案件和重大责任事故",
                        "check": "attested",
                        "years": 2,
                        "evidence": True,
                    },
                ],
            },
        ],
        quotas=[
            {"unit": unit, "category": cat, "nominate": 3, "alternates": 1}
            for unit in ("jm-db", "jm-dd")
            for cat in ("window", "person", "brand")
        ],
        **over,
    )


@pytest.fixture
def world(tree, admin_user):
    return w.office_world(tree, admin_user, config(timezone.localdate()))


POOL = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def sentences(seed, count, length=20):
    """`count` sentences of `length` random Chinese characters, each ending in 。"""
    rng = random.Random(seed)
    return ["".join(rng.choices(POOL, k=length)) + "。" for _ in range(count)]
