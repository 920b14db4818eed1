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

from .conftest import fill, open_preset, people, seal_png, walk
from .helpers import dark_share, docx_texts, pdf_fonts, pdf_text, rasterise

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


def in_table_photo(category):
    return next((f for f in category.form["fields"] if f.get("row") and f["type"] == "photo"), None)


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

    photo = in_table_photo(category)
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
            if field is not photo:
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
    assert len(doc.inline_shapes) == len(boxes) + (1 if photo else 0)

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
