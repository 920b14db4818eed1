"""Reading generated documents back: DOCX text through python-docx, PDFs through poppler's tools."""

import io
import subprocess

from docx import Document
from PIL import Image


def docx_texts(content):
    """(paragraph texts, cell texts — merged cells once) of a DOCX."""
    doc = Document(io.BytesIO(content))
    cells = []
    for table in doc.tables:
        seen = set()
        for row in table.rows:
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.add(cell._tc)
                    cells.append(cell.text)
    return [p.text for p in doc.paragraphs], cells, doc


def pdf_fonts(path):
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    return [(r[0].split("+", 1)[-1], r[-5]) for r in rows]  # (font name, embedded yes/no)


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def rasterise(path, out_stem, dpi=50):
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", str(path), str(out_stem)], check=True)
    png = next(out_stem.parent.glob(out_stem.name + "*.png"))
    return png, Image.open(png).convert("L")


def dark_share(img, top, bottom):
    """Share of dark pixels in a horizontal band (fractions of the page height)."""
    w, h = img.size
    band = img.crop((0, int(h * top), w, int(h * bottom)))
    pixels = list(band.getdata())
    return sum(1 for p in pixels if p < 128) / len(pixels)
