"""The unit's cover report (河北: 关于……推荐情况的报告) and its ranking tables (排序表, hebei annex 3)."""

import pytest

from pingxuan.campaigns.models import Quota
from pingxuan.campaigns.services import today
from pingxuan.core.chinese import date_zh
from pingxuan.nominations import services as s
from pingxuan.nominations.paper import cover_report_docx, cover_report_pdf, ranking_table_docx, ranking_table_pdf
from tests.nominations.paperwork import open_preset, people
from tests.printed import docx_texts, pdf_fonts, pdf_text

REPORT = "关于为民服务创先争优群众满意窗口、行业服务标兵和优质服务品牌推荐情况的报告"


@pytest.fixture
def hebei(admin_user, make_user):
    campaign = open_preset(admin_user, "hebei-2012")
    clerk, base, _ = people(campaign)
    cats = {c.code: c for c in campaign.categories.all()}

    def make(code, **data):
        return s.create_nomination(user=clerk, category=cats[code], unit=base, data=data)

    windows = [make("window", window_name=f"石家庄市行政服务中心{i}号窗口", parent_unit="石家庄市行政服务中心") for i in (1, 2)]
    brands = [make("brand", brand_name=name, parent_unit="某某供电公司") for name in ("电亮万家", "阳光服务", "一站通办")]
    people_ = [
        make("individual", name="张三", gender="男", ethnicity="汉族", workplace_title="某某区税务局办税服务厅科长"),
        make("individual", name="李四", gender="女", ethnicity="回族", workplace_title="某某医院门诊部护士长"),
    ]
    recommender = windows[0].recommender
    ranker = make_user(recommender, "clerk", by=admin_user, username="city_clerk")
    return {
        "campaign": campaign,
        "clerk": clerk,
        "ranker": ranker,
        "cats": cats,
        "windows": windows,
        "brands": brands,
        "people": people_,
        "recommender": recommender,
    }


def quota(category, org):
    return Quota.objects.get(category=category, organisation=org)


def test_cover_report_lists_each_category_in_rank_order_with_alternates(hebei):
    rec, cats = hebei["recommender"], hebei["cats"]
    s.set_ranking(user=hebei["ranker"], category=cats["brand"], recommender=rec, order=[b.pk for b in reversed(hebei["brands"])])
    paragraphs, cells, _ = docx_texts(cover_report_docx(hebei["campaign"], rec))
    w, i = quota(cats["window"], rec), quota(cats["individual"], rec)
    assert cells == []
    assert [p for p in paragraphs if p] == [
        REPORT,
        "中共河北省委创先争优活动领导小组：",
        "根据《关于做好推荐为民服务创先争优群众满意窗口、行业服务标兵和优质服务品牌工作的通知》（冀创组〔2012〕18号）要求，"
        f"{rec.name}按照推荐的标准、条件和程序，认真组织推荐工作。现将推荐情况报告如下：",
        f"一、为民服务创先争优群众满意窗口（分配推荐名额 {w.nominate_max} 个，另推荐递补对象 2 个）",
        "共推荐 2 个，按排序如下：",
        "1. 石家庄市行政服务中心1号窗口，石家庄市行政服务中心",
        "2. 石家庄市行政服务中心2号窗口，石家庄市行政服务中心",
        f"二、为民服务创先争优行业服务标兵（分配推荐名额 {i.nominate_max} 个，另推荐递补对象 2 个）",
        "共推荐 2 个，按排序如下：",
        "1. 张三，男，汉族，某某区税务局办税服务厅科长",
        "2. 李四，女，回族，某某医院门诊部护士长",
        "三、为民服务创先争优优质服务品牌（分配推荐名额 1–2 个，另推荐递补对象 2 个）",
        "共推荐 2 个，递补对象 1 个，按排序如下：",
        "1. 一站通办，某某供电公司",
        "2. 阳光服务，某某供电公司",
        "3. 电亮万家，某某供电公司（递补）",
        "特此报告。",
        "附件：1. 全省为民服务创先争优群众满意窗口推荐和审批表（2 份，均一式三份）",
        "2. 推荐全省为民服务创先争优群众满意窗口排序表",
        "3. 全省为民服务创先争优行业服务标兵推荐和审批表（2 份，均一式三份）",
        "4. 推荐全省为民服务创先争优行业服务标兵排序表",
        "5. 全省为民服务创先争优优质服务品牌推荐和审批表（3 份，均一式三份）",
        "6. 推荐全省为民服务创先争优优质服务品牌排序表",
        rec.name,
        date_zh(today()),
    ]


