"""Shared python-docx helpers for the official paperwork: A4 pages, 宋体 / 黑体 set for Chinese text too,
bordered tables with merged cells, and the 盖章 / 年 月 日 block of an opinion box.

python-docx's `run.font.name` only sets the Latin font; Chinese text needs the east-asian font set on the run
(and on the Normal style), which `set_font` does.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .fonts import HEI, SONG

LEFT, CENTER, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
CHECKED, UNCHECKED = "☑", "☐"
BLANK_DATE = "年　　月　　日"
# 字号: 二号 22pt, 小二 18pt, 三号 16pt, 小三 15pt, 四号 14pt, 小四 12pt, 五号 10.5pt
SIZES = {"二号": 22, "小二": 18, "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5}


def set_font(target, name=SONG, size=None, bold=None):
    """Set the Latin and the east-asian font of a run or a style."""
    target.font.name = name
    element = target.element if hasattr(target, "element") else target._element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    if size is not None:
        target.font.size = Pt(SIZES.get(size, size))
    if bold is not None:
        target.font.bold = bold
    return target


def new_document(*, landscape=False, margins=(2.5, 2.2, 2.2, 2.2), size="小四"):
    """An A4 document whose Normal style is 宋体 (east-asian too). margins: top, right, bottom, left in cm."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (Cm(m) for m in margins)
    normal = doc.styles["Normal"]
    set_font(normal, SONG, size)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    return doc


def text_width(doc):
    section = doc.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def add_text(container, text, *, align=LEFT, font=SONG, size=None, bold=False, space_before=0, space_after=0):
    """A paragraph in a document or a cell. Line breaks in `text` become breaks within the paragraph."""
    para = container.add_paragraph()
    para.alignment = align
    para.paragraph_format.space_before = Pt(space_before)
    para.paragraph_format.space_after = Pt(space_after)
    add_run(para, text, font=font, size=size, bold=bold)
    return para


def add_run(para, text, *, font=SONG, size=None, bold=False):
    lines = str(text).split("\n")
    run = None
    for i, line in enumerate(lines):
        run = set_font(para.add_run(line), font, size, bold)
        if i < len(lines) - 1:
            run.add_break()
    return run


def add_title(doc, text, *, size="小二", font=HEI, space_after=6):
    return add_text(doc, text, align=CENTER, font=font, size=size, bold=True, space_after=space_after)


def cell_text(cell, text, *, align=LEFT, font=SONG, size=None, bold=False, valign="center"):
    """Replace a cell's content with `text` (paragraphs split on blank lines are kept as lines)."""
    first = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for run in list(first.runs):
        run._element.getparent().remove(run._element)
    first.alignment = align
    add_run(first, text or "", font=font, size=size, bold=bold)
    cell.vertical_alignment = {"top": WD_ALIGN_VERTICAL.TOP, "bottom": WD_ALIGN_VERTICAL.BOTTOM}.get(
        valign, WD_ALIGN_VERTICAL.CENTER
    )
    return first


def new_table(doc, rows, cols, *, widths=None, align=WD_TABLE_ALIGNMENT.CENTER):
    """A bordered table; `widths` in cm per column."""
    table = doc.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    table.alignment = align
    table.autofit = False
    if widths:
        set_widths(table, widths)
    return table


def set_widths(table, widths):
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)


def merge(table, row1, col1, row2, col2):
    """Merge the rectangle of cells from (row1, col1) to (row2, col2) inclusive; returns the merged cell."""
    a = table.cell(row1, col1)
    b = table.cell(row2, col2)
    return a if a._tc is b._tc else a.merge(b)


def row_height(row, cm, *, exact=False):
    row.height = Cm(cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST


def add_picture(container, content, *, width_cm=None, height_cm=None, align=CENTER):
    """An inline picture from bytes, in a paragraph of its own (document or cell)."""
    para = container.add_paragraph()
    para.alignment = align
    run = para.add_run()
    run.add_picture(
        io.BytesIO(content),
        width=Cm(width_cm) if width_cm else None,
        height=Cm(height_cm) if height_cm else None,
    )
    return para


def checkboxes(options, chosen):
    """爱好特长-style boxes: ☑唱歌　☐器乐 …"""
    chosen = set(chosen or [])
    return "　".join(f"{CHECKED if o in chosen else UNCHECKED}{o}" for o in options)


def seal_block(cell, *, opinion="", organisation="", date_text="", seal=None, size=None):
    """An opinion box's content: the opinion, then （盖章） with the organisation and the date at the right.

    `seal` is the seal image's bytes (printed over the organisation's name when the step was sealed).
    """
    cell_text(cell, opinion, valign="top", size=size)
    add_text(cell, "", size=size)
    if seal:
        add_picture(cell, seal, width_cm=3.2, align=RIGHT)
    add_text(cell, f"{organisation}（盖章）" if organisation else "（盖章）", align=RIGHT, size=size)
    add_text(cell, date_text or BLANK_DATE, align=RIGHT, size=size)
    return cell


def to_bytes(doc):
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def all_text(doc):
    """Every paragraph's and every table cell's text, in order (merged cells once): for checks and tests."""
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        seen = set()
        for row in table.rows:
            for cell in row.cells:
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                out.append(cell.text)
    return "\n".join(out)
