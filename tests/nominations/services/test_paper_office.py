"""The office's summary workbook (推荐对象汇总表), the print-all job and the print_forms command."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from pingxuan.core.errors import PermissionDenied
from pingxuan.jobs.models import Job
from pingxuan.nominations import services as s
from pingxuan.nominations.paper import start_print_all, summary_xlsx
from pingxuan.orgs.models import User
from tests.nominations.paperwork import fill, open_preset, people, walk


@pytest.fixture
def jingmen(admin_user):
    campaign = open_preset(admin_user, "jingmen-2019")
    clerk, base, by_org = people(campaign)
    window = campaign.categories.get(code="window")
    received = s.create_nomination(user=clerk, category=window, unit=base, data={})
    fill(clerk, received)
    received = s.submit_nomination(user=clerk, nomination=received)
    received, _ = walk(received, by_org)
    draft = s.create_nomination(user=clerk, category=window, unit=base, data={"unit_name": "东宝区供电营业厅"})
    return {
        "campaign": campaign,
        "clerk": clerk,
        "received": received,
        "draft": draft,
        "organiser": User.objects.get(username="organiser"),
    }


def when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def test_summary_workbook_has_a_sheet_per_category_and_a_row_per_received_nomination(jingmen):
    n = jingmen["received"]
    wb = load_workbook(io.BytesIO(summary_xlsx(jingmen["campaign"], jingmen["organiser"])))
    assert wb.sheetnames == ["优质服务窗口", "优质服务明星"]
    ws = wb["优质服务窗口"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=4)]
    assert rows[0][0] == "2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选推荐对象汇总表（优质服务窗口）"
    assert rows[1] == [
        "序号",
        "推荐单位",
        "申报单位",
        "排序（编号）",
        "正式/递补",
        "状态",
        "推荐对象",
        "单位名称",
        "电话",
        "单位地址",
        "负责人",
        "手机号码",
        "经办人",
        "职务",
        "手机号码",
        "提交时间",
        "报送时间",
    ]
    d = n.data
    assert rows[2] == [
        1,
        n.recommender.name,
        n.unit.name,
        1,
        "正式",
        "已报送",
        d["unit_name"],
        d["unit_name"],
        d["unit_phone"],
        d["unit_address"],
        d["head_name"],
        d["head_mobile"],
        d["clerk_name"],
        d["clerk_title"],
        d["clerk_mobile"],
        when(n.submitted_at),
        when(n.received_at),
    ]
    assert rows[3] == [None] * 17  # the draft is not in the summary
    assert ws.cell(row=5, column=1).value.startswith("共 1 个；导出时间 ")
    other = wb["优质服务明星"]
    assert other.cell(row=3, column=1).value is None
    assert other.cell(row=4, column=1).value.startswith("共 0 个；")


def test_summary_workbook_is_for_the_office_only(jingmen):
    with pytest.raises(PermissionDenied) as exc:
        summary_xlsx(jingmen["campaign"], jingmen["clerk"])
    assert exc.value.message == "只有活动办公室可以导出推荐对象汇总表。"


def test_print_all_job_zips_every_visible_form_with_progress(jingmen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_print_all(user=jingmen["clerk"], campaign=jingmen["campaign"])
    job.refresh_from_db()
    assert (job.kind, job.status, job.done, job.total, job.message) == ("nominations.print_all", "done", 3, 3, "已完成")
    assert job.title == "打印申报表：2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选"
    r, dr = jingmen["received"], jingmen["draft"]
    folder = f"优质服务窗口/{r.recommender.name}"
    with job.result_file.open("rb") as fh:
        names = zipfile.ZipFile(io.BytesIO(fh.read())).namelist()
    assert names == [
        f"{folder}/01-{r.title}-{r.pk}.docx",
        f"{folder}/01-{r.title}-{r.pk}.pdf",
        f"{folder}/02-东宝区供电营业厅-{dr.pk}.docx",
        f"{folder}/02-东宝区供电营业厅-{dr.pk}.pdf",
        f"{folder}/排序表.docx",
    ]
    assert job.result == {
        "file": "2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选-申报表.zip",
        "nominations": 2,
        "formats": ["docx", "pdf"],
    }
    assert job.result_name == job.result["file"]


def test_print_all_refuses_when_nothing_is_visible(jingmen, admin_user, make_user, django_capture_on_commit_callbacks):
    from pingxuan.orgs.models import Organisation

    outsider = make_user(Organisation.objects.get(code="jm-zhanghe"), "clerk", by=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_print_all(user=outsider, campaign=jingmen["campaign"])
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, "没有可打印的申报。")


def test_print_forms_command_writes_every_blank_form(admin_user, tmp_path):
    open_preset(admin_user, "jingmen-2019")
    out = io.StringIO()
    call_command("print_forms", "jingmen-2019", "--out", str(tmp_path / "forms"), stdout=out)
    names = sorted(p.name for p in (tmp_path / "forms").iterdir())
    assert names == [
        "individual-荆门市窗口行业优质服务明星评选申报表.docx",
        "individual-荆门市窗口行业优质服务明星评选申报表.pdf",
        "window-荆门市优质服务窗口评选申报表.docx",
        "window-荆门市优质服务窗口评选申报表.pdf",
    ]
    doc = Document(str(tmp_path / "forms" / "window-荆门市优质服务窗口评选申报表.docx"))
    assert doc.paragraphs[0].text == "荆门市优质服务窗口评选申报表"
    assert (tmp_path / "forms" / "window-荆门市优质服务窗口评选申报表.pdf").read_bytes().startswith(b"%PDF")
    assert out.getvalue().splitlines()[-1] == f"已输出 4 个文件到 {tmp_path / 'forms'}"


def test_print_forms_names_the_campaigns_when_the_code_is_wrong(admin_user, tmp_path):
    open_preset(admin_user, "jingmen-2019")
    with pytest.raises(CommandError) as exc:
        call_command("print_forms", "jingmen", "--out", str(tmp_path))
    assert str(exc.value) == "评选活动“jingmen”不存在。现有活动：jingmen-2019"


def test_print_job_handler_is_registered_at_start_up():
    """The worker process knows the kind without anyone importing the paper module first."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    code = "from pingxuan.jobs.services import HANDLERS; print(HANDLERS['nominations.print_all'])"
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "pingxuan.nominations.paper.jobs.print_all"


def test_pdf_is_refused_with_a_message_when_the_fonts_are_missing(admin_user, settings, tmp_path):
    from pingxuan.core.errors import ServiceError
    from pingxuan.nominations.paper import blank_form_pdf

    campaign = open_preset(admin_user, "changzhou-2015")
    settings.FONT_DIR = tmp_path / "no-fonts"
    message = (
        "中文字体文件缺失（NotoSerifSC_400Regular.ttf、NotoSerifSC_700Bold.ttf、NotoSansSC_400Regular.ttf、"
        "NotoSansSC_700Bold.ttf），无法生成 PDF。请先运行 make install 安装字体。"
    )
    with pytest.raises(ServiceError) as exc:
        blank_form_pdf(campaign.categories.get())
    assert exc.value.message == message
    with pytest.raises(CommandError) as exc:
        call_command("print_forms", "changzhou-2015", "--out", str(tmp_path / "out"), "--format", "pdf")
    assert str(exc.value) == message
