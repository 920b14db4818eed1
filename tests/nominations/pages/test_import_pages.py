"""Importing nominations from Excel on the page: template downloads, foreground import with the error table,
nothing saved on refusal, the background job and its page, 404 for people without a unit or office role."""

import base64
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pingxuan.audit.models import AuditEvent
from pingxuan.jobs.models import Job
from pingxuan.nominations.importer import nominations_template
from pingxuan.nominations.models import Nomination

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(campaign, rows, padding=0):
    """The downloaded template with `rows` ({sheet: [row values]}) filled in, as an upload; `padding` bytes of
    incompressible text in the instructions sheet (which the import ignores) make a large file."""
    wb = load_workbook(io.BytesIO(nominations_template(campaign)))
    for sheet, values in rows.items():
        for row in values:
            wb[sheet].append(row)
    chunk = 30000
    for i in range(0, padding, chunk):
        wb["填写说明"].cell(row=200 + i // chunk, column=3, value=base64.b64encode(os.urandom(chunk * 3 // 4)).decode())
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("申报导入.xlsx", buf.getvalue(), content_type=XLSX)


def test_page_for_clerks_and_office_with_template_links(client, world):
    code = world["campaign"].code
    for user in (world["clerk"], world["dd_clerk"], world["organiser"], world["leader"]):
        client.force_login(user)
        response = client.get(reverse("nom-import", args=[code]))
        html = response.content.decode()
        assert response.status_code == 200, user
        assert '<h1 class="h4">从 Excel 导入申报</h1>' in html
        assert f'href="/nominations/c/{code}/import/template.xlsx"' in html
        assert f'href="/nominations/c/{code}/import/template.xlsx?category=brand">优质服务品牌模板</a>' in html
        assert 'name="file"' in html and 'name="background"' in html
    client.force_login(world["clerk"])
    html = client.get(reverse("nom-unit", args=[code])).content.decode()
    assert f'href="/nominations/c/{code}/import/"' in html  # linked from the unit page


def test_template_downloads(client, world):
    client.force_login(world["clerk"])
    url = reverse("nom-import-template", args=[world["campaign"].code])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''extra-test-%E6%8E%A8%E8%8D%90%E5%AF%B9%E8%B1%A1%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["优质服务窗口", "优质服务品牌", "填写说明"]
    response = client.get(url, {"category": "brand"})
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["优质服务品牌", "填写说明"]
    assert [c.value for c in wb["优质服务品牌"][1]] == ["推荐单位编码", "申报单位编码", "品牌名称", "品牌创建时间"]
    assert client.get(url, {"category": "nope"}).status_code == 404


def test_good_file_imports_drafts_in_the_foreground(client, world):
    client.force_login(world["clerk"])
    upload = workbook(
        world["campaign"],
        {
            "优质服务窗口": [["jm-db", "jm-db-tax", "东宝区办税服务厅", None]],
            "优质服务品牌": [[None, "jm-db-tax", "阳光办税", "2012-03-01"]],
        },
    )
    response = client.post(reverse("nom-import", args=[world["campaign"].code]), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    window, brand = Nomination.objects.order_by("id")
    assert [(n.category.code, n.title, n.status, n.unit.code) for n in (window, brand)] == [
        ("window", "东宝区办税服务厅", "draft", "jm-db-tax"),
        ("brand", "阳光办税", "draft", "jm-db-tax"),
    ]
    assert "导入完成：新建 2 份草稿（优质服务窗口 1 份，优质服务品牌 1 份）。" in html
    assert f'<a href="/nominations/{window.pk}/">东宝区办税服务厅</a> · 优质服务窗口 · 东宝区税务局' in html
    assert f'<a href="/nominations/{brand.pk}/">阳光办税</a>' in html
    assert Job.objects.count() == 0
    assert AuditEvent.objects.filter(action="nomination.import").count() == 1


def test_bad_rows_are_listed_by_sheet_row_and_column_and_nothing_is_saved(client, world):
    client.force_login(world["clerk"])
    upload = workbook(
        world["campaign"],
        {
            "优质服务窗口": [["jm-db", "jm-db-tax", "东宝区办税服务厅", None], [None, "jm-dd", "掇刀区政务服务中心", None]],
            "优质服务品牌": [[None, "jm-db-tax", None, "2012-13-01"]],
        },
    )
    response = client.post(reverse("nom-import", args=[world["campaign"].code]), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<div class="alert alert-danger" role="alert"><div>导入文件有 2 处错误，未导入任何数据。</div></div>' in html
    assert "错误清单（共 2 处）" in html
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rows == (
        "<tr><td>优质服务窗口</td><td>3</td><td>申报单位编码</td>"
        "<td>工作表“优质服务窗口”第 3 行“申报单位编码”：您不是“掇刀区”的经办人，不能为其申报。</td></tr>"
        "<tr><td>优质服务品牌</td><td>2</td><td>品牌创建时间</td>"
        "<td>工作表“优质服务品牌”第 2 行“品牌创建时间”：“品牌创建时间”应为日期，如 2019-07-09。</td></tr>"
    )
    assert Nomination.objects.count() == 0
    assert not AuditEvent.objects.filter(action__in=["nomination.create", "nomination.import"]).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请选择要导入的 Excel 文件。"),
        (
            {"file": SimpleUploadedFile("名单.txt", "张三,李四".encode(), content_type="text/plain")},
            "文件“名单.txt”不是 Excel 工作簿（.xlsx），请使用下载的模板填写后导入。",
        ),
        (
            {"file": SimpleUploadedFile("旧表.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)},
            "文件“旧表.xls”是旧版 Excel（.xls）格式，请在 Excel 中另存为 .xlsx 后再导入。",
        ),
    ],
)
def test_unreadable_uploads_are_refused_with_a_message(client, world, data, message):
    client.force_login(world["clerk"])
    response = client.post(reverse("nom-import", args=[world["campaign"].code]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "错误清单" not in html
    assert Nomination.objects.count() == 0 and Job.objects.count() == 0


def test_office_without_a_clerk_role_imports_for_the_unit(client, world):
    # The office imports for every unit of the campaign (one file for all units); the draft belongs to the unit.
    client.force_login(world["organiser"])
    upload = workbook(world["campaign"], {"优质服务窗口": [["jm-db", "jm-db-tax", "东宝区办税服务厅", None]]})
    response = client.post(reverse("nom-import", args=[world["campaign"].code]), {"file": upload})
    assert response.status_code == 200
    assert list(Nomination.objects.values_list("unit__code", "recommender__code", "status", "created_by__username")) == [
        ("jm-db-tax", "jm-db", "draft", "organiser")
    ]


def test_background_import_redirects_to_the_job_page(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["clerk"])
    upload = workbook(world["campaign"], {"优质服务窗口": [["jm-db", "jm-db-tax", "东宝区办税服务厅", None]]})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("nom-import", args=[world["campaign"].code]), {"file": upload, "background": "on"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    window = Nomination.objects.get()
    assert (job.kind, job.title, job.status, job.campaign_id, job.result) == (
        "nominations.import",
        "导入推荐对象",
        "done",
        world["campaign"].pk,
        {"created": 1, "nominations": [window.pk], "categories": {"window": 1}},
    )
    html = client.get(response["Location"]).content.decode()
    assert '<h1 class="h4">导入推荐对象</h1>' in html
    assert 'aria-valuenow="100"' in html and ">100%</div>" in html
    assert '<p class="mb-1">已完成：3 / 3</p>' in html
    assert "新建：1" in html


def test_large_files_go_to_the_background_and_errors_show_on_the_job_page(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["clerk"])
    upload = workbook(world["campaign"], {"优质服务窗口": [["jm-dd", "jm-dd", "掇刀区政务服务中心", None]]}, padding=900_000)
    assert upload.size > 512 * 1024
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("nom-import", args=[world["campaign"].code]), {"file": upload})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.message) == ("failed", "导入文件有 1 处错误，未导入任何数据。")
    html = client.get(response["Location"]).content.decode()
    assert "导入文件有 1 处错误，未导入任何数据。" in html
    assert (
        "<td>2</td><td>申报单位编码</td><td>工作表“优质服务窗口”第 2 行“申报单位编码”：您不是“掇刀区”的经办人，不能为其申报。</td>"
        in html
    )
    assert Nomination.objects.count() == 0


def test_people_without_a_unit_or_office_role_get_404(client, world, make_user):
    stranger = make_user(world["window"], "approver", by=world["admin"], username="stranger")
    code = world["campaign"].code
    upload = workbook(world["campaign"], {"优质服务窗口": [["jm-db", "jm-db-tax", "东宝区办税服务厅", None]]})
    for user in (world["approver"], stranger):
        client.force_login(user)
        assert client.get(reverse("nom-import", args=[code])).status_code == 404
        assert client.get(reverse("nom-import-template", args=[code])).status_code == 404
        assert client.post(reverse("nom-import", args=[code]), {"file": upload}).status_code == 404
    client.force_login(world["clerk"])
    assert client.get(reverse("nom-import", args=["no-such-campaign"])).status_code == 404
    assert Nomination.objects.count() == 0 and Job.objects.count() == 0
