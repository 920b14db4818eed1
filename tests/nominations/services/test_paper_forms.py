"""Each category of the four presets prints as its seed form: every label and value, the opinions with 盖章
and dates from the approval chain, 编号 = the 排序表 number; the PDF embeds the Noto fonts and draws the title."""

import datetime

import pytest
from django.utils import timezone

from pingxuan.core.chinese import date_zh
from pingxuan.nominations import services as s
from pingxuan.nominations.approval import approver_org, levels
from pingxuan.nominations.paper import blank_form_docx, blank_form_pdf, nomination_docx, nomination_pdf
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.services import set_seal
from tests.nominations.paperwork import fill, open_preset, people, seal_png, walk
from tests.printed import dark_share, docx_texts, pdf_fonts, pdf_text, rasterise

CASES = [
    ("gucheng-2011", "window"),
    ("gucheng-2011", "individual"),
    ("gucheng-2011", "brand"),
    ("hebei-2012", "window"),
    ("hebei-2012", "individual"),
    ("hebei-2012", "brand"),
    ("changzhou-2015", "brand"),
    ("jingmen-2019", "window"),
    ("jingmen-2019", "individual"),
]
FILES = {"photo", "photoset", "file"}


def shown(field, value):
    """How the entered value must read on paper."""
    if field["type"] == "yearmonth":
        year, month = value.split("-")
        return f"{int(year)}年{int(month)}月"
    if field["type"] == "date":
        return date_zh(datetime.date.fromisoformat(value))
    return str(value)


def side_photo(category):
    """A photo sharing its row with other fields takes the column at the right, in place of its label."""
    fields = category.form["fields"]
    for f in fields:
        if f.get("row") and f["type"] == "photo" and any(g is not f and g.get("row") == f["row"] for g in fields):
            return f
    return None


def pictures_in_table(category):
    return [f for f in category.form["fields"] if f.get("row") and f["type"] == "photo"]


@pytest.mark.parametrize(("preset", "code"), CASES)
def test_filled_form(admin_user, preset, code, tmp_path):
    campaign = open_preset(admin_user, preset)
    category = campaign.categories.get(code=code)
    clerk, base, by_org = people(campaign)
    for org_id in by_org:
        set_seal(user=admin_user, org=Organisation.objects.get(pk=org_id), upload=seal_png())
    s.create_nomination(user=clerk, category=category, unit=base, data={})
    n = s.create_nomination(user=clerk, category=category, unit=base, data={})
    data = fill(clerk, n)
    assert s.submission_problems(n) == {}
    # one return for revision: its opinion must not stay on the printed form
    n = s.submit_nomination(user=clerk, nomination=n)
    returner = by_org[approver_org(n, 0).pk]
    s.decide(user=returner, nomination=n, decision="return", opinion="请补充近三年获奖情况。")
    n = s.submit_nomination(user=clerk, nomination=n)
    n, given = walk(n, by_org)
    assert n.status == "received"
    assert n.rank == 2

    content = nomination_docx(n)
    paragraphs, cells, doc = docx_texts(content)
    text = "\n".join(paragraphs + cells)
    form = category.form
    if form.get("number_label"):
        assert paragraphs[0] == f"{form['title']}（编号：2）"
    else:
        assert paragraphs[0] == form["title"]
        assert "编号" not in text
    if form.get("filler_label"):
        assert paragraphs[1] == f"填报单位：{n.recommender.name}"

    photo = side_photo(category)
    pictures = pictures_in_table(category)
    attachments = {a.field: [] for a in n.attachments.all()}
    for a in n.attachments.filter(is_active=True):
        attachments[a.field].append(a.original_name)
    missing = []
    for field in form["fields"]:
        if field is not photo and field["label"] not in text:
            missing.append(field["label"])
        if field["type"] == "multichoice":
            for option in field["options"]:
                box = "☑" if option in data[field["key"]] else "☐"
                if f"{box}{option}" not in text:
                    missing.append(f"{box}{option}")
        elif field["type"] in FILES:
            if field not in pictures:
                missing += [name for name in attachments[field["key"]] if name not in text]
        elif shown(field, data[field["key"]]) not in text:
            missing.append(shown(field, data[field["key"]]))
    assert missing == []

    today = date_zh(timezone.localdate())
    boxes = [(i, lv) for i, lv in enumerate(levels(category)) if lv.get("on_form", True)]
    for index, level in boxes:
        org = approver_org(n, index)
        cell = next(c for c in cells if given[index] in c)
        assert cell.split("\n")[-2:] == [f"{org.name}（盖章）", today]
        assert level["title"] in cells
    for index, level in enumerate(levels(category)):
        if not level.get("on_form", True):
            assert given[index] not in text
    assert "请补充近三年获奖情况。" not in text
    assert text.count("（盖章）") == len(boxes)
    # the seals (one per opinion box) and the photo in the table are pictures in the document
    assert len(doc.inline_shapes) == len(boxes) + len(pictures)

    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(nomination_pdf(n))
    fonts = pdf_fonts(pdf)
    assert {name for name, _ in fonts} <= {"Noto-Serif-SC", "Noto-Sans-SC-Bold", "Noto-Serif-SC-Bold", "Noto-Sans-SC"}
    assert {"Noto-Serif-SC", "Noto-Sans-SC-Bold"} <= {name for name, _ in fonts}
    assert all(emb == "yes" for _, emb in fonts)
    flat = "".join(pdf_text(pdf).split())
    assert form["title"] in flat
    assert given[boxes[0][0]] in flat
    _, img = rasterise(pdf, tmp_path / "page")
    assert dark_share(img, 0.06, 0.12) > 0.01  # the title line is drawn


