import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from pingxuan.audit.models import AuditEvent
from pingxuan.core.errors import ImportRejected
from pingxuan.nominations.importer import import_nominations, nominations_template
from pingxuan.nominations.models import Nomination

STORY = "优质服务" * 250


def workbook(campaign, rows):
    """The downloaded template with `rows` ({sheet: [row values]}) filled in, as an upload."""
    wb = load_workbook(io.BytesIO(nominations_template(campaign)))
    for sheet, values in rows.items():
        for row in values:
            (wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)).append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("申报导入.xlsx", buf.getvalue())


def test_template_has_a_sheet_per_category_and_instructions(world):
    wb = load_workbook(io.BytesIO(nominations_template(world["campaign"])))
    assert wb.sheetnames == ["优质服务窗口", "优秀个人", "优质服务品牌", "填写说明"]
    headers = {ws.title: [c.value for c in ws[1]] for ws in wb.worksheets[:3]}
    assert headers == {
        "优质服务窗口": ["推荐单位编码", "申报单位编码", "窗口名称", "主要事迹"],
        "优秀个人": ["推荐单位编码", "申报单位编码", "姓名", "身份证号码", "出生年月", "政治面貌", "手机号码", "主要事迹"],
        "优质服务品牌": ["推荐单位编码", "申报单位编码", "品牌名称", "品牌创建时间", "主要事迹"],
    }
    lines = [row[0].value for row in wb["填写说明"].iter_rows()]
    assert lines[0] == "荆门市窗口评选 推荐对象导入说明"
    start = lines.index("【优秀个人】工作表“优秀个人”")
    assert lines[start : start + 10] == [
        "【优秀个人】工作表“优秀个人”",
        "    姓名（必填）：最多 30 字",
        "    身份证号码：最多 18 字",
        "    出生年月（必填）：年月，如 1985-06",
        "    政治面貌（必填）：单选，政治面貌标准列表，可选：中共党员、中共预备党员、共青团员、民革党员、民盟盟员、民建会员、"
        "民进会员、农工党党员、致公党党员、九三学社社员、台盟盟员、无党派人士、群众",
        "    手机号码：11 位手机号码",
        "    主要事迹：1000 字左右，上限 3000 字",
        "  推荐单位及名额：",
        "    jm-db  东宝区：推荐 3 个，递补 1 个",
        "    jm-dd  掇刀区：推荐 3 个，递补 1 个",
    ]
    assert "    须在系统中上传：单位照片" in lines


def test_import_of_a_good_file_creates_drafts(world):
    upload = workbook(
        world["campaign"],
        {
            "优质服务窗口": [["jm-db", "jm-db-tax", "东宝区办税服务厅", STORY]],
            "优秀个人": [
                [None, "jm-db-tax", "张三", "420801198506011234", datetime.datetime(1985, 6, 1), "中共党员", 13912345678]
            ],
        },
    )
    result = import_nominations(user=world["clerk"], campaign=world["campaign"], fileobj=upload)
    window, person = Nomination.objects.filter(campaign=world["campaign"]).order_by("id")
    assert result == {"created": 2, "nominations": [window.pk, person.pk], "categories": {"window": 1, "person": 1}}
    assert [(n.category.code, n.unit.code, n.recommender.code, n.status, n.rank, n.title, n.data) for n in (window, person)] == [
        ("window", "jm-db-tax", "jm-db", "draft", 1, "东宝区办税服务厅", {"window_name": "东宝区办税服务厅", "story": STORY}),
        (
            "person",
            "jm-db-tax",
            "jm-db",
            "draft",
            1,
            "张三",
            {
                "name": "张三",
                "id_number": "420801198506011234",
                "birth": "1985-06",
                "political_status": "中共党员",
                "phone": "13912345678",
            },
        ),
    ]
    events = list(
        AuditEvent.objects.filter(campaign_id=world["campaign"].pk, action__startswith="nomination.")
        .order_by("id")
        .values_list("action", "actor_repr", "object_id")
    )
    assert events == [
        ("nomination.create", "dbclerk", str(window.pk)),
        ("nomination.create", "dbclerk", str(person.pk)),
        ("nomination.import", "dbclerk", str(world["campaign"].pk)),
    ]
    assert AuditEvent.objects.get(action="nomination.import").after == {
        "file": "申报导入.xlsx",
        "created": [window.pk, person.pk],
    }


