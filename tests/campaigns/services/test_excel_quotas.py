import io

import pytest
from openpyxl import load_workbook

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.quota_excel import export_quotas, import_quotas, quotas_template
from pingxuan.core.errors import ImportRejected, NotFound, PermissionDenied
from tests.world import rows_of, xlsx

TITLE = ["名额分配表", *[None] * 8]
TOP = ["序号", "推荐单位", "单位编码", "推荐名额", None, "递补名额", None, "表彰名额", None]
SUB = [None, None, None, "优质服务窗口", "优质服务明星", "优质服务窗口", "优质服务明星", "优质服务窗口", "优质服务明星"]
EXPORTED = [
    TITLE,
    TOP,
    SUB,
    [1, "东宝区", "jm-db", 18, 10, 2, 0, 9, 5],
    [2, "掇刀区", "jm-dd", "1-2", None, 0, None, 1, None],
    [None, "合计", None, "19-20", 10, 2, 0, 10, 5],
]


def state(campaign):
    campaign.refresh_from_db()
    return export_config(campaign), AuditEvent.objects.count()


def edited(content, changes):
    """The exported workbook with some cells changed: {(row, column): value}."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    for (row, col), value in changes.items():
        ws.cell(row=row, column=col).value = value
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_export_uses_the_seed_layout(campaign, organiser):
    content = export_quotas(user=organiser, campaign=campaign)
    assert rows_of(content) == EXPORTED
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A1:I1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:G2", "H2:I2"]


def test_export_then_import_is_a_no_op(campaign, organiser):
    before = state(campaign)
    content = export_quotas(user=organiser, campaign=campaign)
    result = import_quotas(user=organiser, campaign=campaign, fileobj=io.BytesIO(content))
    assert result == {"units": 2, "quotas": 3, "changed": False}
    assert state(campaign) == before


def test_import_applies_changes_through_the_configuration(campaign, organiser):
    content = export_quotas(user=organiser, campaign=campaign)
    events = AuditEvent.objects.count()
    totals_cleared = {(6, col): None for col in range(4, 10)}
    f = edited(content, {(5, 4): "2—3", (5, 5): 4, (5, 7): 1, (5, 9): 2, **totals_cleared})
    assert import_quotas(user=organiser, campaign=campaign, fileobj=f) == {"units": 2, "quotas": 4, "changed": True}
    cfg, after = state(campaign)
    assert cfg["quotas"] == [
        {"unit": "jm-db", "category": "window", "nominate": 18, "alternates": 2, "awards": 9},
        {"unit": "jm-dd", "category": "window", "nominate": "2-3", "alternates": 0, "awards": 1},
        {"unit": "jm-db", "category": "star", "nominate": 10, "alternates": 0, "awards": 5},
        {"unit": "jm-dd", "category": "star", "nominate": 4, "alternates": 1, "awards": 2},
    ]
    assert cfg["quota_totals"] == [{"category": "window", "nominate": 21, "awards": 10}]
    assert after == events + 1
    assert AuditEvent.objects.order_by("-id").first().action == "campaign.configure"
    assert rows_of(export_quotas(user=organiser, campaign=campaign))[3:] == [
        [1, "东宝区", "jm-db", 18, 10, 2, 0, 9, 5],
        [2, "掇刀区", "jm-dd", "2-3", 4, 0, 1, 1, 2],
        [None, "合计", None, "20-21", 14, 2, 1, 10, 7],
    ]


def test_a_unit_left_out_of_the_file_loses_its_quota(campaign, organiser):
    f = xlsx([TITLE, TOP, SUB, [1, "东宝区", None, 18, 10, 2, 0, 9, 5]], title="名额分配表")
    assert import_quotas(user=organiser, campaign=campaign, fileobj=f) == {"units": 1, "quotas": 2, "changed": True}
    cfg, _ = state(campaign)
    assert [(q["unit"], q["category"]) for q in cfg["quotas"]] == [("jm-db", "window"), ("jm-db", "star")]
    assert cfg["quota_totals"] == [{"category": "window", "nominate": 18, "awards": 9}]


def test_bad_cells_are_listed_and_nothing_changes(campaign, organiser, tree):
    before = state(campaign)
    f = xlsx(
        [
            TITLE,
            TOP,
            SUB,
            [1, "东宝区", "jm-db", 18.5, "两个", "x", -1, 9, 5],
            [2, "掇刀区", None, "5-3", None, 1, None, None, 2],
            [3, "东宝区办税服务厅", None, 3, None, 0, None, 4, None],
            [4, "东宝区", None, 1, None, None, None, None, None],
            [5, "襄阳市", None, 1, None, None, None, None, None],
            [6, None, "hb", 1, None, None, None, None, None],
            [None, "合计", None, 30, 10, 2, 0, 10, 5],
        ],
        title="名额分配表",
    )
    with pytest.raises(ImportRejected) as exc:
        import_quotas(user=organiser, campaign=campaign, fileobj=f)
        assert [e["message"] for e in exc.value.details] == [
            "第 4 行“推荐名额·优质服务窗口”：“18.5”不是整数，应为整数（如 18）或区间（如 1-2）。",
            "第 4 行“递补名额·优质服务窗口”：“x”不是整数。",
            "第 4 行“推荐名额·优质服务明星”：“两个”不是整数，应为整数（如 18）或区间（如 1-2）。",
            "第 4 行“递补名额·优质服务明星”：-1 小于下限 0。",
            "第 5 行“推荐名额·优质服务窗口”：区间“5-3”的下限大于上限。",
            "第 5 行“表彰名额·优质服务明星”：已填写，但“推荐名额”为空；不参与此奖项的单位请全部留空。",
            "第 6 行“表彰名额·优质服务窗口”：表彰名额 4 多于推荐名额上限 3。",
            "第 7 行“推荐单位”：“东宝区”与第 4 行重复。",
            "第 8 行“推荐单位”：没有名为“襄阳市”的组织，请填写“单位编码”。",
            "第 9 行“单位编码”：编码“hb”的组织不存在。",
        ]
    assert exc.value.details[0] == {
        "row": 4,
        "column": "推荐名额·优质服务窗口",
        "message": "第 4 行“推荐名额·优质服务窗口”：“18.5”不是整数，应为整数（如 18）或区间（如 1-2）。",
    }
    assert state(campaign) == before


def test_totals_row_and_award_limits(campaign, organiser):
    before = state(campaign)
    rows = [TITLE, TOP, SUB, [1, "东宝区", "jm-db", 18, 10, 2, 0, 15, 5], [2, "掇刀区", "jm-dd", "1-2", None, 0, None, 1, None]]
    f = xlsx([*rows, [None, "合计", None, 20, 10, 2, None, 16, 6]], title="名额分配表")
    with pytest.raises(ImportRejected) as exc:
        import_quotas(user=organiser, campaign=campaign, fileobj=f)
    assert exc.value.details == [
        {
            "row": 6,
            "column": "推荐名额·优质服务窗口",
            "message": "第 6 行“推荐名额·优质服务窗口”：合计“20”与各单位之和 19-20 不一致。",
        },
        {
            "row": 6,
            "column": "表彰名额·优质服务明星",
            "message": "第 6 行“表彰名额·优质服务明星”：合计“6”与各单位之和 5 不一致。",
        },
    ]
    rows[3] = [1, "东宝区", "jm-db", 25, 10, 2, 0, 21, 5]
    f = xlsx([*rows, [None, None, None, "26-27", 10, 2, 0, 22, 5]], title="名额分配表")
    with pytest.raises(ImportRejected) as exc:
        import_quotas(user=organiser, campaign=campaign, fileobj=f)
    assert [e["message"] for e in exc.value.details] == [
        "第 6 行“表彰名额·优质服务窗口”：各单位表彰名额之和 22 超过奖项表彰总数 20。"
    ]
    assert state(campaign) == before


def test_the_seed_layout_without_codes_or_alternates_is_read(campaign, organiser):
    """附件1 of seed 003: 序号, 推荐单位, then 推荐名额 and 表彰名额 split into 单位 / 个人, and an unlabelled total."""
    f = xlsx(
        [
            ["名额分配表"],
            ["序号", "推荐单位", "推荐名额", None, "表彰名额", None],
            [None, None, "单位", "个人", "单位", "个人"],
            [1, "东宝区", 18, 18, 9, 9],
            [2, "掇刀区", 2, 2, 1, 1],
            [None, None, 20, 20, 10, 10],
        ],
        title="Sheet1",
    )
    assert import_quotas(user=organiser, campaign=campaign, fileobj=f) == {"units": 2, "quotas": 4, "changed": True}
    cfg, _ = state(campaign)
    assert cfg["quotas"] == [
        {"unit": "jm-db", "category": "window", "nominate": 18, "alternates": 2, "awards": 9},
        {"unit": "jm-dd", "category": "window", "nominate": 2, "alternates": 0, "awards": 1},
        {"unit": "jm-db", "category": "star", "nominate": 18, "alternates": 0, "awards": 9},
        {"unit": "jm-dd", "category": "star", "nominate": 2, "alternates": 0, "awards": 1},
    ]


def test_unknown_category_in_the_header(campaign, organiser):
    f = xlsx([TITLE, TOP, [*SUB[:4], "优秀服务标兵", *SUB[5:]], [1, "东宝区", "jm-db", 18, 10, 2, 0, 9, 5]])
    with pytest.raises(ImportRejected) as exc:
        import_quotas(user=organiser, campaign=campaign, fileobj=f)
    assert exc.value.details == [
        {
            "row": 3,
            "column": "优秀服务标兵",
            "message": "第 3 行“优秀服务标兵”：奖项“优秀服务标兵”不是本活动的奖项，可选：优质服务窗口、优质服务明星。",
        }
    ]


def test_only_the_campaign_office_may_import(campaign, organiser, tree, admin_user, make_user):
    content = export_quotas(user=organiser, campaign=campaign)
    clerk = make_user(tree["dongbao"], "clerk", by=admin_user, username="db-clerk")
    assert rows_of(export_quotas(user=clerk, campaign=campaign)) == EXPORTED
    with pytest.raises(PermissionDenied) as exc:
        import_quotas(user=clerk, campaign=campaign, fileobj=io.BytesIO(content))
    assert exc.value.message == "您无权修改评选活动“名额测试评选”的名额分配表。"
    from pingxuan.orgs.services import create_org

    other = create_org(user=admin_user, code="xy", name="襄阳市", kind="leading_group")
    stranger = make_user(other, "organiser", by=admin_user, username="xy-organiser")
    with pytest.raises(NotFound):
        export_quotas(user=stranger, campaign=campaign)
    with pytest.raises(NotFound):
        import_quotas(user=stranger, campaign=campaign, fileobj=io.BytesIO(content))


def test_template_lists_the_units_without_numbers(campaign):
    content = quotas_template(campaign)
    assert rows_of(content) == [TITLE, TOP, SUB, [1, "东宝区", "jm-db", *[None] * 6], [2, "掇刀区", "jm-dd", *[None] * 6]]
    notes = [r[0] for r in rows_of(content, "填写说明")]
    assert notes[0] == "名额测试评选 名额分配表填写说明"
    assert "3. “推荐名额”填整数（如 18）或区间（如 1-2，表示可推荐 1 至 2 个）；留空表示该单位不参与此奖项。" in notes


def test_a_row_without_unit_in_the_middle_is_an_error(campaign, organiser):
    f = xlsx([TITLE, TOP, SUB, [1, None, None, 3, None, None, None, None, None], [2, "东宝区", "jm-db", 18, 10, 2, 0, 9, 5]])
    with pytest.raises(ImportRejected) as exc:
        import_quotas(user=organiser, campaign=campaign, fileobj=f)
    assert [e["message"] for e in exc.value.details] == ["第 4 行“推荐单位”：“推荐单位”和“单位编码”都为空。"]
