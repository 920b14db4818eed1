"""Chinese dates and text measures, the way a Chinese clerk writes and counts them."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime

DIGITS = "〇一二三四五六七八九"


def date_zh(value: datetime.date | None) -> str:
    """2019年7月9日"""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def range_zh(start: datetime.date | None, end: datetime.date | None) -> str:
    return f"{date_zh(start)}至{date_zh(end)}"


def year_month_upper(value: datetime.date) -> str:
    """二〇一九年八月 — the form used on certificates."""
    year = "".join(DIGITS[int(d)] for d in str(value.year))
    return f"{year}年{number_upper(value.month)}月"


def number_upper(n: int) -> str:
    units = ["", "十"]
    if n < 10:
        return DIGITS[n] if n else "〇"
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    tens, ones = divmod(n, 10)
    return DIGITS[tens] + units[1] + (DIGITS[ones] if ones else "")


_SPACE = re.compile(r"\s+")


def count_chars(text: str | None) -> int:
    """字数: every Chinese character, letter, digit and punctuation mark counts one; white space does not.

    A run of Latin letters or digits counts as one word, as word processors count mixed text.
    """
    if not text:
        return 0
    text = unicodedata.normalize("NFKC", text)
    count = 0
    in_word = False
    for ch in text:
        if ch.isspace():
            in_word = False
            continue
        if ch.isascii() and ch.isalnum():
            if not in_word:
                count += 1
            in_word = True
            continue
        in_word = False
        count += 1
    return count


def normalise_name(text):
    """A name for comparison: full-width folded, without spaces, punctuation or symbols (“ 税务 · 窗口”→“税务窗口”)."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZSC").lower()
