"""Fixtures for the API tests: clients signed in as people of the small 荆门 tree, and campaigns built from dicts."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient


def day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


def campaign_data(code="jm-test", owner="jm", units=("jm-db", "jm-dd"), name="荆门市窗口单位评选（测试）"):
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
def client_for():
    """An API client signed in (session) as the given user; None gives an anonymous client."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def people(tree, admin_user, make_user):
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
def campaign(tree, people):
    """A city-wide campaign owned by 荆门市."""
    from pingxuan.campaigns.services import create_campaign

    return create_campaign(user=people["organiser"], data=campaign_data())


@pytest.fixture
def dd_campaign(tree, people):
    """A campaign owned by 掇刀区: outside 东宝区's tree."""
    from pingxuan.campaigns.services import create_campaign

    return create_campaign(
        user=people["admin"], data=campaign_data(code="dd-test", owner="jm-dd", units=("jm-dd",), name="掇刀区评选（测试）")
    )