def test_a_bad_row_rejects_the_whole_file(world):
    upload = workbook(
        world["campaign"],
        {
            "优质服务窗口": [["jm-db", "jm-db-tax", "东宝区办税服务厅", STORY]],
            "优秀个人": [
                [None, "jm-db-tax", "张三", None, "1985-06", "中共党员", "13912345678"],
                [None, "jm-db-tax", "李四", None, "1985-13", "中共党员", "1391234"],
            ],
        },
    )
    with pytest.raises(ImportRejected) as exc:
        import_nominations(user=world["clerk"], campaign=world["campaign"], fileobj=upload)
    assert exc.value.message == "导入文件有 2 处错误，未导入任何数据。"
    assert exc.value.details == [
        {
            "sheet": "优秀个人",
            "row": 3,
            "column": "出生年月",
            "message": "工作表“优秀个人”第 3 行“出生年月”：“出生年月”应为年月，如 1985-06 或 1985年6月。",
        },
        {
            "sheet": "优秀个人",
            "row": 3,
            "column": "手机号码",
            "message": "工作表“优秀个人”第 3 行“手机号码”：“手机号码”应为 11 位手机号码（以 1 开头）。",
        },
    ]
    assert Nomination.objects.count() == 0
    assert not AuditEvent.objects.filter(action__in=["nomination.create", "nomination.import"]).exists()


def test_units_permission_and_quota_are_checked_per_row(world):
    rows = [["jm-db", "jm-db-tax", f"窗口{i}", None] for i in range(1, 6)]  # quota 3 + 1 alternate
    rows += [
        [None, "jm-dd", "掇刀区政务服务中心", None],
        ["jm-dd", "jm-db-tax", "东宝区社保窗口", None],
        [None, "nope", "不存在的单位", None],
        [None, None, "没有单位", None],
    ]
    upload = workbook(world["campaign"], {"优质服务窗口": rows, "外来工作表": [["x"]]})
    with pytest.raises(ImportRejected) as exc:
        import_nominations(user=world["clerk"], campaign=world["campaign"], fileobj=upload)
    assert [(e["sheet"], e["row"], e["column"], e["message"]) for e in exc.value.details] == [
        (
            "优质服务窗口",
            6,
            "申报单位编码",
            "工作表“优质服务窗口”第 6 行“申报单位编码”：“东宝区”在“优质服务窗口”的推荐名额已满（推荐 3 个 + 递补 1 个，已有 4 个）。",
        ),
        ("优质服务窗口", 7, "申报单位编码", "工作表“优质服务窗口”第 7 行“申报单位编码”：您不是“掇刀区”的经办人，不能为其申报。"),
        (
            "优质服务窗口",
            8,
            "推荐单位编码",
            "工作表“优质服务窗口”第 8 行“推荐单位编码”：“东宝区税务局”的推荐单位是“东宝区”（编码 jm-db），与所填“jm-dd”不符。",
        ),
        ("优质服务窗口", 9, "申报单位编码", "工作表“优质服务窗口”第 9 行“申报单位编码”：编码“nope”的组织不存在。"),
        ("优质服务窗口", 10, "申报单位编码", "工作表“优质服务窗口”第 10 行“申报单位编码”：请填写申报单位编码。"),
        (
            "外来工作表",
            None,
            None,
            "工作表“外来工作表”：工作表名称不是本活动的奖项，应为：“优质服务窗口”、“优秀个人”、“优质服务品牌”。",
        ),
    ]
    assert Nomination.objects.count() == 0


def test_template_and_import_commands(world, tmp_path):
    out = tmp_path / "template.xlsx"
    call_command("template", "nominations", "--campaign", "office-test", "--out", str(out))
    wb = load_workbook(out)
    wb["优质服务品牌"].append([None, "jm-db-tax", "阳光办税", "2012-03-01", None])
    wb.save(out)
    stdout = io.StringIO()
    call_command("import", "nominations", str(out), "--campaign", "office-test", "--as", "dbclerk", stdout=stdout)
    assert stdout.getvalue() == "已导入推荐对象：新建 1。\n"
    brand = Nomination.objects.get()
    assert (brand.category.code, brand.data) == ("brand", {"brand_name": "阳光办税", "started_on": "2012-03-01"})


