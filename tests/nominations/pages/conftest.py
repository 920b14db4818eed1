"""A campaign whose categories have automatic and attested eligibility rules, two recommending units, their clerks,
an approver, the office's organiser and a leader (who sees the office's pages but may not act)."""

import pytest
from django.utils import timezone

from tests import world as w

WINDOW_FORM = {
    "title": "优质服务窗口推荐表",
    "fields": [
        {"key": "window_name", "label": "窗口名称", "type": "text", "required": True, "max_length": 60},
        {"key": "story", "label": "主要事迹", "type": "longtext", "target": 300, "max": 1000},
    ],
}
BRAND_FORM = {
    "title": "优质服务品牌推荐表",
    "fields": [
        {"key": "brand_name", "label": "品牌名称", "type": "text", "required": True, "max_length": 60},
        {"key": "started_on", "label": "品牌创建时间", "type": "date"},
    ],
}
NO_VIOLATION = "近两年未发生重大违纪违法案件和重大责任事故"
NO_ACCIDENT = "全年未发生安全生产事故"


def config(today, *, start=-10, end=10):
    return w.jingmen_campaign(
        today,
        code="extra-test",
        name="荆门市窗口评选",
        start=start,
        end=end,
        categories=[
            {
                "code": "window",
                "kind": "window",
                "name": "优质服务窗口",
                "awards": 2,
                "form": WINDOW_FORM,
                "eligibility": [
                    {"key": "no_accident", "label": NO_ACCIDENT, "check": "attested"},
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
                    {"key": "no_violation", "label": NO_VIOLATION, "check": "attested", "years": 2, "evidence": True},
                ],
            },
        ],
        quotas=[
            {"unit": unit, "category": cat, "nominate": 2, "alternates": 1}
            for unit in ("jm-db", "jm-dd")
            for cat in ("window", "brand")
        ],
    )


@pytest.fixture
def world(tree, admin_user):
    return w.office_world(tree, admin_user, config(timezone.localdate()), leader=True)
