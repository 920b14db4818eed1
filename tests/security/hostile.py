"""The hostile fixture: what a clerk, an objector, a voter or an importer could type or upload to attack the people
who later open it. Free-text fields hold script, template syntax, spreadsheet formulas, a right-to-left override and
strings as long as each field accepts (10,000 characters where a field takes that many); upload slots hold polyglots
(a real PDF or JPEG that is also an HTML page, named .html)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

SCRIPT = "</script><img src=x onerror=alert(1)>"
TEMPLATE = "{{7*7}}{% debug %}"
FORMULA = '=HYPERLINK("http://x","y")'
RTL = "\u202egpj.exe"
LONG = "长" * 10_000
PAYLOADS = [SCRIPT, FORMULA, TEMPLATE, RTL, "+1+1", "@SUM(A1)", "-2+3"]
FORMULA_PAYLOADS = [FORMULA, "+1+1", "@SUM(A1)", "-2+3"]

HTML = b"<html><body><script>alert(document.domain)</script></body></html>"


def text_for(index, limit, label=""):
    """A payload for the index-th free-text field of a form, no longer than the field allows. The first field (the
    title) starts with the formula, so it reaches every export's first text column."""
    payload = FORMULA + SCRIPT if index == 0 else PAYLOADS[index % len(PAYLOADS)]
    value = payload if not label else f"{payload}{label}"
    return value[:limit] if limit else value


def fill(category, label):
    """Form data for a nomination in `category`: every text and long-text field holds a payload (long texts are filled
    up to their limit with payloads and the long string)."""
    data = {}
    for i, f in enumerate(x for x in category.form["fields"] if x["type"] in ("text", "longtext")):
        if f["type"] == "text":
            data[f["key"]] = text_for(i, f.get("max_length") or 100, label if i == 0 else "")
        else:
            limit = f.get("max") or 1000
            body = (SCRIPT + TEMPLATE + RTL + LONG)[: max(limit - len(FORMULA), 0)]
            data[f["key"]] = FORMULA + body
    return data


def polyglot_pdf(name="award.html"):
    """A file that passes the content check as a PDF and is also an HTML page with script, named .html."""
    body = b"%PDF-1.4\n" + HTML + b"\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="text/html")


def polyglot_jpeg(name="photo.html", width=1024, height=768):
    """A real JPEG (it decodes) whose comment segment holds an HTML page with script, named .html."""
    buf = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    comment = b"\xff\xfe" + (len(HTML) + 2).to_bytes(2, "big") + HTML
    return SimpleUploadedFile(name, data[:2] + comment + data[2:], content_type="text/html")


def objection_text():
    """An objection as long as the form takes, with every payload (2,000 characters)."""
    return ("".join(PAYLOADS) + LONG)[:2000]


def formula_cells(workbook_bytes):
    """Every cell of every sheet that a spreadsheet program would run as a formula: [(sheet, coordinate, value)]."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(workbook_bytes))
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))):
                    found.append((ws.title, cell.coordinate, cell.value))
    return found


def texts(workbook_bytes):
    """All text values of a workbook, for checking that the typed text survived (behind its quote)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(workbook_bytes))
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
