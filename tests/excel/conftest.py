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
