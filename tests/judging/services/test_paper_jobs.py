"""Paper score sheets imported as a background job (`scores.import`): the job ends done with the counts, or failed
with every row/column error and nothing saved."""

import io

import pytest
from openpyxl import load_workbook

from pingxuan.audit.models import AuditEvent
from pingxuan.documents import imports
from pingxuan.jobs.models import Job
from pingxuan.judging import excel, panels, scoring
from pingxuan.judging.models import ScoreSheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(world):
    n = world.passed("掇刀区政务服务窗口", side="dd")
    m = world.passed("掇刀区第二窗口", side="dd")
    panels.set_panel(user=world.organiser, category=world.category, judges=world.judges[1:3])
    panels.assign(user=world.organiser, category=world.category, mode="all")
    return {**world, "n": n, "m": m}


def upload(campaign, rows):
    """The campaign's own score-sheet template with `rows` written from row 2, as an uploaded file."""
    wb = load_workbook(io.BytesIO(excel.scores_template(campaign)))
    ws = wb["优质服务窗口"]
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "纸质评分.xlsx"
    return buf


def test_good_file_imports_in_the_background(judged, django_capture_on_commit_callbacks):
    n, m = judged["n"].pk, judged["m"].pk
    good = upload(
        judged["campaign"],
        [[n, "", "judge2", "", 18, 18, 18, 18, 18, "材料扎实"], [m, "", "judge3", "", 10, 12, 14, 16, 18]],
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_import_job(user=judged["organiser"], key="scores", upload=good, campaign=judged["campaign"])
    job.refresh_from_db()
    # The scores importer reports no progress, so the job's message stays empty; status and counts tell the story.
    assert (job.kind, job.title, job.status, job.result) == (
        "scores.import",
        "导入专家评分",
        "done",
        {"created": 2, "sheets": 2},
    )
    sheets = ScoreSheet.objects.order_by("nomination_id").values_list(
        "nomination_id", "judge__username", "submitted", "source", "comment"
    )
    assert list(sheets) == [(n, "judge2", True, "paper", "材料扎实"), (m, "judge3", True, "paper", "")]
    scores = scoring.expert_scores(judged["category"])
    assert (scores[n]["score"], scores[m]["score"]) == (90.0, 70.0)
    assert AuditEvent.objects.filter(action="judging.score.import").count() == 1


def test_bad_file_fails_the_job_with_row_and_column_errors_and_saves_nothing(judged, django_capture_on_commit_callbacks):
    n = judged["n"].pk
    bad = upload(
        judged["campaign"],
        [
            [n, "", "judge2", "", 18, 18, 18, 18, 18],
            [n, "", "judge3", "", 18, 25, 18, "十八", 18],
            [n, "", "judge1", "", 18, 18, 18, 18, 18],
        ],
    )
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_import_job(user=judged["organiser"], key="scores", upload=bad, campaign=judged["campaign"])
    job.refresh_from_db()
    assert (job.kind, job.status, job.message) == ("scores.import", "failed", "导入文件有 3 处错误，未导入任何数据。")
    assert [(e["row"], e["column"], e["message"]) for e in job.result["errors"]] == [
        (3, "服务纪律严（满分20）", "第 3 行“服务纪律严（满分20）”：优质服务窗口：“服务纪律严”的分数 25 应在 0 到 20 之间。"),
        (3, "服务程序简（满分20）", "第 3 行“服务程序简（满分20）”：优质服务窗口：“服务程序简”的分数“十八”不是数字。"),
        (4, "评委账号", f"第 4 行“评委账号”：优质服务窗口：评委“judge1”未分配申报 {n}。"),
    ]
    assert ScoreSheet.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert Job.objects.count() == 1
