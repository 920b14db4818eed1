"""The case collection (案例集, 常州): the winners' materials compiled into one book, PDF and DOCX, with a table of
contents. Each winner's entry holds the nomination form's fields (contact numbers and addresses of e-mail are left
out: the book is published) and the photos uploaded with the nomination, scaled down for print."""

import io

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image

from pingxuan.core.chinese import date_zh
from pingxuan.documents import docx as d
from pingxuan.documents.fonts import HEI
from pingxuan.documents.pdf import data_uri, render_pdf
from pingxuan.nominations.services import file_fields

from . import services

PRIVATE_TYPES = {"mobile", "landline", "email"}
PHOTO_TYPES = {"photo", "photoset"}
PHOTO_PX = 1000


def _photo_bytes(attachment):
    """The photo scaled to at most PHOTO_PX on its longer side, as JPEG (None if it cannot be read)."""
    try:
        with attachment.file.open("rb") as f:
            img = Image.open(io.BytesIO(f.read()))
            img.load()
    except (OSError, ValueError):
        return None
    img = img.convert("RGB")  # type: ignore[assignment]
    img.thumbnail((PHOTO_PX, PHOTO_PX))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def _fields(category, n):
    out = []
    for f in category.form.get("fields", []):
        if f["type"] in PRIVATE_TYPES or f["type"] in {"file"} | PHOTO_TYPES or "身份证" in f.get("label", ""):
            continue
        value = n.data.get(f["key"])
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        out.append({"label": f["label"], "value": str(value), "long": f["type"] == "longtext"})
    return out


def _photos(category, n):
    keys = [f["key"] for f in file_fields(category) if f["type"] in PHOTO_TYPES]
    photos = []
    for a in n.attachments.filter(field__in=keys, is_active=True).order_by("field", "sort_order", "id"):
        content = _photo_bytes(a)
        if content:
            photos.append(content)
    return photos


def entries(campaign):
    """[{category, items: [{anchor, title, honour, unit, recommender, fields, photos}]}] in the decision's order."""
    chapters = []
    for g in services.final_winners(campaign):
        category = g["category"]
        items = []
        for w in sorted(g["winners"], key=lambda w: w["position"]):
            n = w["nomination"]
            items.append(
                {
                    "anchor": f"n{n.pk}",
                    "title": str(n),
                    "honour": services.honour_of(category, w.get("tier") or ""),
                    "unit": n.unit.name,
                    "recommender": n.recommender.name,
                    "fields": _fields(category, n),
                    "photos": _photos(category, n),
                }
            )
        chapters.append({"category": category.name, "anchor": f"c{category.pk}", "items": items})
    return chapters


def _head(campaign):
    p = services.particulars(campaign)
    title = ((campaign.publicity or {}).get("casebook_title") or "").strip() or f"{campaign.name}案例集"
    return {"title": title, "issuers": services.issuers(campaign), "date": date_zh(p["issued_on"])}


BOOK_CSS = """
@page { size: A4; margin: 2.2cm 2cm 2cm 2cm; @bottom-center { content: counter(page); font-size: 9pt; } }
@page cover { @bottom-center { content: none; } }
"""


def casebook_pdf(campaign, progress=None):
    chapters = entries(campaign)
    for chapter in chapters:
        for item in chapter["items"]:
            item["photo_uris"] = [data_uri(p, "JPEG") for p in item["photos"]]
    if progress:
        progress(1, 2, "正在排版案例集")
    return render_pdf("awards/casebook_pdf.html", {"head": _head(campaign), "chapters": chapters}, css=BOOK_CSS)


def _toc_field(doc):
    """A Word table-of-contents field (Word and WPS fill in the page numbers when the field is updated)."""
    para = doc.add_paragraph()
    run = para.add_run()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None), (None, None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                el.set(qn("w:dirty"), "true")
        elif text:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = "（在 Word 或 WPS 中右键“更新域”可显示页码）"
        run._r.append(el)


def _heading(doc, text, level):
    para = doc.add_heading(level=level)
    d.add_run(para, text, font=HEI, size="小二" if level == 1 else "三号", bold=True)
    return para


def casebook_docx(campaign, progress=None):
    head = _head(campaign)
    chapters = entries(campaign)
    doc = d.new_document()
    for style in ("Heading 1", "Heading 2"):
        d.set_font(doc.styles[style], HEI)
        doc.styles[style].font.color.rgb = None
    d.add_text(doc, "", size="二号", space_before=120)
    d.add_title(doc, head["title"], size="二号")
    for name in head["issuers"]:
        d.add_text(doc, name, align=d.CENTER, size="三号")
    d.add_text(doc, head["date"], align=d.CENTER, size="三号", space_before=12)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_title(doc, "目　　录", size="小二", space_after=12)
    _toc_field(doc)
    for chapter in chapters:
        d.add_text(doc, chapter["category"], font=HEI, size="四号", space_before=6)
        for item in chapter["items"]:
            d.add_text(doc, f"　　{item['title']}", size="小四")
    for i, chapter in enumerate(chapters):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(doc, chapter["category"], 1)
        for j, item in enumerate(chapter["items"]):
            if j:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _heading(doc, item["title"], 2)
            d.add_text(doc, f"荣誉称号：{item['honour']}　所在单位：{item['unit']}　推荐单位：{item['recommender']}", size="五号")
            for f in item["fields"]:
                d.add_text(doc, f["label"], font=HEI, size="小四", space_before=6)
                for line in f["value"].split("\n"):
                    d.add_text(doc, ("　　" if f["long"] else "") + line, size="小四", align=d.JUSTIFY)
            for photo in item["photos"]:
                d.add_picture(doc, photo, width_cm=12)
        if progress:
            progress(i + 1, len(chapters), f"已编入 {i + 1} / {len(chapters)} 个奖项")
    return d.to_bytes(doc)