def test_import_as_a_background_job(world, django_capture_on_commit_callbacks):
    from pingxuan.documents import imports

    good = workbook(world["campaign"], {"优质服务窗口": [["jm-db", "jm-db-tax", "东宝区办税服务厅", None]]})
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_import_job(user=world["clerk"], key="nominations", upload=good, campaign=world["campaign"])
    job.refresh_from_db()
    window = Nomination.objects.get()
    assert (job.kind, job.status, job.message, job.result) == (
        "nominations.import",
        "done",
        "导入完成",
        {"created": 1, "nominations": [window.pk], "categories": {"window": 1}},
    )
    bad = workbook(world["campaign"], {"优质服务窗口": [["jm-dd", "jm-dd", "掇刀区政务服务中心", None]]})
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_import_job(user=world["clerk"], key="nominations", upload=bad, campaign=world["campaign"])
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "导入文件有 1 处错误，未导入任何数据。")
    assert [e["message"] for e in job.result["errors"]] == [
        "工作表“优质服务窗口”第 2 行“申报单位编码”：您不是“掇刀区”的经办人，不能为其申报。"
    ]
    assert Nomination.objects.count() == 1


def test_the_office_imports_for_all_units_in_one_file(client, world):
    """The office's one file for every unit: each row names its recommending and nominating unit; the drafts belong to
    those units (their clerks complete and submit them), and each creation is audited as the office's."""
    upload = workbook(
        world["campaign"],
        {"优质服务窗口": [["jm-db", "jm-db-tax", "东宝区办税服务厅", STORY], ["jm-dd", "jm-dd", "掇刀区政务服务中心", STORY]]},
    )
    client.force_login(world["organiser"])
    office = client.get(f"/nominations/c/{world['campaign'].code}/office/").content.decode()
    assert f'href="/nominations/c/{world["campaign"].code}/import/"' in office and "为所有单位导入申报" in office
    page = client.get(f"/nominations/c/{world['campaign'].code}/import/").content.decode()
    assert "活动办公室可在一个文件中为所有单位导入" in page
    r = client.post(f"/nominations/c/{world['campaign'].code}/import/", {"file": upload})
    assert r.status_code == 200
    rows = list(
        Nomination.objects.filter(campaign=world["campaign"])
        .order_by("id")
        .values_list("unit__code", "recommender__code", "status", "title", "created_by__username")
    )
    assert rows == [
        ("jm-db-tax", "jm-db", "draft", "东宝区办税服务厅", "organiser"),
        ("jm-dd", "jm-dd", "draft", "掇刀区政务服务中心", "organiser"),
    ]
    events = list(
        AuditEvent.objects.filter(campaign_id=world["campaign"].pk, action__startswith="nomination.")
        .order_by("id")
        .values_list("action", "actor_repr")
    )
    assert events == [("nomination.create", "organiser"), ("nomination.create", "organiser"), ("nomination.import", "organiser")]
    # The unit's clerk sees and edits the draft imported for it; the other unit's clerk does not see it.
    dd = Nomination.objects.get(unit__code="jm-dd")
    client.force_login(world["dd_clerk"])
    assert client.get(f"/nominations/{dd.pk}/edit/").status_code == 200
    client.force_login(world["clerk"])
    assert client.get(f"/nominations/{dd.pk}/edit/").status_code == 404


def test_a_clerk_still_imports_only_for_their_own_units(world):
    upload = workbook(world["campaign"], {"优质服务窗口": [["jm-dd", "jm-dd", "掇刀区政务服务中心", STORY]]})
    with pytest.raises(ImportRejected) as exc:
        import_nominations(user=world["clerk"], campaign=world["campaign"], fileobj=upload)
    assert [e["message"] for e in exc.value.details] == [
        "工作表“优质服务窗口”第 2 行“申报单位编码”：您不是“掇刀区”的经办人，不能为其申报。"
    ]
    assert Nomination.objects.count() == 0
