"""A world for the nominations API: a campaign whose nomination phase is open today, a three-level approval chain
(base unit → department → the campaign's owner), pre-review, eligibility rules, and people on two subtrees:

    荆门市 (leading_group, owner: organiser, a3)
    ├── 东宝区 (recommending_unit, quota 2 + 1 alternate: db_clerk)
    │   └── 东宝区税务局 (department: a2)
    │       └── 东宝区税务局第一分局 (base_unit: clerk, a1)
    └── 掇刀区 (recommending_unit, quota 2: dd_clerk)
"""

import pytest
from django.utils import timezone

from tests import world as w
from tests.world import jpeg

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
    return w.jingmen_campaign(
        today,
        code=code,
        name="窗口评选（接口测试）",
        policies={"pre_review": True},
        phases=[w.nomination_phase(today, start, end, name="推荐申报")],
        categories=[
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
        quotas=[
            {"unit": "jm-db", "category": "window", "nominate": 2, "alternates": 1, "awards": 1},
            {"unit": "jm-dd", "category": "window", "nominate": 2, "awards": 1},
        ],
        **over,
    )


@pytest.fixture
def world(tree, admin_user, make_user):
    clerks = {"db_clerk": ("dongbao", "dbclerk"), "dd_clerk": ("duodao", "ddclerk")}
    return w.chain_world(tree, admin_user, make_user, config(timezone.localdate()), clerks=clerks)


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