@pytest.mark.parametrize(("preset", "code"), CASES)
def test_blank_form(admin_user, preset, code, tmp_path):
    campaign = open_preset(admin_user, preset)
    category = campaign.categories.get(code=code)
    paragraphs, cells, doc = docx_texts(blank_form_docx(category))
    text = "\n".join(paragraphs + cells)
    form = category.form
    assert paragraphs[0] == form["title"] + ("（编号：　　）" if form.get("number_label") else "")
    if form.get("filler_label"):
        assert paragraphs[1] == "填报单位："
    for field in form["fields"]:
        assert field["label"] in text
    on_form = [lv for lv in levels(category) if lv.get("on_form", True)]
    assert text.count("（盖章）") == len(on_form)
    assert text.count("年　　月　　日") == len(on_form)
    assert len(doc.inline_shapes) == 0
    pdf = tmp_path / "blank.pdf"
    pdf.write_bytes(blank_form_pdf(category))
    assert {name for name, _ in pdf_fonts(pdf)} <= {"Noto-Serif-SC", "Noto-Sans-SC-Bold"}
    _, img = rasterise(pdf, tmp_path / "page")
    assert dark_share(img, 0.06, 0.12) > 0.01


def spans(doc):
    """Each table row as [(text, columns spanned)], a merged cell once; and the cells merged down the rows."""
    out = []
    for row in doc.tables[0].rows:
        cells = []
        for cell in row.cells:
            if cells and cells[-1][0] is cell._tc:
                cells[-1][2] += 1
            else:
                cells.append([cell._tc, cell.text, 1])
        out.append(cells)
    return out


def test_star_form_layout_follows_the_seed(admin_user):
    """荆门 附件3: three pairs a row, the photo at the right over four rows, 爱好特长 boxes, long rows spanning."""
    campaign = open_preset(admin_user, "jingmen-2019")
    _, _, doc = docx_texts(blank_form_docx(campaign.categories.get(code="individual")))
    rows = spans(doc)
    assert [[(text, n) for _, text, n in row] for row in rows] == [
        [("姓名", 1), ("", 1), ("性别", 1), ("", 1), ("出生年月", 1), ("", 1), ("照片", 1)],
        [("籍贯", 1), ("", 1), ("政治面貌", 1), ("", 3), ("照片", 1)],
        [("工作单位和岗位", 1), ("", 5), ("照片", 1)],
        [("学历", 1), ("", 1), ("毕业院校", 1), ("", 3), ("照片", 1)],
        [("手机号码", 1), ("", 6)],
        [("微笑宣言", 1), ("", 1), ("爱好特长", 1), ("☐唱歌　☐器乐　☐舞蹈　☐曲艺　☐绘画　☐其他", 4)],
        [("个人主要简历（从业经历和职业技能）", 1), ("\n300 字左右，可另附纸张", 6)],
        [("以往获得荣誉", 1), ("", 6)],
        [("推荐单位意见", 1), ("\n\n（盖章）\n年　　月　　日", 6)],
    ]
    assert len({row[-1][0] for row in rows[:4]}) == 1  # one cell merged down four rows


