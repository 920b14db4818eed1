import io
import zipfile

import pytest

from pingxuan.audit.models import AuditEvent
from pingxuan.core.errors import ImportRejected, NotFound, ServiceError
from pingxuan.orgs.excel import COLUMNS, export_orgs, import_orgs, orgs_template
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.models import path_segment as seg
from tests.world import org_table, rows_of, xlsx

HEADER = ["编码", "名称", "简称", "类型", "上级编码", "行业", "地区", "启用"]
TREE_ROWS = [
    ["jm", "荆门市", None, "领导小组", None, None, "荆门市", "是"],
    ["jm-db", "东宝区", None, "推荐单位", "jm", None, "东宝区", "是"],
    ["jm-db-tax", "东宝区税务局", None, "主管部门", "jm-db", "税务", None, "是"],
    ["jm-db-tax-w1", "东宝区办税服务厅", None, "服务窗口", "jm-db-tax", "税务", None, "是"],
    ["jm-dd", "掇刀区", None, "推荐单位", "jm", None, "掇刀区", "是"],
]


def test_export_lists_the_tree_in_order_with_chinese_labels(tree, admin_user):
    assert COLUMNS == HEADER
    assert rows_of(export_orgs(user=admin_user)) == [HEADER, *TREE_ROWS]


def test_export_of_a_subtree_and_of_a_scoped_user(tree, admin_user, organiser_db):
    assert rows_of(export_orgs(user=admin_user, root=tree["tax"])) == [HEADER, *TREE_ROWS[2:4]]
    assert rows_of(export_orgs(user=organiser_db)) == [HEADER, *TREE_ROWS[1:4]]
    with pytest.raises(NotFound):
        export_orgs(user=organiser_db, root=tree["duodao"])


def test_export_then_import_changes_nothing(tree, admin_user):
    before, events = org_table(), AuditEvent.objects.count()
    content = export_orgs(user=admin_user)
    assert import_orgs(user=admin_user, fileobj=io.BytesIO(content)) == {"created": 0, "updated": 0, "unchanged": 5}
    assert (org_table(), AuditEvent.objects.count()) == (before, events)


def test_import_creates_updates_and_moves_with_parents_later_in_the_file(tree, admin_user):
    events = AuditEvent.objects.count()
    f = xlsx(
        [
            HEADER,
            ["jm-dd-w1", "掇刀区政务服务中心窗口", "掇刀政务窗口", "服务窗口", "jm-dd-gov", "政务", "掇刀区", "是"],
            ["jm-dd-gov", "掇刀区政务服务中心", None, "主管部门", "jm-dd", "政务", "掇刀区", None],
            ["jm-db-tax", "东宝区税务局（更名）", "东宝税务", "主管部门", "jm-db", "税务", None, "是"],
            ["jm-db-tax-w1", "东宝区办税服务厅", None, "服务窗口", "jm-dd-gov", "税务", None, "否"],
            ["jm-dd", "掇刀区", None, "推荐单位", "jm", None, "掇刀区", "是"],
        ]
    )
    assert import_orgs(user=admin_user, fileobj=f) == {"created": 2, "updated": 2, "unchanged": 1}
    gov = Organisation.objects.get(code="jm-dd-gov")
    w1 = Organisation.objects.get(code="jm-dd-w1")
    moved = Organisation.objects.get(code="jm-db-tax-w1")
    tax = Organisation.objects.get(code="jm-db-tax")
    assert (gov.parent, gov.kind, gov.is_active, gov.path) == (
        tree["duodao"],
        "department",
        True,
        tree["duodao"].path + seg(gov.pk),
    )
    assert (w1.parent, w1.short_name, w1.sector, w1.depth) == (gov, "掇刀政务窗口", "政务", 3)
    assert (moved.parent, moved.is_active, moved.path) == (gov, False, gov.path + seg(moved.pk))
    assert (tax.name, tax.short_name) == ("东宝区税务局（更名）", "东宝税务")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "object_id")[events:])
    assert actions == [  # parents first (by depth in the file), then the file's order
        ("org.update", str(tax.pk)),
        ("org.create", str(gov.pk)),
        ("org.create", str(w1.pk)),
        ("org.update", str(moved.pk)),
        ("org.move", str(moved.pk)),
    ]


