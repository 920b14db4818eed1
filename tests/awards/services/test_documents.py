"""The decision document (DOCX and PDF), the plaque list and the linked-honour list, and the case collection with its
table of contents, the winners' materials (no contact numbers) and photos."""

import datetime
import io
import re
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook
from rest_framework.test import APIClient

from pingxuan.awards import casebook, services
from pingxuan.documents.docx import all_text
from tests.awards.helpers import SHOTS, page_count, pdf_text, rasterise

pytestmark = pytest.mark.django_db

DECISION_LINES = [
    "中共荆门市精神文明建设指导委员会办公室",
    "荆门市总工会",
    "荆门市消费者委员会",
    "荆工办〔2019〕9号",
    "关于表彰2019年度荆门市窗口行业“优质服务窗口、优质服务明星”的决定",
    "各县（市、区）文明办、总工会、消费者委员会，市直各窗口单位：",
    "　　根据《关于在全市窗口行业开展“优质服务窗口、优质服务明星”评选活动的通知》（荆工办〔2019〕3号）的安排，"
    "中共荆门市精神文明建设指导委员会办公室、荆门市总工会、荆门市消费者委员会组织开展了"
    "2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选活动。经单位推荐、资格审查、投票评审、社会公示和领导小组审定，"
    "决定对8个（名）先进集体和个人予以表彰。具体名单如下：",
    "一、优质服务窗口（3个）",
    "　　授予以下3个单位“优质服务窗口”称号，同时授予荆门市“工人先锋号”。",
    "　　市政务服务中心办税窗口",
    "　　市第一人民医院门诊大厅",
    "　　市公交集团客服中心",
    "二、优质服务明星（2名）",
    "　　授予以下2名同志“优质服务明星”称号，同时授予荆门五一劳动奖章。",
    "　　张红梅（市直单位）",
    "　　李建国（市直单位）",
    "三、优质服务品牌（3个）",
    "　　授予以下1个服务品牌“十大服务品牌”称号，2个服务品牌“优质服务品牌”称号。",
    "　　十大服务品牌（1）",
    "　　“心连心”便民服务",
    "　　优质服务品牌（2）",
    "　　“一次办好”政务品牌",
    "　　“彩虹桥”社区服务",
]


def office(w):
    client = APIClient()
    client.force_authenticate(w["organiser"])
    return client


def set_up(w):
    services.set_particulars(
        user=w["organiser"], campaign=w["campaign"], doc_number="荆工办〔2019〕9号", issued_on=datetime.date(2019, 8, 30)
    )


