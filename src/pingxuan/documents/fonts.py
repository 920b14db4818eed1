"""The Chinese fonts every printed document uses: Noto Serif SC for 宋体 text, Noto Sans SC for 黑体 headings.

The TrueType files live in `settings.FONT_DIR` (the project's set-up copies them there); no system CJK font is
assumed. DOCX files name the fonts the Chinese way (宋体 / 黑体) so that Word and WPS use the fonts a clerk
expects; PDFs embed the Noto files.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from pingxuan.core.errors import ServiceError

SONG = "宋体"
HEI = "黑体"

# family name in CSS -> {weight: file name}
FILES = {
    "Noto Serif SC": {400: "NotoSerifSC_400Regular.ttf", 700: "NotoSerifSC_700Bold.ttf"},
    "Noto Sans SC": {400: "NotoSansSC_400Regular.ttf", 700: "NotoSansSC_700Bold.ttf"},
}
SERIF = "Noto Serif SC"
SANS = "Noto Sans SC"
# How the Chinese names map onto the embedded families (the same aliases as the project's fontconfig file).
ALIASES = {SONG: SERIF, HEI: SANS}


def font_dir():
    return Path(settings.FONT_DIR)


def font_path(family=SERIF, weight=400):
    family = ALIASES.get(family, family)
    return font_dir() / FILES[family][weight]


def missing_fonts() -> list[str]:
    """File names of the fonts that are not installed (empty when all are there)."""
    return [name for weights in FILES.values() for name in weights.values() if not (font_dir() / name).is_file()]


def require_fonts():
    missing = missing_fonts()
    if missing:
        raise ServiceError(
            f"中文字体文件缺失（{'、'.join(missing)}），无法生成 PDF。请先运行 make install 安装字体。",
            code="fonts_missing",
        )


def font_face_css():
    """@font-face rules for WeasyPrint: one per family and weight, pointing at the TrueType files."""
    require_fonts()
    rules = []
    for family, weights in FILES.items():
        for weight, name in weights.items():
            uri = (font_dir() / name).resolve().as_uri()
            rules.append(
                f'@font-face {{ font-family: "{family}"; src: url("{uri}") format("truetype"); '
                f"font-weight: {weight}; font-style: normal; }}"
            )
    return "\n".join(rules)