def test_missing_columns_keep_existing_values(tree, admin_user):
    f = xlsx([["编码", "名称", "类型"], ["jm-db-tax", "东宝区税务局", "主管部门"], ["hb", "湖北省", "领导小组"]])
    assert import_orgs(user=admin_user, fileobj=f) == {"created": 1, "updated": 0, "unchanged": 1}
    tax = Organisation.objects.get(code="jm-db-tax")
    assert (tax.parent, tax.sector, tax.is_active) == (tree["dongbao"], "税务", True)
    top = Organisation.objects.get(code="hb")
    assert (top.parent, top.kind, top.depth, top.is_active) == (None, "leading_group", 0, True)


def test_one_bad_row_among_good_ones_changes_nothing(tree, admin_user):
    before, events = org_table(), AuditEvent.objects.count()
    f = xlsx(
        [
            HEADER,
            ["jm-dd-a", "掇刀区甲单位", None, "基层单位", "jm-dd", None, None, "是"],
            ["jm-db", "东宝区（改）", None, "推荐单位", "jm", None, "东宝区", "是"],
            ["jm-dd-b", "掇刀区乙单位", None, "基层单位", "jm-dd", None, None, "是"],
            ["jm-dd-c", "掇刀区丙窗口", None, "窗口x", "jm-dd", None, None, "是"],
        ]
    )
    with pytest.raises(ImportRejected) as exc:
        import_orgs(user=admin_user, fileobj=f)
    assert exc.value.message == "导入文件有 1 处错误，未导入任何数据。"
    assert exc.value.details == [
        {
            "row": 5,
            "column": "类型",
            "message": "第 5 行“类型”：“窗口x”无效，可选：领导小组、活动办公室、推荐单位、主管部门、基层单位、服务窗口、地区。",
        }
    ]
    assert (org_table(), AuditEvent.objects.count()) == (before, events)


def test_every_kind_of_error_is_listed_by_row_and_column(tree, admin_user):
    before, events = org_table(), AuditEvent.objects.count()
    f = xlsx(
        [
            ["组织机构导入"],
            HEADER,
            ["jm-x1", "甲", None, "基层单位", "jm-nowhere", None, None, "是"],
            ["jm-x2", "乙", None, "基层单位", "jm-x3", None, None, "是"],
            ["jm-x3", "丙", None, "基层单位", "jm-x2", None, None, "是"],
            ["jm-x4", "丁", None, "基层单位", "jm-x2", None, None, "是"],
            ["jm-x1", "甲二", None, "基层单位", "jm", None, None, "是"],
            ["jm-x5", "长" * 121, "简" * 61, "基层单位", "jm", None, None, "也许"],
            ["jm-x6", None, None, None, "jm", None, None, None],
            ["jm-db", "东宝区", None, "推荐单位", "jm-db-tax", None, "东宝区", "是"],
        ]
    )
    with pytest.raises(ImportRejected) as exc:
        import_orgs(user=admin_user, fileobj=f)
    kinds = "领导小组、活动办公室、推荐单位、主管部门、基层单位、服务窗口、地区"
    assert [e["message"] for e in exc.value.details] == [
        "第 7 行“编码”：“jm-x1”与第 3 行重复。",
        "第 8 行“名称”：长度 121 个字符，超过上限 120 个字符。",
        "第 8 行“简称”：长度 61 个字符，超过上限 60 个字符。",
        "第 8 行“启用”：“也许”无效，应填“是”或“否”。",
        "第 9 行“名称”：不能为空。",
        f"第 9 行“类型”：不能为空，可选：{kinds}。",
        "第 3 行“上级编码”：上级编码“jm-nowhere”不存在：系统和本文件中都没有这个组织。",
        "第 4 行“上级编码”：上级关系形成循环：jm-x2 → jm-x3 → jm-x2。",
        "第 5 行“上级编码”：上级关系形成循环：jm-x3 → jm-x2 → jm-x3。",
        "第 10 行“上级编码”：上级关系形成循环：jm-db → jm-db-tax → … → jm-db（“jm-db-tax”目前在“jm-db”之下）。",
    ]
    assert [(e["row"], e["column"]) for e in exc.value.details][:2] == [(7, "编码"), (8, "名称")]
    assert (org_table(), AuditEvent.objects.count()) == (before, events)