def test_decision_docx_and_pdf(decided, tmp_path):
    w = decided
    set_up(w)
    base = f"/api/campaigns/{w['campaign'].code}/awards/"
    docx = office(w).get(base + "decision.docx")
    assert docx.status_code == 200
    lines = [line for line in all_text(Document(io.BytesIO(docx.content))).split("\n") if line.strip()]
    assert lines[: len(DECISION_LINES)] == DECISION_LINES
    assert lines[-4:] == ["中共荆门市精神文明建设指导委员会办公室", "荆门市总工会", "荆门市消费者委员会", "2019年8月30日"]
    pdf = office(w).get(base + "decision.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = re.sub(r"\s+", "", pdf_text(pdf.content))
    for line in [*DECISION_LINES, "2019年8月30日"]:
        assert re.sub(r"\s+", "", line) in text, line
    page = rasterise(tmp_path, pdf.content, "decision", dpi=60)
    dark = sum(1 for px in page.convert("L").getdata() if px < 100)
    assert dark > 3000
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.save(SHOTS / "decision.png")


def test_decision_refused_without_a_decision(world):
    response = office(world).get(f"/api/campaigns/{world['campaign'].code}/awards/decision.pdf")
    assert (response.status_code, response.json()["detail"]) == (400, "尚未记录领导小组的审定决定，不能生成表彰决定。")


def test_plaque_and_linked_honour_lists(decided):
    w = decided
    set_up(w)
    services.issue_certificates(user=w["organiser"], campaign=w["campaign"])
    base = f"/api/campaigns/{w['campaign'].code}/awards/"
    plaques = office(w).get(base + "plaques/").json()
    pk = w["campaign"].pk
    assert [(p["recipient"], p["honour"], p["serial"]) for p in plaques] == [
        ("市政务服务中心办税窗口", "优质服务窗口", f"2019-{pk:03d}-0001"),
        ("市第一人民医院门诊大厅", "优质服务窗口", f"2019-{pk:03d}-0002"),
        ("市公交集团客服中心", "优质服务窗口", f"2019-{pk:03d}-0003"),
        ("张红梅", "优质服务明星", f"2019-{pk:03d}-0004"),
        ("李建国", "优质服务明星", f"2019-{pk:03d}-0005"),
        ("“心连心”便民服务", "十大服务品牌", f"2019-{pk:03d}-0006"),
        ("“一次办好”政务品牌", "优质服务品牌", f"2019-{pk:03d}-0007"),
        ("“彩虹桥”社区服务", "优质服务品牌", f"2019-{pk:03d}-0008"),
    ]
    assert (
        plaques[0]["text"]
        == "优质服务窗口\n中共荆门市精神文明建设指导委员会办公室\n荆门市总工会\n荆门市消费者委员会\n二〇一九年八月"
    )
    wb = load_workbook(io.BytesIO(office(w).get(base + "plaques.xlsx").content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选奖牌制作清单"
    assert rows[1] == ("序号", "奖项", "等次", "获奖对象", "所在单位", "推荐单位", "荣誉称号", "同时授予", "牌匾文字", "证书编号")
    assert rows[2][:8] == (
        1,
        "优质服务窗口",
        None,
        "市政务服务中心办税窗口",
        "市直单位",
        "市直单位",
        "优质服务窗口",
        "荆门市“工人先锋号”",
    )
    assert len(rows) == 10
    linked = office(w).get(base + "linked-honours/").json()
    assert [(r["honour"], r["recipient"]) for r in linked] == [
        ("荆门市“工人先锋号”", "市政务服务中心办税窗口"),
        ("荆门市“工人先锋号”", "市第一人民医院门诊大厅"),
        ("荆门市“工人先锋号”", "市公交集团客服中心"),
        ("荆门五一劳动奖章", "张红梅"),
        ("荆门五一劳动奖章", "李建国"),
    ]
    wb = load_workbook(io.BytesIO(office(w).get(base + "linked-honours.xlsx").content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[2:] == [
        (1, "荆门市“工人先锋号”", "市政务服务中心办税窗口", "市直单位", "优质服务窗口"),
        (2, "荆门市“工人先锋号”", "市第一人民医院门诊大厅", "市直单位", "优质服务窗口"),
        (3, "荆门市“工人先锋号”", "市公交集团客服中心", "市直单位", "优质服务窗口"),
        (4, "荆门五一劳动奖章", "张红梅", "市直单位", "优质服务明星"),
        (5, "荆门五一劳动奖章", "李建国", "市直单位", "优质服务明星"),
    ]


WINNERS = ["市政务服务中心办税窗口", "市第一人民医院门诊大厅", "市公交集团客服中心", "张红梅", "李建国"]
WINNERS += ["“心连心”便民服务", "“一次办好”政务品牌", "“彩虹桥”社区服务"]


def test_casebook_pdf_toc_points_at_each_winners_page(decided, tmp_path):
    w = decided
    set_up(w)
    content = casebook.casebook_pdf(w["campaign"])
    toc = pdf_text(content, page=2)
    assert "目录" in re.sub(r"\s+", "", toc)
    pages = {}
    for line in toc.splitlines():
        m = re.match(r"\s*(\S.*?)[\s.]*\s(\d+)\s*$", line)
        if m:
            pages[m.group(1).strip(" .")] = int(m.group(2))
    assert list(pages) == WINNERS
    for name, number in pages.items():
        first = pdf_text(content, page=number).strip().splitlines()
        assert name in "".join(first[:3]), (name, number)
    # every winner's own page: materials without contact numbers, photos embedded
    page = pdf_text(content, page=pages["市政务服务中心办税窗口"])
    assert "评选文字材料" in page and "全年办件两万余件" in page and "单位服务宣言或服务理念" in page
    assert "13912345678" not in pdf_text(content) and "13800001111" not in pdf_text(content)
    assert page_count(content) == 2 + 8  # cover, contents, one page per winner (a chapter title heads its first entry)
    shot = rasterise(tmp_path, content, "case", page=pages["市政务服务中心办税窗口"], dpi=50)
    colours = {px for px in shot.convert("RGB").getdata() if px[0] > 150 and px[1] < 80 and px[2] < 80}
    assert colours  # the red photo is on the page
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot.save(SHOTS / "casebook-entry.png")
    rasterise(tmp_path, content, "toc", page=2, dpi=50).save(SHOTS / "casebook-toc.png")


def test_casebook_docx_has_toc_headings_materials_and_photos(decided):
    w = decided
    content = casebook.casebook_docx(w["campaign"])
    doc = Document(io.BytesIO(content))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "优质服务窗口"),
        *[("Heading 2", n) for n in WINNERS[:3]],
        ("Heading 1", "优质服务明星"),
        *[("Heading 2", n) for n in WINNERS[3:5]],
        ("Heading 1", "优质服务品牌"),
        *[("Heading 2", n) for n in WINNERS[5:]],
    ]
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    text = all_text(doc)
    assert "目　　录" in text and "张红梅同志爱岗敬业，微笑服务。" in text and "13800001111" not in text
    media = [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if n.startswith("word/media/")]
    assert xml.count("<pic:pic") == 3 * 2 + 2  # two photos per winning window, one per winning star
    assert len(media) == 5  # identical pictures are stored once: four colours of window photos, one star photo


def test_decision_preamble_does_not_double_the_word_activity(decided):
    """A campaign whose name already ends in “活动” (谷城: “……评选表彰……活动”) is not written “……活动活动”."""
    from pingxuan.awards import decision

    w = decided
    set_up(w)
    campaign = w["campaign"]
    campaign.name = "谷城县评选表彰“十佳优良服务窗口”活动"
    campaign.save(update_fields=["name"])
    assert decision.content(campaign)["preamble"] == (
        "根据《关于在全市窗口行业开展“优质服务窗口、优质服务明星”评选活动的通知》（荆工办〔2019〕3号）的安排，"
        "中共荆门市精神文明建设指导委员会办公室、荆门市总工会、荆门市消费者委员会组织开展了"
        "谷城县评选表彰“十佳优良服务窗口”活动。经单位推荐、资格审查、投票评审、社会公示和领导小组审定，"
        "决定对8个（名）先进集体和个人予以表彰。具体名单如下："
    )
