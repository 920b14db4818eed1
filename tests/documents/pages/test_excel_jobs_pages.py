"""Excel buttons of the organisation and quota pages, and the background job pages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pingxuan.jobs.models import Job
from pingxuan.orgs.models import Organisation
from tests.world import count_queries

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows, title="组织机构"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("组织.xlsx", buf.getvalue(), XLSX)


HEADER = ["编码", "名称", "简称", "类型", "上级编码", "行业", "地区", "启用"]


def test_template_and_export_download(client, tree, people):
    client.force_login(people["clerk"])
    response = client.get(reverse("org-excel-template"))
    assert response["Content-Type"] == XLSX
    response = client.get(reverse("org-excel-export"))
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    names = [r[1] for r in rows]
    assert "东宝区办税服务厅" in names and "掇刀区" not in names


def test_export_of_other_subtree_is_404(client, tree, people):
    client.force_login(people["clerk"])
    assert client.get(reverse("org-excel-export"), {"root": tree["duodao"].pk}).status_code == 404


def test_import_with_bad_rows_lists_errors_and_imports_nothing(client, tree, people):
    client.force_login(people["organiser"])
    before = list(Organisation.objects.order_by("pk").values_list())
    upload = workbook(
        [
            HEADER,
            ["jm-dd-1", "掇刀区税务局", "", "主管部门", "jm-dd", "税务", "", "是"],
            ["jm-dd-2", "", "", "窗口", "jm-dd", "", "", "也许"],
        ]
    )
    response = client.post(reverse("org-excel-import"), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "导入文件有 3 处错误，未导入任何数据。" in html
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert table.count("<tr>") == 3
    assert "<tr><td>3</td><td>名称</td><td>第 3 行“名称”：不能为空。</td></tr>" in table
    assert "<tr><td>3</td><td>启用</td><td>第 3 行“启用”：“也许”无效，应填“是”或“否”。</td></tr>" in table
    assert list(Organisation.objects.order_by("pk").values_list()) == before


def test_import_happy_path(client, tree, people):
    client.force_login(people["organiser"])
    upload = workbook([HEADER, ["jm-dd-1", "掇刀区税务局", "", "主管部门", "jm-dd", "税务", "掇刀区", "是"]])
    response = client.post(reverse("org-excel-import"), {"file": upload})
    assert response.status_code == 200
    assert "导入完成：新建 1；更新 0；未变 0。" in response.content.decode()
    assert Organisation.objects.get(code="jm-dd-1").parent == tree["duodao"]


def test_background_import_goes_to_job_page(client, tree, people, django_capture_on_commit_callbacks):
    client.force_login(people["organiser"])
    upload = workbook([HEADER, ["jm-dd-1", "掇刀区税务局", "", "主管部门", "jm-dd", "税务", "掇刀区", "是"]])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("org-excel-import"), {"file": upload, "background": "on"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("job-detail", args=[job.pk])
    html = client.get(response.url).content.decode()
    assert '<h1 class="h4">导入组织机构</h1>' in html
    assert "已完成" in html and 'aria-valuenow="100"' in html and "新建：1；更新：0；未变：0" in html
    assert Organisation.objects.filter(code="jm-dd-1").exists()


def test_background_import_with_errors_shows_table_on_job_page(client, tree, people, django_capture_on_commit_callbacks):
    client.force_login(people["organiser"])
    upload = workbook([HEADER, ["jm-dd-2", "", "", "服务窗口", "jm-dd", "", "", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("org-excel-import"), {"file": upload, "background": "on"})
    html = client.get(response.url).content.decode()
    assert "失败" in html and "<tr><td>2</td><td>名称</td><td>第 2 行“名称”：不能为空。</td></tr>" in html
    assert not Organisation.objects.filter(code="jm-dd-2").exists()


def test_job_polling_fragment_and_privacy(client, tree, people, django_capture_on_commit_callbacks):
    client.force_login(people["organiser"])
    client.get(reverse("org-excel-export"), {"background": "1"})
    job = Job.objects.get()
    queued = client.get(reverse("job-detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{reverse("job-detail", args=[job.pk])}" hx-trigger="every 1s"' in queued and "排队中" in queued
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("org-excel-export"), {"background": "1"})
    job = Job.objects.latest("id")
    fragment = client.get(reverse("job-detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith(f'<div id="job-{job.pk}"') and "<html" not in fragment
    assert "hx-get" not in fragment and "已完成" in fragment  # finished: no more polling
    assert f'href="{reverse("job-download", args=[job.pk])}"' in fragment
    download = client.get(reverse("job-download", args=[job.pk]))
    assert download.status_code == 200
    list_html = client.get(reverse("job-list")).content.decode()
    assert list_html.count(">导出组织机构</a>") == 2
    client.force_login(people["clerk"])
    assert client.get(reverse("job-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("job-download", args=[job.pk])).status_code == 404
    assert "导出组织机构" not in client.get(reverse("job-list")).content.decode()


def test_job_list_query_count(client, tree, people):
    client.force_login(people["organiser"])
    client.get(reverse("org-excel-export"), {"background": "1"})
    client.get(reverse("job-list"))
    one = count_queries(lambda: client.get(reverse("job-list")))
    for _ in range(5):
        client.get(reverse("org-excel-export"), {"background": "1"})
    assert count_queries(lambda: client.get(reverse("job-list"))) == one
    html = client.get(reverse("job-list")).content.decode()
    assert html.count(">导出组织机构</a>") == 6


def test_quota_excel_buttons(client, campaign, people, tree):
    client.force_login(people["organiser"])
    response = client.get(reverse("campaign-quotas-export", args=[campaign.code]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    response = client.get(reverse("campaign-quotas-template", args=[campaign.code]))
    assert response.status_code == 200
    bad = SimpleUploadedFile("q.xlsx", b"not a workbook", XLSX)
    response = client.post(reverse("campaign-quotas-import", args=[campaign.code]), {"file": bad})
    assert response.status_code == 400
    client.force_login(people["clerk"])
    assert client.get(reverse("campaign-quotas-import", args=[campaign.code])).status_code == 403
