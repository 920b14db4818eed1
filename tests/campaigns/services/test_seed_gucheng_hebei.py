"""gucheng-2011 (seed 000) and hebei-2012 (seed 001); every expected value is typed from the seeds."""

import pytest

from pingxuan.campaigns.services import load_preset
from tests.campaigns.preset_helpers import approval_titles, d, field, labels, paper_rows, phases, quota_rows, totals


@pytest.fixture
def gc(admin_user):
    return load_preset(user=admin_user, name="gucheng-2011")


@pytest.fixture
def he(admin_user):
    return load_preset(user=admin_user, name="hebei-2012")


def test_gucheng_document_and_categories(gc):
    assert (gc.doc_number, gc.issuer, gc.issued_on) == (
        "谷创先发〔2011〕14号",
        "中共谷城县委创先争优活动领导小组",
        d("2011-11-24"),
    )
    assert gc.recipients == "各乡镇党委，县委各部委，县级国家机关各办局党组（委），各人民团体党组，开发区党工委"
    cats = [(c.kind, c.name, c.awards, c.selection) for c in gc.categories.all()]
    expected_selection = {"candidates": 50, "shortlist": 15, "by_unit_quota": False}
    assert cats == [
        ("window", "十佳优良服务窗口", 10, expected_selection),
        ("individual", "十佳优秀服务标兵", 10, expected_selection),
        ("brand", "十佳优质服务品牌", 10, expected_selection),
    ]


def test_gucheng_forms_annexes_1_to_3(gc):
    window, star, brand = gc.categories.all()
    assert labels(window) == ["窗口名称", "获奖情况", "事迹简介"]
    assert labels(star) == ["姓名", "性别", "出生年月", "政治面貌", "工作单位及服务岗位", "获奖情况", "事迹简介"]
    assert labels(brand) == ["品牌名称", "获奖情况", "项目简介"]
    assert [c.form["title"] for c in (window, star, brand)] == [
        "“十佳优良服务窗口”候选对象推荐表",
        "“十佳优秀服务标兵”候选对象推荐表",
        "“十佳优质服务品牌”候选对象推荐表",
    ]
    for cat in (window, star, brand):
        summary = field(cat, "summary")
        assert (summary["type"], summary["target"]) == ("longtext", 300)
        assert approval_titles(cat) == ["基层单位意见", "主管部门意见", "批准机关审批意见"]
        assert sum(c["max"] for c in cat.rubric) == 100
    assert field(star, "political_status")["options"] == "political_status"


def test_gucheng_eligibility(gc):
    window, star, brand = gc.categories.all()
    assert [(r["rule"], r.get("percent")) for r in window.eligibility] == [("satisfaction_at_least", 95)]
    assert [(r["rule"], r.get("field"), r.get("months")) for r in star.eligibility] == [
        ("party_member", "political_status", None),
        ("no_valid_complaint", None, 12),
    ]
    assert brand.eligibility == []


def test_gucheng_quotas_votes_policies_dates(gc):
    for code in ("window", "individual", "brand"):
        rows = quota_rows(gc, code)
        assert {row[1] for row in rows} == {"3"}  # 每个乡局级单位……分别不超过3个
        assert ("城关镇", "3", 0, None) in rows
        assert totals(gc, code)[0] >= 50  # enough nominations for 50 candidates
    assert [(c["kind"], c["weight"]) for c in gc.scoring["components"]] == [("public_vote", 50), ("delegate_vote", 50)]
    assert (gc.voting["public"]["channel"], gc.voting["delegate"]["enabled"]) == ("谷城党建网", True)
    assert (gc.policies["candidate_plaques"], gc.policies["late_is_withdrawn"]) == (True, True)
    assert phases(gc)["nomination"] == (d("2011-11-24"), d("2011-12-08"))
    assert gc.publicity["shortlist"]["channels"] == ["县级新闻媒体"]


def test_hebei_document(he):
    assert (he.doc_number, he.issuer, he.issued_on) == ("冀创组〔2012〕18号", "中共河北省委创先争优活动领导小组", d("2012-08-08"))
    assert he.recipients == "各市委创先争优活动领导小组，省直机关创先争优活动领导小组"
    assert [(c.name, c.awards) for c in he.categories.all()][:2] == [
        ("为民服务创先争优群众满意窗口", 200),
        ("为民服务创先争优行业服务标兵", 200),
    ]
    assert phases(he)["nomination"] == (d("2012-08-08"), d("2012-08-20"))
    assert (he.policies["backfill_alternates"], he.policies["pre_review"]) == (False, True)
    assert he.scoring["components"] == []


HEBEI_TABLE = [
    ("石家庄", 16),
    ("承德", 14),
    ("张家口", 14),
    ("秦皇岛", 12),
    ("唐山", 16),
    ("廊坊", 14),
    ("保定", 16),
    ("沧州", 14),
    ("衡水", 12),
    ("邢台", 16),
    ("邯郸", 16),
    ("省直机关", 40),
]


@pytest.mark.parametrize("code", ["window", "individual"])
def test_hebei_quota_table_annex_1(he, code):
    rows = [(org_short(name), nominate, alternates, awards) for name, nominate, alternates, awards in quota_rows(he, code)]
    assert rows == [(unit, str(n), 2, n) for unit, n in HEBEI_TABLE]
    assert totals(he, code) == (200, 200)


def test_hebei_brand_quotas(he):
    rows = [(org_short(name), nominate, alternates) for name, nominate, alternates, _ in quota_rows(he, "brand")]
    assert rows == [(unit, "5–6" if unit == "省直机关" else "1–2", 2) for unit, _ in HEBEI_TABLE]


def org_short(name):
    from pingxuan.orgs.models import Organisation

    return Organisation.objects.get(name=name).short_name


def test_hebei_forms_annex_2_and_3(he):
    window, star, brand = he.categories.all()
    assert paper_rows(window) == {
        1: ["服务窗口名称（全称）"],
        2: ["所属单位"],
        3: ["党组织负责人", "单位电话（区号）"],
        4: ["窗口情况简介"],
        5: ["主要事迹"],
    }
    assert paper_rows(star) == {
        1: ["姓名", "性别", "出生年月"],
        2: ["民族", "学历", "政治面貌"],
        3: ["工作单位及职务"],
        4: ["工作简历"],
        5: ["主要事迹"],
    }
    assert paper_rows(brand) == {
        1: ["服务品牌名称（全称）"],
        2: ["所属单位"],
        3: ["党组织负责人", "单位电话（区号）"],
        4: ["品牌简介"],
        5: ["曾受表彰情况"],
    }
    three = ["主管单位党组织意见", "市委或省直机关创先争优活动领导小组意见", "省委创先争优活动领导小组审批意见"]
    assert [approval_titles(c) for c in (window, star, brand)] == [three, three, three[1:]]
    for cat in (window, star, brand):
        assert (cat.form["number_label"], cat.form["filler_label"], cat.form["copies"]) == ("编号", "填报单位", 3)
        assert cat.form["notes"] == "注：编号与《排序表》序号一致。"
        case = field(cat, "case_material")
        assert (case["label"], case["target"]) == ("典型事迹材料", 2000)
    assert star.form["ranking"] == {
        "title": "推荐全省为民服务创先争优行业服务标兵排序表",
        "column": "全省为民服务创先争优行业服务标兵（姓名、性别、民族、单位及职务）",
    }