def test_withdrawn_nominations_leave_the_report(hebei):
    rec = hebei["recommender"]
    s.withdraw(user=hebei["clerk"], nomination=hebei["windows"][0], reason="不再推荐")
    paragraphs, _, _ = docx_texts(cover_report_docx(hebei["campaign"], rec))
    assert "共推荐 1 个，按排序如下：" in paragraphs
    assert not any("1号窗口" in p for p in paragraphs)


def test_cover_report_pdf_renders_with_the_embedded_fonts(hebei, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(cover_report_pdf(hebei["campaign"], hebei["recommender"]))
    assert {name for name, _ in pdf_fonts(pdf)} == {"Noto-Serif-SC", "Noto-Sans-SC-Bold"}
    flat = "".join(pdf_text(pdf).split())
    assert REPORT in flat
    assert "3.电亮万家，某某供电公司（递补）" not in flat  # not ranked yet: the last one is the alternate
    assert "3.一站通办，某某供电公司（递补）" in flat


def test_report_title_without_one_in_the_notice(admin_user):
    campaign = open_preset(admin_user, "jingmen-2019")
    clerk, base, _ = people(campaign)
    category = campaign.categories.get(code="window")
    n = s.create_nomination(user=clerk, category=category, unit=base, data={"unit_name": "东宝区政务服务中心"})
    paragraphs, _, _ = docx_texts(cover_report_docx(campaign, n.recommender))
    assert paragraphs[0] == "关于优质服务窗口和优质服务明星推荐情况的报告"
    assert f"1. 东宝区政务服务中心，{base.name}" in paragraphs
    assert "未推荐。" in paragraphs  # no 优质服务明星 yet


def test_ranking_table_in_the_seed_layout(hebei):
    rec, cats = hebei["recommender"], hebei["cats"]
    s.set_ranking(
        user=hebei["ranker"], category=cats["individual"], recommender=rec, order=[p.pk for p in reversed(hebei["people"])]
    )
    paragraphs, _, doc = docx_texts(ranking_table_docx(cats["individual"], rec))
    assert paragraphs[:2] == ["推荐全省为民服务创先争优行业服务标兵排序表", f"填报单位：{rec.name}"]
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    places = quota(cats["individual"], rec).nominate_max + 2
    assert rows == [
        ["序号", "全省为民服务创先争优行业服务标兵（姓名、性别、民族、单位及职务）"],
        ["1", "李四，女，回族，某某医院门诊部护士长"],
        ["2", "张三，男，汉族，某某区税务局办税服务厅科长"],
    ] + [["", ""]] * (places - 2)


def test_ranking_table_marks_alternates(hebei, tmp_path):
    rec, cats = hebei["recommender"], hebei["cats"]
    _, _, doc = docx_texts(ranking_table_docx(cats["brand"], rec))
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows == [
        ["序号", "全省为民服务创先争优优质服务品牌（名称、所属单位）"],
        ["1", "电亮万家，某某供电公司"],
        ["2", "阳光服务，某某供电公司"],
        ["3", "一站通办，某某供电公司（递补）"],
        ["", ""],
    ]
    pdf = tmp_path / "ranking.pdf"
    pdf.write_bytes(ranking_table_pdf(cats["brand"], rec))
    flat = "".join(pdf_text(pdf).split())
    assert "推荐全省为民服务创先争优优质服务品牌排序表" in flat
    assert "3一站通办，某某供电公司（递补）" in flat
