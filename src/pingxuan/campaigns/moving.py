"""A preset moved to a new round: every date of its timeline moves by the same number of days so that the first phase
starts on the chosen day, the year, name, 文号 and issuing bodies are replaced, and dates written inside texts (a
form's “请于 2019 年 7 月 9 日前报送”, a phase note's “4月9日至7月9日”) move with the timeline."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

FULL = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
SHORT = re.compile(r"(?<![\d年\s])(?<!年\s)(\d{1,2})月(\d{1,2})日")
DATE_KEYS = {"start", "end", "date", "issued_on"}


def _date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def first_start(data):
    return min(_date(p["start"]) for p in data["phases"])


def shift_text(text, days, base_year):
    def full(m):
        try:
            d = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) + datetime.timedelta(days=days)
        except ValueError:
            return m.group(0)
        return f"{d.year}年{d.month}月{d.day}日"

    def short(m):
        try:
            d = datetime.date(base_year, int(m.group(1)), int(m.group(2))) + datetime.timedelta(days=days)
        except ValueError:
            return m.group(0)
        return f"{d.month}月{d.day}日"

    return SHORT.sub(short, FULL.sub(full, text))


def _walk(value, days, base_year, key=None):
    if isinstance(value, dict):
        return {k: _walk(v, days, base_year, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, days, base_year) for v in value]
    if key in DATE_KEYS and value:
        try:
            return (_date(value) + datetime.timedelta(days=days)).isoformat()
        except ValueError:
            return value
    if isinstance(value, str):
        return shift_text(value, days, base_year)
    return value


def move(
    data: dict[str, Any],
    *,
    start: datetime.date | str,
    year: int | str | None = None,
    name: str = "",
    title: str = "",
    doc_number: str = "",
    organisers: list[str] | None = None,
    issuer: str = "",
) -> dict[str, Any]:
    """A copy of a campaign document with its timeline starting on `start` and the new round's particulars."""
    old_start = first_start(data)
    days = (_date(start) - old_start).days
    old_year = int(data.get("year") or old_start.year)
    moved = _walk(data, days, old_start.year)
    new_year = int(year or (old_year + round(days / 365.25)))
    moved["year"] = new_year
    for key in ("name", "title"):
        if moved.get(key):
            moved[key] = moved[key].replace(str(old_year), str(new_year))
    if name:
        moved["name"] = name
    if title:
        moved["title"] = title
    if doc_number:
        moved["doc_number"] = doc_number
    elif moved.get("doc_number"):
        moved["doc_number"] = moved["doc_number"].replace(f"〔{old_year}〕", f"〔{new_year}〕")
    if organisers:
        moved["organisers"] = list(organisers)
    if issuer:
        moved["issuer"] = issuer
    return moved
