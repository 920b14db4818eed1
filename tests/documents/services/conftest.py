"""Helpers for the Excel tests: build workbooks in memory and read them back as plain rows."""

import io

import pytest
from openpyxl import Workbook, load_workbook


def xlsx(rows, title="组织机构", extra_sheets=None):
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
    wb = load_workbook(io.BytesIO(content))
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def org_table():
    """The whole organisation table, to compare before and after a refused import."""
    from pingxuan.orgs.models import Organisation

    return list(Organisation.objects.order_by("pk").values_list())


@pytest.fixture
def organiser_db(tree, admin_user, make_user):
    """An organiser who manages 东宝区's subtree only."""
    return make_user(tree["dongbao"], "organiser", by=admin_user, username="db-organiser")


CAMPAIGN_YAML = """
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
def organiser(tree, admin_user, make_user):
    return make_user(tree["root"], "organiser", by=admin_user, username="jm-organiser")


@pytest.fixture
def campaign(organiser):
    from pingxuan.campaigns.presets import read_yaml
    from pingxuan.campaigns.services import create_campaign

    return create_campaign(user=organiser, data=read_yaml(CAMPAIGN_YAML))
