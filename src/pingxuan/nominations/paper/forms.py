"""Nomination forms as DOCX and PDF, filled or blank, in the seed form's layout (see layout.py)."""

from docx.enum.text import WD_BREAK

from pingxuan.documents import docx as d
from pingxuan.documents.pdf import data_uri, render_pdf

from .layout import form_layout

PAGE_WIDTH_CM = 16.6
PHOTO_CM = 3.2
SIZE = "五号"


def _widths(ncols, has_photo):
    pairs = (ncols - (1 if has_photo else 0)) // 2
    label = {1: 3.0, 2: 2.6, 3: 2.1}.get(pairs, 1.9)
    rest = PAGE_WIDTH_CM - (PHOTO_CM if has_photo else 0) - pairs * label
    value = rest / pairs
    widths = [label, value] * pairs
    return widths + ([PHOTO_CM] if has_photo else [])


def _draw_cell(cell, spec):
    kind = spec["kind"]
    if kind == "label":
        d.cell_text(cell, spec["text"], align=d.CENTER, size=SIZE)
    elif kind == "checkboxes":
        chosen = [b["option"] for b in spec["boxes"] if b["checked"]]
        d.cell_text(cell, d.checkboxes([b["option"] for b in spec["boxes"]], chosen), size=SIZE)
    elif kind == "photo" and spec.get("image"):
        d.cell_text(cell, "")
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
        d.add_picture(cell, spec["image"]["content"], width_cm=PHOTO_CM - 0.5)
    elif kind == "photo":
        d.cell_text(cell, spec["text"], align=d.CENTER, size=SIZE)
    elif kind == "long":
        d.cell_text(cell, spec["text"], align=d.JUSTIFY, valign="top", size=SIZE)
        if spec.get("help"):
            d.add_text(cell, spec["help"], align=d.CENTER, size=SIZE)
    else:
        d.cell_text(cell, spec["text"], size=SIZE)


def draw_form(doc, layout):
    """Draw one form into a python-docx document."""
    d.add_title(doc, layout["title_line"], space_after=4)
    if layout["filler"]:
        d.add_text(doc, layout["filler"], space_after=4)
    grid, ncols = layout["grid"], layout["ncols"]
    table = d.new_table(doc, len(grid) + len(layout["opinions"]), ncols, widths=_widths(ncols, layout["has_photo"]))
    taken = set()
    for r, row in enumerate(grid):
        c = 0
        for spec in row["cells"]:
            while (r, c) in taken:
                c += 1
            r2, c2 = r + spec["rowspan"] - 1, c + spec["colspan"] - 1
            for rr in range(r, r2 + 1):
                for cc in range(c, c2 + 1):
                    taken.add((rr, cc))
            _draw_cell(d.merge(table, r, c, r2, c2), spec)
            c = c2 + 1
        if row["long"]:
            d.row_height(table.rows[r], 0.55 * row["cells"][1].get("min_lines", 2) + 0.3)
        else:
            d.row_height(table.rows[r], 1.0)
    for i, box in enumerate(layout["opinions"]):
        r = len(grid) + i
        d.cell_text(table.cell(r, 0), box["title"], align=d.CENTER, size=SIZE)
        target = d.merge(table, r, 1, r, ncols - 1)
        d.seal_block(
            target, opinion=box["opinion"], organisation=box["organisation"], date_text=box["date"], seal=box["seal"], size=SIZE
        )
        d.row_height(table.rows[r], 3.6)
    if layout["notes"]:
        d.add_text(doc, layout["notes"], size="五号", space_before=6)
    if layout["copies"]:
        d.add_text(doc, layout["copies"], size="五号")
    _draw_material(doc, layout)
    return table


def _draw_material(doc, layout):
    material = layout["material"]
    if not material:
        return
    if layout["blank"]:
        d.add_text(doc, "随表报送：" + "、".join(m["label"] for m in material), size="五号", space_before=4)
        return
    if not layout["material_filled"]:
        return
    texts = [m for m in material if m["text"]]
    files = [m for m in material if m["files"]]
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_title(doc, f"{layout['nominee']} 随表报送材料", size="三号")
    for item in texts:
        d.add_text(doc, item["label"], font=d.HEI, size="四号", bold=True, space_before=8, space_after=4)
        for para in item["text"].split("\n"):
            p = d.add_text(doc, para, align=d.JUSTIFY)
            p.paragraph_format.first_line_indent = d.Pt(24)
    for item in files:
        d.add_text(doc, f"{item['label']}：共 {len(item['files'])} 个（另附电子版）：{'、'.join(item['files'])}", space_before=6)


def _docx(layout):
    doc = d.new_document()
    draw_form(doc, layout)
    return d.to_bytes(doc)


def nomination_docx(nomination):
    return _docx(form_layout(nomination.category, nomination))


def blank_form_docx(category):
    return _docx(form_layout(category))


# PDF ---------------------------------------------------------------------------------------------------


def _for_html(layout):
    """Images as data URIs and column widths in per cent, for the HTML template."""
    widths = _widths(layout["ncols"], layout["has_photo"])
    out = dict(layout, widths=[round(100 * w / sum(widths), 2) for w in widths])
    for row in layout["grid"]:
        for cell in row["cells"]:
            if cell.get("image"):
                cell["src"] = data_uri(cell["image"]["content"], cell["image"]["format"])
    for box in layout["opinions"]:
        box["seal_src"] = data_uri(box["seal"]) if box["seal"] else ""
    return out


def form_html_context(layout):
    return {"form": _for_html(layout)}


def nomination_pdf(nomination):
    return render_pdf("nominations/print/form.html", form_html_context(form_layout(nomination.category, nomination)))


def blank_form_pdf(category):
    return render_pdf("nominations/print/form.html", form_html_context(form_layout(category)))
