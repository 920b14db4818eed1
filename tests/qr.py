"""Read a QR code back to its text from a clean module matrix (one image pixel per module, as the desk card embeds it):
format information, unmasking, the zigzag codeword order, block de-interleaving and the numeric / alphanumeric / byte
segments of ISO/IEC 18004. Only the standard's tables (alignment positions, block structure, format codes) are taken
from segno; no error correction is needed for an image that is exact, and a code that does not read raises."""

import subprocess

from PIL import Image
from segno import consts

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
MASKS = [
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
]


def matrix_from_png(path):
    img = Image.open(path).convert("L")
    return [[img.getpixel((x, y)) < 128 for x in range(img.width)] for y in range(img.height)]


def pdf_qr_matrix(pdf_path, workdir):
    """The one image embedded in a PDF (the desk card's QR code) as a module matrix."""
    subprocess.run(["pdfimages", "-png", str(pdf_path), str(workdir / "img")], check=True)
    images = sorted(workdir.glob("img-*.png"))
    if len(images) != 1:
        raise ValueError(f"expected one image in the card, found {len(images)}")
    return matrix_from_png(images[0])


def _crop(rows):
    ys = [y for y, r in enumerate(rows) if any(r)]
    xs = [x for x in range(len(rows[0])) if any(r[x] for r in rows)]
    return [r[xs[0] : xs[-1] + 1] for r in rows[ys[0] : ys[-1] + 1]]


def _format(m):
    cells = [(8, c) for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [(r, 8) for r in (7, 5, 4, 3, 2, 1, 0)]
    value = 0
    for r, c in cells:
        value = (value << 1) | int(m[r][c])
    if value not in consts.FORMAT_INFO:
        raise ValueError("format information does not read")
    index = consts.FORMAT_INFO.index(value)
    level = [consts.ERROR_LEVEL_M, consts.ERROR_LEVEL_L, consts.ERROR_LEVEL_H, consts.ERROR_LEVEL_Q][index // 8]
    return level, index % 8


def _function_modules(n, version):
    taken = set()

    def box(r0, c0, r1, c1):
        taken.update((r, c) for r in range(r0, r1) for c in range(c0, c1))

    box(0, 0, 9, 9)
    box(0, n - 8, 9, n)
    box(n - 8, 0, n, 9)
    box(6, 0, 7, n)
    box(0, 6, n, 7)
    if version >= 7:
        box(0, n - 11, 6, n - 8)
        box(n - 11, 0, n - 8, 6)
    pos = consts.ALIGNMENT_POS[version - 2] if version > 1 else ()
    for r in pos:
        for c in pos:
            if (r, c) in ((pos[0], pos[0]), (pos[0], pos[-1]), (pos[-1], pos[0])):
                continue
            box(r - 2, c - 2, r + 3, c + 3)
    return taken


def _codewords(m, n, taken, mask):
    bits, col, upward = [], n - 1, True
    while col > 0:
        if col == 6:
            col = 5
        rows = range(n - 1, -1, -1) if upward else range(n)
        for r in rows:
            for c in (col, col - 1):
                if (r, c) not in taken:
                    bits.append(int(m[r][c]) ^ int(MASKS[mask](r, c)))
        col -= 2
        upward = not upward
    return [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits) - 7, 8)]


def _data(words, version, level):
    blocks = []
    for ec in consts.ECC[version][level]:
        blocks += [ec.num_data] * ec.num_blocks
    out = [[] for _ in blocks]
    it = iter(words)
    for i in range(max(blocks)):
        for b, size in enumerate(blocks):
            if i < size:
                out[b].append(next(it))
    return [w for block in out for w in block]


def _segments(data, version):
    bits = "".join(f"{w:08b}" for w in data)
    pos, text = 0, ""

    def take(k):
        nonlocal pos
        pos += k
        return int(bits[pos - k : pos], 2)

    small = version < 10
    while pos + 4 <= len(bits):
        mode = take(4)
        if mode == 0:
            break
        if mode == 4:
            count = take(8 if small else 16)
            text += bytes(take(8) for _ in range(count)).decode("utf-8")
        elif mode == 2:
            count = take(9 if small else 11)
            for _ in range(count // 2):
                v = take(11)
                text += ALNUM[v // 45] + ALNUM[v % 45]
            if count % 2:
                text += ALNUM[take(6)]
        elif mode == 1:
            count = take(10 if small else 12)
            for k in range(0, count, 3):
                digits = min(3, count - k)
                text += str(take({3: 10, 2: 7, 1: 4}[digits])).zfill(digits)
        else:
            raise ValueError(f"segment mode {mode} is not read here")
    return text


def decode(rows):
    """The text of a QR code given as rows of booleans (True = dark), quiet zone allowed."""
    m = _crop(rows)
    n = len(m)
    version = (n - 17) // 4
    if n != len(m[0]) or n != 17 + 4 * version or version < 1:
        raise ValueError(f"not a QR code matrix ({n}×{len(m[0])})")
    level, mask = _format(m)
    words = _codewords(m, n, _function_modules(n, version), mask)
    return _segments(_data(words, version, level), version)
