"""changzhou-2015 (seed 002) and shiyan-2011 (seed 004); every expected value is typed from the seeds."""

import pytest

from pingxuan.campaigns.presets import PRESET_DIR, read_yaml
from pingxuan.campaigns.services import load_preset
from pingxuan.stars.services import export_programme, load_programme
from tests.campaigns.preset_helpers import approval_titles, d, labels, phases, quota_rows


@pytest.fixture
def cz(admin_user):
    return load_preset(user=admin_user, name="changzhou-2015")


@pytest.fixture
def sy(admin_user):
    data = read_yaml((PRESET_DIR / "shiyan-2011.yaml").read_text(encoding="utf-8"))
    return export_programme(load_programme(user=admin_user, data=data))


def test_changzhou_document_and_tiers(cz):
    assert (cz.issuer, cz.issued_on) == ("常州市文明办", d("2015-06-09"))
    assert cz.recipients == "各辖市（区）文明办，市各参创行业主管部门"
    assert cz.contact == "市文明办创建处，联系电话：85680863，邮箱：czwmb@163.com"
    (brand,) = cz.categories.all()
    assert (brand.kind, brand.name) == ("brand", "常州市第三批优质服务品牌")
    assert brand.tiers == [{"name": "十大服务品牌", "count": 10}, {"name": "优质服务品牌"}]
    assert brand.form["copies"] == 3  # 一式三份
    assert brand.trim is True
    assert [c["name"] for c in brand.rubric] == ["创新性", "引领性", "独特性", "实践性", "整体性"]
    assert labels(brand)[0] == "品牌名称"
    assert approval_titles(brand) == ["推荐单位意见"]


def test_changzhou_eligibility(cz):
    (brand,) = cz.categories.all()
    rules = [(r["key"], r["check"], r.get("rule"), r.get("years")) for r in brand.eligibility]
    assert rules == [
        ("running_one_year", "auto", "running_years", 1),
        ("not_named_before", "auto", "not_awarded_before", None),
        ("no_major_violation", "attested", None, 2),
    ]
    assert brand.eligibility[0]["field"] == "started_on"
    assert brand.eligibility[1]["label"] == "未被评为常州市第一、第二批优质服务品牌"


def test_changzhou_quota_ranges(cz):
    rows = quota_rows(cz, "brand")
    departments = [r for r in rows if not r[0].endswith("文明办")]
    districts = [r for r in rows if r[0].endswith("文明办")]
    assert {r[1] for r in departments} == {"1–2"}  # 市行业主管部门择优报送1-2个
    assert {r[1] for r in districts} == {"3–5"}  # 辖市（区）文明办推荐3-5个
    assert [r[0] for r in districts] == [
        "溧阳市文明办",
        "金坛区文明办",
        "武进区文明办",
        "新北区文明办",
        "天宁区文明办",
        "钟楼区文明办",
    ]


def test_changzhou_dates_scoring_publicity(cz):
    p = phases(cz)
    assert p["nomination"][1] == d("2015-07-10")
    assert [(m["date"], m["label"][:4]) for m in cz.extra["phase_milestones"]["nomination"]] == [
        ("2015-06-25", "自荐申报"),
        ("2015-07-10", "择优推荐"),
    ]
    assert p["preliminary_review"][1] == d("2015-07-20")
    assert p["candidate_publicity"][1] == d("2015-07-25")
    assert p["commendation"][1] == d("2015-08-20")
    assert p["promotion"][1] == d("2015-09-30")
    assert [(c["kind"], c["weight"]) for c in cz.scoring["components"]] == [("onsite", 100)]
    assert cz.publicity["candidate"]["channels"] == ["常州文明网"]
    assert cz.publicity["candidate"]["hall_poster"] is True


def test_shiyan_programme(sy):
    assert sy["kind"] == "programme"
    assert sy["theme"] == "优化环境创先进、服务群众争优秀"
    assert sy["period"] == "half_year"
    assert [o["label"] for o in sy["evaluation"]["public"]["options"]] == ["满意", "基本满意", "不满意"]
    assert sy["evaluation"]["public"]["satisfaction_numerator"] == ["satisfied"]
    assert sy["evaluation"]["leader"]["name"] == "领导点评"
    assert sorted(sy["weights"]) == ["commitment", "leader", "public"]
    assert sum(sy["weights"].values()) == 100
    assert [t["level"] for t in sy["star_levels"]["thresholds"]] == list(range(1, 11))
    assert sy["star_levels"]["applies_to"] == ["party_org", "member"]
    assert sy["commitments"]["review"]["name"] == "回头看"
    assert sy["commitments"]["review"]["recommit_name"] == "再承诺"
    assert sy["hotlines"]["kinds"] == ["监督投诉电话", "便民电话", "咨询电话"]
    assert sy["weekly_summary"]["name"] == "一周一小结"
    assert {t["key"]: t["value"] for t in sy["targets"]} == {
        "windows": 5800,
        "new_commitments": 2500,
        "post_pioneers": 500,
        "satisfied_windows": 200,
    }
    assert [(m["name"], m["target"]) for m in sy["model_selection"]] == [("岗位先锋", 500), ("群众满意窗口", 200)]
    activities = {a["name"]: a.get("items", []) for a in sy["activities"]}
    assert activities["五亮"] == ["亮身份", "亮职责", "亮承诺", "亮点评", "亮评议"]
    assert activities["五比"] == ["比素质", "比干劲", "比奉献", "比创新", "比作风"]
    assert activities["五创"] == ["创一流部门", "创一流队伍", "创一流服务", "创一流业绩", "创一流形象"]
    assert activities["“三个一”到位"] == ["说好每一句话", "接好每一个电话", "总结好每一天的工作"]