def test_hebei_window_form_layout_follows_the_seed(admin_user):
    campaign = open_preset(admin_user, "hebei-2012")
    paragraphs, _, doc = docx_texts(blank_form_docx(campaign.categories.get(code="window")))
    assert paragraphs[:2] == ["全省为民服务创先争优群众满意窗口推荐和审批表（编号：　　）", "填报单位："]
    assert [[(text, n) for _, text, n in row] for row in spans(doc)] == [
        [("服务窗口名称（全称）", 1), ("", 3)],
        [("所属单位", 1), ("", 3)],
        [("党组织负责人", 1), ("", 1), ("单位电话（区号）", 1), ("", 1)],
        [("窗口情况简介", 1), ("", 3)],
        [("主要事迹", 1), ("", 3)],
        [("主管单位党组织意见", 1), ("\n\n（盖章）\n年　　月　　日", 3)],
        [("市委或省直机关创先争优活动领导小组意见", 1), ("\n\n（盖章）\n年　　月　　日", 3)],
        [("省委创先争优活动领导小组审批意见", 1), ("\n\n（盖章）\n年　　月　　日", 3)],
    ]
    assert paragraphs[2:] == ["注：编号与《排序表》序号一致。", "本表一式三份。", "随表报送：典型事迹材料"]


def opinion_boxes(content):
    """(first line, last two lines) of every opinion box of a printed form."""
    _, cells, _ = docx_texts(content)
    return [(c.split("\n")[0], c.split("\n")[-2:]) for c in cells if "（盖章）" in c]


def test_earlier_agreement_stays_on_the_form_when_the_chain_resumes_at_the_returning_level(admin_user):
    def resume_same(data):
        data["categories"][0]["resubmit_from"] = "same"

    campaign = open_preset(admin_user, "hebei-2012", edit=resume_same)
    category = campaign.categories.get(code="window")
    clerk, base, by_org = people(campaign)
    n = s.create_nomination(user=clerk, category=category, unit=base, data={})
    fill(clerk, n)
    n = s.submit_nomination(user=clerk, nomination=n)
    dept, city, province = (approver_org(n, i) for i in range(3))
    n = s.decide(user=by_org[dept.pk], nomination=n, decision="agree", opinion="经党组研究，同意推荐。", seal=False)
    n = s.decide(user=by_org[city.pk], nomination=n, decision="return", opinion="请补充群众评价。")
    n = s.submit_nomination(user=clerk, nomination=n)
    today = date_zh(timezone.localdate())
    blank = ["（盖章）", "年　　月　　日"]
    assert (n.round, n.level) == (2, 1)
    assert opinion_boxes(nomination_docx(n)) == [
        ("经党组研究，同意推荐。", [f"{dept.name}（盖章）", today]),
        ("", blank),
        ("", blank),
    ]
    n, given = walk(n, by_org)
    assert opinion_boxes(nomination_docx(n)) == [
        ("经党组研究，同意推荐。", [f"{dept.name}（盖章）", today]),
        (given[1], [f"{city.name}（盖章）", today]),
        (given[2], [f"{province.name}（盖章）", today]),
    ]


def test_a_draft_prints_with_empty_opinion_boxes(admin_user):
    campaign = open_preset(admin_user, "gucheng-2011")
    category = campaign.categories.get(code="individual")
    clerk, base, _ = people(campaign)
    n = s.create_nomination(user=clerk, category=category, unit=base, data={"name": "王五", "gender": "男"})
    assert opinion_boxes(nomination_docx(n)) == [("", ["（盖章）", "年　　月　　日"])] * 3
