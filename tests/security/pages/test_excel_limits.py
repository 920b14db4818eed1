"""Excel imports cannot stall a request: a workbook is measured (declared range, cells held, the grid a reader would
fill out) before anything reads it, refused past the limit with a Chinese message naming it, and a big one is imported
as a background job with a progress bar. Each attack is a clerk's upload to the import page."""

import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from pingxuan.audit.models import AuditEvent
from pingxuan.jobs.models import Job
from pingxuan.nominations.models import Nomination

pytestmark = pytest.mark.django_db


def clerk_client(world):
    client = Client()
    client.force_login(world["clerk"])
    return client


def template(client, world):
    response = client.get(reverse("nom-import-template", args=[world["campaign"].code]))
    assert response.status_code == 200
    return response.content


def rewrite_sheet(data, change):
    """The workbook with its first sheet's XML passed through `change` (what an attacker's tool would write)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body)
            dst.writestr(info, body)
    return out.getvalue()


def upload(client, world, data, name="推荐对象.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    f = SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return client.post(reverse("nom-import", args=[world["campaign"].code]), {"file": f})


def page_errors(response):
    return re.findall(r'<div class="alert alert-danger[^"]*"[^>]*>(.*?)</div>', response.content.decode(), re.S)


def test_a_small_file_declaring_a_huge_sheet_is_refused_before_reading(world):
    client = clerk_client(world)
    data = rewrite_sheet(
        template(client, world), lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)
    )
    assert len(data) < 20_000
    response = upload(client, world, data)
    assert response.status_code == 400
    assert "文件“推荐对象.xlsx”中的工作表声明了 17,179,869,184 个单元格的范围，超过每个工作表 2,000,000 个单元格的上限，" in (
        response.content.decode()
    )
    assert Nomination.objects.count() == 0 and Job.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="nomination.import").exists()


def test_a_cell_far_out_that_a_reader_would_fill_out_is_refused(world):
    """No <dimension> at all, and two real cells: A3 and XFD30000. Read row by row, every row would be filled out to
    column 16,384."""
    client = clerk_client(world)

    def far(xml):
        xml = re.sub(rb"<dimension [^>]*/>", b"", xml)
        return xml.replace(
            b"</sheetData>", b'<row r="30000"><c r="XFD30000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        )

    response = upload(client, world, rewrite_sheet(template(client, world), far))
    assert response.status_code == 400
    assert "中的工作表有 491,520,000 个单元格（30,000 行 × 16,384 列），超过每个工作表 2,000,000 个单元格的上限" in (
        response.content.decode()
    )
    assert Nomination.objects.count() == 0


def test_too_many_cells_are_refused(world, settings):
    settings.IMPORT_MAX_CELLS = 5_000
    client = clerk_client(world)
    rows = b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d" t="inlineStr"><is><t>1</t></is></c>' % (col, r) for col in (b"A", b"B", b"C", b"D", b"E"))
        + b"</row>"
        for r in range(10, 1210)
    )

    def many(xml):
        xml = re.sub(rb"<dimension [^>]*/>", b"", xml)
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    response = upload(client, world, rewrite_sheet(template(client, world), many))
    assert response.status_code == 400
    assert "个单元格（1,209 行 × 5 列），超过每个工作表 5,000 个单元格的上限，请删除多余的行和列或分批导入。" in (
        response.content.decode()
    )


def test_a_big_workbook_is_imported_as_a_background_job_with_progress(world, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_FOREGROUND_CELLS = 5
    client = clerk_client(world)
    data = template(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, world, data)
    job = Job.objects.get()
    assert (response.status_code, response["Location"]) == (302, reverse("job-detail", args=[job.pk]))
    job.refresh_from_db()
    # The blank template holds no nomination: the job read it in the background, reported its progress and the
    # importer's Chinese message.
    assert (job.kind, job.user, job.status, job.done, job.total, job.message) == (
        "nominations.import",
        world["clerk"],
        "failed",
        1,
        3,
        "导入文件有 1 处错误，未导入任何数据。",
    )
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert 'role="progressbar"' in page and "文件中没有可导入的推荐对象。" in page


def test_an_exported_formula_reads_back_as_typed(tree, admin_user):
    """An organisation named like a formula is exported behind a quote (inert), and importing that export back changes
    nothing: the quote our export added is not taken as part of the name."""
    from openpyxl import load_workbook

    from pingxuan.orgs.models import Organisation
    from pingxuan.orgs.services import update_org

    name = '=HYPERLINK("http://x","y")区'
    update_org(user=admin_user, org=tree["duodao"], name=name)
    client = Client()
    client.force_login(admin_user)
    exported = client.get(reverse("org-excel-export"))
    content = exported.content
    values = [c.value for ws in load_workbook(io.BytesIO(content)).worksheets for row in ws.iter_rows() for c in row]
    assert "'" + name in values and name not in values
    from django.core.files.uploadedfile import SimpleUploadedFile

    again = client.post(reverse("org-excel-import"), {"file": SimpleUploadedFile("orgs.xlsx", content)})
    assert again.status_code == 200
    assert Organisation.objects.get(pk=tree["duodao"].pk).name == name
    assert Organisation.objects.filter(name__startswith="'").count() == 0
