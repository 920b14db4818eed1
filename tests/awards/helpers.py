"""PDF helpers for the commendation tests: text per page, embedded images as module matrices, rasterised pages."""

import subprocess

from PIL import Image

from tests.screenshots import shots_dir

SHOTS = shots_dir("awards")


def pdf_text(content, page=None):
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def page_count(content):
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_images(tmp_path, content):
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    subprocess.run(["pdfimages", "-png", str(path), str(tmp_path / "img")], check=True)
    return sorted(tmp_path.glob("img-*.png"))


def matrix_of(png):
    img = Image.open(png).convert("L")
    return [[img.getpixel((x, y)) < 128 for x in range(img.width)] for y in range(img.height)]


def rasterise(tmp_path, content, name, page=1, dpi=80):
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", "-", str(tmp_path / name)],
        input=content,
        check=True,
    )
    return Image.open(tmp_path / f"{name}.png")
