import io

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.quota_excel import export_quotas
from pingxuan.documents import imports
from pingxuan.jobs.models import Job
from pingxuan.orgs.excel import export_orgs
from pingxuan.orgs.models import Organisation
from tests.orgs.services.test_excel_orgs import HEADER
from tests.world import org_table, rows_of, xlsx

BAD_ROWS = [
    HEADER,
    ["jm-dd-a", "掇刀区甲单位", None, "基层单位", "jm-dd", None, None, "是"],
    ["jm-dd-b", "掇刀区乙单位", None, "窗口x", "jm-nowhere", None, None, "是"],
]
BAD_LINES = [
    "第 3 行“类型”：“窗口x”无效，可选：领导小组、活动办公室、推荐单位、主管部门、基层单位、服务窗口、地区。",
    "第 3 行“上级编码”：上级编码“jm-nowhere”不存在：系统和本文件中都没有这个组织。",
]


def save(tmp_path, buf, name="组织.xlsx"):
    path = tmp_path / name
    path.write_bytes(buf.getvalue() if hasattr(buf, "getvalue") else buf)
    return path


def test_template_command_writes_the_workbook(tmp_path, db):
    out = io.StringIO()
    call_command("template", "orgs", "--out", str(tmp_path / "t.xlsx"), stdout=out)
    assert out.getvalue() == f"已生成组织机构模板：{tmp_path / 't.xlsx'}\n"
    assert rows_of((tmp_path / "t.xlsx").read_bytes())[0] == HEADER


def test_template_for_quotas_needs_a_campaign(tmp_path, campaign):
    with pytest.raises(CommandError) as exc:
        call_command("template", "quotas")
    assert str(exc.value) == "生成“名额分配表”模板须用 --campaign 指定评选活动。"
    with pytest.raises(CommandError) as exc:
        call_command("template", "quotas", "--campaign", "nope")
    assert str(exc.value) == "评选活动“nope”不存在。"
    with pytest.raises(CommandError) as exc:
        call_command("template", "awards")
    assert str(exc.value) == (
        "未知的导入类型“awards”，可选：orgs（组织机构）、quotas（名额分配表）、nominations（推荐对象）、scores（专家评分）、"
        "delegates（代表名单）、ballots（纸质选票）。"
    )
    path = tmp_path / "q.xlsx"
    call_command("template", "quotas", "--campaign", "qt-2019", "--out", str(path), stdout=io.StringIO())
    assert rows_of(path.read_bytes())[0][0] == "名额分配表"


def test_import_command_applies_a_good_file(tmp_path, tree, admin_user):
    path = save(tmp_path, xlsx([HEADER, BAD_ROWS[1]]))
    out = io.StringIO()
    call_command("import", "orgs", str(path), stdout=out)
    assert out.getvalue() == "已导入组织机构：新建 1，更新 0，未变 0。\n"
    assert Organisation.objects.get(code="jm-dd-a").parent == tree["duodao"]


def test_import_command_lists_errors_and_changes_nothing(tmp_path, tree, admin_user):
    path = save(tmp_path, xlsx(BAD_ROWS))
    before, events = org_table(), AuditEvent.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import", "orgs", str(path), stderr=err)
    assert (str(exc.value), exc.value.returncode) == ("导入文件有 2 处错误，未导入任何数据。", 1)
    assert err.getvalue().splitlines() == BAD_LINES
    assert (org_table(), AuditEvent.objects.count()) == (before, events)


def test_import_command_exit_code_from_the_command_line(tmp_path, tree, admin_user, capsys):
    path = save(tmp_path, xlsx(BAD_ROWS))
    with pytest.raises(SystemExit) as exc:
        execute_from_command_line(["manage.py", "import", "orgs", str(path)])
    assert exc.value.code == 1
    assert capsys.readouterr().err.splitlines() == [*BAD_LINES, "CommandError: 导入文件有 2 处错误，未导入任何数据。"]


