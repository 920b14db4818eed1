"""Paper score sheets from Excel (all or nothing), the results export (blind leaves out units), the commands,
and the candidate announcement / plaque list documents."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from pingxuan.core.errors import ImportRejected
from pingxuan.judging import excel, panels, scoring, services
from pingxuan.judging.documents import render
from pingxuan.judging.models import ScoreSheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(world):
    n = world.passed("掇刀区政务服务窗口", side="dd")
    m = world.passed("掇刀区第二窗口", side="dd")
    panels.set_panel(user=world.organiser, category=world.category, judges=world.judges[1:3])
    panels.assign(user=world.organiser, category=world.category, mode="all")
    return {**world, "n": n, "m": m}


def filled(judged, rows):
    wb = load_workbook(io.BytesIO(excel.scores_template(judged["campaign"])))
    ws = wb["优质服务窗口"]
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "评分.xlsx"
    return buf


def test_template_lists_assignments(judged):
    wb = load_workbook(io.BytesIO(excel.scores_template(judged["campaign"])))
    rows = [list(r) for r in wb["优质服务窗口"].iter_rows(values_only=True)]
    n, m = judged["n"].pk, judged["m"].pk
    assert rows == [
        [
            "申报编号",
            "推荐对象",
            "评委账号",
            "评委姓名",
            "服务态度好（满分20）",
            "服务纪律严（满分20）",
            "服务环境优（满分20）",
            "服务程序简（满分20）",
            "服务效率高（满分20）",
            "评语",
        ],
        [n, "掇刀区政务服务窗口", "judge2", "judge2", None, None, None, None, None, None],
        [n, "掇刀区政务服务窗口", "judge3", "judge3", None, None, None, None, None, None],
        [m, "掇刀区第二窗口", "judge2", "judge2", None, None, None, None, None, None],
        [m, "掇刀区第二窗口", "judge3", "judge3", None, None, None, None, None, None],
    ]


def test_import_errors_by_row_and_column_and_nothing_saved(judged):
    n = judged["n"].pk
    bad = filled(
        judged,
        [
            [n, "", "judge2", "", 18, 18, 18, 18, 18],
            [n, "", "judge3", "", 18, 25, 18, "十八", 18],
            [n, "", "judge1", "", 18, 18, 18, 18, 18],
        ],
    )
    with pytest.raises(ImportRejected) as e:
        excel.import_scores(user=judged["organiser"], campaign=judged["campaign"], fileobj=bad)
    assert [i["message"] for i in e.value.details] == [
        "第 3 行“服务纪律严（满分20）”：优质服务窗口：“服务纪律严”的分数 25 应在 0 到 20 之间。",
        "第 3 行“服务程序简（满分20）”：优质服务窗口：“服务程序简”的分数“十八”不是数字。",
        f"第 4 行“评委账号”：优质服务窗口：评委“judge1”未分配申报 {n}。",
    ]
    assert ScoreSheet.objects.count() == 0


def test_import_saves_submitted_paper_sheets_and_the_command(judged, tmp_path):
    n, m = judged["n"].pk, judged["m"].pk
    good = filled(judged, [[n, "", "judge2", "", 18, 18, 18, 18, 18, "好"], [m, "", "judge2", "", 10, 10, 10, 10, 10]])
    assert excel.import_scores(user=judged["organiser"], campaign=judged["campaign"], fileobj=good) == {"created": 2, "sheets": 2}
    assert sorted(ScoreSheet.objects.values_list("nomination_id", "submitted", "source")) == sorted(
        [(n, True, "paper"), (m, True, "paper")]
    )
    assert scoring.expert_scores(judged["category"])[n]["score"] == 90.0
    again = tmp_path / "again.xlsx"
    again.write_bytes(filled(judged, [[n, "", "judge2", "", 1, 1, 1, 1, 1]]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError) as e:
        call_command("import", "scores", str(again), "--campaign", judged["campaign"].code, stderr=err)
    assert str(e.value) == "导入文件有 1 处错误，未导入任何数据。"
    assert err.getvalue() == f"第 2 行“评委账号”：优质服务窗口：评委“judge2”对申报 {n} 的评分已提交，须先重新开放。\n"
    out = tmp_path / "t.xlsx"
    call_command("template", "scores", "--campaign", judged["campaign"].code, "--out", str(out))
    assert load_workbook(out).sheetnames == ["优质服务窗口", "填写说明"]


def test_export_hides_units_in_blind_categories(judged):
    data = excel.export_scores(user=judged["organiser"], campaign=judged["campaign"])
    head = next(load_workbook(io.BytesIO(data))["优质服务窗口"].iter_rows(values_only=True))
    assert head[:5] == ("名次", "编号", "推荐对象", "申报单位", "推荐单位")
    cat = judged["category"]
    cat.blind = True
    cat.save()
    data = excel.export_scores(user=judged["organiser"], campaign=judged["campaign"])
    rows = list(load_workbook(io.BytesIO(data))["优质服务窗口"].iter_rows(values_only=True))
    assert rows[0][:4] == ("名次", "编号", "评委人数", "平均分")
    flat = " ".join(str(v) for r in rows for v in r)
    assert "掇刀" not in flat


def test_candidate_documents(judged):
    services.stage_candidates(user=judged["organiser"], category=judged["category"], nomination_ids=[judged["n"].pk])
    services.apply_candidates(user=judged["organiser"], category=judged["category"])
    from docx import Document

    content, name, _ = render(judged["category"], "plaques", "docx")
    assert name == "judge-test-window-挂牌名单.docx"
    text = [[c.text for c in r.cells] for r in Document(io.BytesIO(content)).tables[0].rows]
    assert text == [["牌号", "候选对象", "挂牌单位"], ["001", "掇刀区政务服务窗口", "掇刀区政务服务窗口"]]
    pdf, name, ctype = render(judged["category"], "announcement", "pdf")
    assert (pdf[:5], name, ctype) == (b"%PDF-", "judge-test-window-候选名单公告.pdf", "application/pdf")