def test_a_user_cannot_import_into_another_subtree(tree, admin_user, organiser_db):
    before, events = org_table(), AuditEvent.objects.count()
    f = xlsx(
        [
            HEADER,
            ["jm-db-new", "东宝区新窗口", None, "服务窗口", "jm-db", None, None, "是"],
            ["jm-dd-new", "掇刀区新窗口", None, "服务窗口", "jm-dd", None, None, "是"],
            ["jm-top", "顶级组织", None, "领导小组", None, None, None, "是"],
            ["jm-db-tax", "东宝区税务局", None, "主管部门", "jm", "税务", None, "是"],
        ]
    )
    with pytest.raises(ImportRejected) as exc:
        import_orgs(user=organiser_db, fileobj=f)
    assert [e["message"] for e in exc.value.details] == [
        "第 3 行“上级编码”：上级编码“jm-dd”不存在：系统和本文件中都没有这个组织。",
        "第 4 行“上级编码”：只有系统管理员可以创建顶级组织，请填写上级编码。",
        "第 5 行“上级编码”：您无权把组织移到“荆门市”（jm）之下。",
    ]
    other = xlsx([HEADER, ["jm-dd", "掇刀区（改）", None, "推荐单位", "jm", None, "掇刀区", "是"]])
    with pytest.raises(ImportRejected) as exc:
        import_orgs(user=organiser_db, fileobj=other)
    assert [e["message"] for e in exc.value.details] == ["第 2 行“编码”：编码“jm-dd”已被其他组织使用，请换一个编码。"]
    ancestor = xlsx([HEADER, ["jm", "荆门市（改）", None, "领导小组", None, None, "荆门市", "是"]])
    with pytest.raises(ImportRejected) as exc:
        import_orgs(user=organiser_db, fileobj=ancestor)
    assert [e["message"] for e in exc.value.details] == ["第 2 行“编码”：您无权修改编码为“jm”的组织。"]
    assert (org_table(), AuditEvent.objects.count()) == (before, events)
    ok = xlsx([HEADER, ["jm-db-new", "东宝区新窗口", None, "服务窗口", "jm-db", None, None, "是"]])
    assert import_orgs(user=organiser_db, fileobj=ok) == {"created": 1, "updated": 0, "unchanged": 0}
    assert Organisation.objects.get(code="jm-db-new").parent == tree["dongbao"]


def test_wrong_files_are_refused_with_a_clear_message(tree, admin_user):
    text = io.BytesIO("编码,名称\njm,荆门市\n".encode())
    text.name = "组织.xlsx"
    with pytest.raises(ServiceError) as exc:
        import_orgs(user=admin_user, fileobj=text)
    assert exc.value.message == "文件“组织.xlsx”不是 Excel 工作簿（.xlsx），请使用下载的模板填写后导入。"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "not a workbook")
    with pytest.raises(ServiceError) as exc:
        import_orgs(user=admin_user, fileobj=buf.getvalue())
    assert exc.value.message == "文件是压缩包而不是 Excel 工作簿（.xlsx），请使用下载的模板填写后导入。"
    with pytest.raises(ServiceError) as exc:
        import_orgs(user=admin_user, fileobj=b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert exc.value.message == "文件是旧版 Excel（.xls）格式，请在 Excel 中另存为 .xlsx 后再导入。"
    with pytest.raises(ImportRejected) as exc:
        import_orgs(user=admin_user, fileobj=xlsx([["姓名", "电话"], ["张三", "1"]]))
    assert [e["message"] for e in exc.value.details] == ["找不到表头：第一个工作表应有“编码、名称、类型”等列，请使用下载的模板。"]


def test_template_has_header_example_and_instructions(tree, admin_user):
    content = orgs_template()
    assert rows_of(content) == [
        HEADER,
        ["jm-sw-w1", "荆门市税务局办税服务厅", "市税务办税厅", "服务窗口", "jm-sw", "税务", "荆门市", "是"],
    ]
    notes = [r[0] for r in rows_of(content, "填写说明")]
    assert notes[0] == "组织机构导入填写说明"
    assert "2. “类型”可选：领导小组、活动办公室、推荐单位、主管部门、基层单位、服务窗口、地区。" in notes
    assert len(notes) == 9