def test_import_command_acts_as_the_named_user(tmp_path, tree, admin_user, organiser_db):
    path = save(tmp_path, xlsx([HEADER, BAD_ROWS[1]]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "orgs", str(path), "--as", "db-organiser", stderr=err)
    assert err.getvalue().splitlines() == ["第 2 行“上级编码”：上级编码“jm-dd”不存在：系统和本文件中都没有这个组织。"]
    with pytest.raises(CommandError) as exc:
        call_command("import", "orgs", str(path), "--as", "nobody")
    assert str(exc.value) == "用户“nobody”不存在。"
    text = tmp_path / "x.xlsx"
    text.write_text("not excel")
    with pytest.raises(CommandError) as exc:
        call_command("import", "orgs", str(text))
    assert str(exc.value) == "文件“x.xlsx”不是 Excel 工作簿（.xlsx），请使用下载的模板填写后导入。"
    with pytest.raises(CommandError) as exc:
        call_command("import", "orgs", str(tmp_path / "missing.xlsx"))
    assert str(exc.value) == f"无法打开文件“{tmp_path / 'missing.xlsx'}”：No such file or directory。"


def test_import_quotas_command(tmp_path, campaign, organiser):
    path = save(tmp_path, export_quotas(user=organiser, campaign=campaign), "q.xlsx")
    out = io.StringIO()
    call_command("import", "quotas", str(path), "--campaign", "qt-2019", "--as", "jm-organiser", stdout=out)
    assert out.getvalue() == "已导入名额分配表：单位 2，名额条目 3（与现有数据相同，未作修改）。\n"
    with pytest.raises(CommandError) as exc:
        call_command("import", "quotas", str(path))
    assert str(exc.value) == "导入“名额分配表”须用 --campaign 指定评选活动。"


# Background jobs ----------------------------------------------------------------------------------


def test_registry_knows_the_builtin_kinds():
    assert [(k.key, k.label, k.needs_campaign) for k in imports.kinds()][:2] == [
        ("orgs", "组织机构", False),
        ("quotas", "名额分配表", True),
    ]


def test_export_jobs_attach_the_workbook(tree, admin_user, campaign, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_export_job(user=admin_user, key="orgs")
    job.refresh_from_db()
    assert (job.kind, job.status, job.result_name, job.done, job.total) == ("orgs.export", "done", "组织机构.xlsx", 2, 2)
    assert rows_of(job.result_file.read()) == rows_of(export_orgs(user=admin_user))
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_export_job(user=organiser, key="quotas", campaign=campaign)
    job.refresh_from_db()
    assert (job.status, job.result_name, job.campaign_id) == ("done", "qt-2019-名额分配表.xlsx", campaign.pk)
    assert rows_of(job.result_file.read()) == rows_of(export_quotas(user=organiser, campaign=campaign))


def test_import_jobs_report_counts_or_errors(tree, admin_user, campaign, organiser, django_capture_on_commit_callbacks):
    upload = xlsx([HEADER, BAD_ROWS[1]])
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_import_job(user=admin_user, key="orgs", upload=upload)
    job.refresh_from_db()
    assert (job.status, job.result, job.message, job.done, job.total) == (
        "done",
        {"created": 1, "updated": 0, "unchanged": 0},
        "导入完成",
        3,
        3,
    )
    before, events = org_table(), AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_import_job(user=admin_user, key="orgs", upload=xlsx(BAD_ROWS))
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "导入文件有 2 处错误，未导入任何数据。")
    assert [e["message"] for e in job.result["errors"]] == BAD_LINES
    assert (org_table(), AuditEvent.objects.count()) == (before, events)
    cfg = export_config(campaign)
    upload = io.BytesIO(export_quotas(user=organiser, campaign=campaign))
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_import_job(user=organiser, key="quotas", upload=upload, campaign=campaign)
    job.refresh_from_db()
    assert (job.kind, job.status, job.result) == ("quotas.import", "done", {"units": 2, "quotas": 3, "changed": False})
    assert export_config(campaign) == cfg
    assert Job.objects.count() == 3
