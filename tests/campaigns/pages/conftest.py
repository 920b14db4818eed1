"""Fixtures for the page tests: a campaign built from a configuration dict through the service."""

import datetime

import pytest


def campaign_document(code="jm-test", owner="jm"):
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
def campaign(tree, admin_user):
    from pingxuan.campaigns.services import create_campaign

    return create_campaign(user=admin_user, data=campaign_document())


@pytest.fixture
def people(tree, admin_user, make_user):
    """An organiser of the whole city, a clerk of 东宝区 and an organiser of 掇刀区."""
    return {
        "organiser": make_user(tree["root"], "organiser", by=admin_user, username="org-jm"),
        "clerk": make_user(tree["dongbao"], "clerk", by=admin_user, username="clerk-db"),
        "dd_organiser": make_user(tree["duodao"], "organiser", by=admin_user, username="org-dd"),
        "supervisor": make_user(tree["root"], "supervisor", by=admin_user, username="sup-jm"),
    }


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do


def count_queries(fn):
    """How many database queries `fn()` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)
