"""A vote log from another platform uploaded into a campaign: a background job, the same analysis as the command
line, cluster and anomaly pages, and the result/Excel/PDF files; bad files refused in Chinese; 404 for outsiders."""

import io
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook
from rest_framework.test import APIClient

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

import fraudgen

from pingxuan.jobs.models import Job
from pingxuan.voting.models import VoteLog
from tests.voting.services.test_analyse_votes import HEADER, write_stream

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(tmp_path):
    s = fraudgen.stream(7004, fraudgen.Shape(voters=800, night=40, families=10), [("ip_farm", 200, 60, 5, False)], ["paid_post"])
    write_stream(tmp_path / "votes.csv", s)
    return tmp_path / "votes.csv", s


def test_upload_runs_the_same_analysis_and_gives_pages_and_reports(
    world, client, export, tmp_path, django_capture_on_commit_callbacks
):
    path, s = export
    client.force_login(world["organiser"])
    code = world["campaign"].code
    with django_capture_on_commit_callbacks(execute=True):  # the task worker runs the job after the commit
        answer = client.post(f"/voting/{code}/logs/", {"file": SimpleUploadedFile("导出.csv", path.read_bytes())})
    log = VoteLog.objects.get()
    assert answer.url == f"/voting/logs/{log.pk}/"
    job = Job.objects.get(pk=log.job_id)
    assert (job.status, job.result) == (
        "done",
        {"rows": log.rows, "flagged": log.flagged, "clusters": len(log.summary["clusters"])},
    )
    page = client.get(answer.url).content.decode()
    assert 'data-job-status="done"' in page and "hx-trigger" not in page
    target = s.operations["paid_post"][0]
    assert f"<td>{target}</td>" in page  # the boosted candidate in the inflow table
    assert all(c["title"] in page for c in log.summary["clusters"]) and log.summary["clusters"]
    # the per-row result equals the command line's on the same file
    call_command("analyse_votes", str(path), "--out", str(tmp_path / "cli.csv"))
    result = client.get(f"/voting/logs/{log.pk}/result.csv")
    assert b"".join(result.streaming_content) == (tmp_path / "cli.csv").read_bytes()
    xlsx = client.get(f"/voting/logs/{log.pk}/report.xlsx")
    wb = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert wb.sheetnames == ["概况", "可疑群组", "异常流入", "涉及记录"]
    assert [c.value for c in wb["概况"]["B"]][:4] == ["导出.csv", world["campaign"].name, log.rows, log.flagged]
    assert [r[0].value for r in wb["异常流入"].iter_rows(min_row=2)] == [a["candidate"] for a in log.summary["anomalies"]]
    pdf = client.get(f"/voting/logs/{log.pk}/report.pdf")
    assert b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    assert client.get(f"/voting/logs/{log.pk}/other.txt").status_code == 404


def test_bad_files_get_a_chinese_answer_naming_the_line(world, client, django_capture_on_commit_callbacks):
    client.force_login(world["organiser"])
    code = world["campaign"].code
    wrong = client.post(f"/voting/{code}/logs/", {"file": SimpleUploadedFile("x.csv", b"a,b,c\n1,2,3\n")}, follow=True)
    assert "第 1 行：表头应为 time,phone,ip,device,user_agent,candidate。" in wrong.content.decode()
    assert VoteLog.objects.count() == 0  # nothing half-saved
    body = HEADER + "2026-07-28 20:15:00,13800001234,,,,张三\n" + "昨天晚上,13800001235,,,,张三\n"
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/voting/{code}/logs/", {"file": SimpleUploadedFile("x.csv", body.encode())})
    job = Job.objects.get(kind="voting.log")
    message = "第 3 行“time”列：时间“昨天晚上”不是 ISO 8601 格式（例如 2026-07-28 20:15:00）。"
    assert (job.status, job.message) == ("failed", message)
    assert message in client.get(answer.url).content.decode()


def test_api_upload_detail_and_outsiders(world, export, admin_user, make_user, django_capture_on_commit_callbacks):
    path, _s = export
    api = APIClient()
    api.force_authenticate(world["organiser"])
    code = world["campaign"].code
    with django_capture_on_commit_callbacks(execute=True):
        up = api.post(
            f"/api/voting/campaigns/{code}/logs/", {"file": SimpleUploadedFile("v.csv", path.read_bytes())}, format="multipart"
        )
    assert up.status_code == 202 and up.json()["name"] == "v.csv"
    pk = up.json()["id"]
    detail = api.get(f"/api/voting/logs/{pk}/").json()
    log = VoteLog.objects.get()
    assert (detail["rows"], detail["flagged"], detail["summary"]) == (log.rows, log.flagged, log.summary)
    assert detail["files"] == {n: f"/api/voting/logs/{pk}/{n}" for n in ("result.csv", "report.xlsx", "report.pdf")}
    assert api.get(detail["files"]["report.pdf"]).content[:5] == b"%PDF-"
    assert [x["id"] for x in api.get(f"/api/voting/campaigns/{code}/logs/").json()] == [pk]
    outsider = APIClient()
    outsider.force_authenticate(make_user(world["unit"], "clerk", by=admin_user, username="o-logs"))
    assert outsider.get(f"/api/voting/logs/{pk}/").status_code == 404
    assert outsider.get(f"/api/voting/logs/{pk}/report.pdf").status_code == 404
    refused = outsider.post(
        f"/api/voting/campaigns/{code}/logs/", {"file": SimpleUploadedFile("v.csv", b"x")}, format="multipart"
    )
    assert refused.status_code == 404
