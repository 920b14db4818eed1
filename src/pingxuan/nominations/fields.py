"""Values of a nomination form's fields: clean and check each by its type (SPEC §4.1).

`check_values(form, data, final=...)` returns (clean, errors, warnings); errors and warnings map a field key to a
Chinese message that names the rule. Files are checked separately (`uploads.py`); here only their count is checked.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from pingxuan.core.chinese import count_chars
from pingxuan.core.choices import STANDARD_LISTS

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^(0\d{2,3})-?(\d{7,8})(-\d{1,6})?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
YEAR_MONTH = re.compile(r"^(\d{4})[-./年](\d{1,2})月?$")
FILE_TYPES = {"photo", "photoset", "file"}
TOLERANCE = 0.3


def options_of(field):
    options = field.get("options")
    return STANDARD_LISTS[options] if isinstance(options, str) else list(options or [])


def longtext_bounds(field):
    """(warn_low, warn_high, hard_max): 左右 means roughly — warn outside ±30 % of the target; refuse past the maximum."""
    target = field.get("target")
    if not target:
        return None, None, field["max"]
    return int(target * (1 - TOLERANCE)), int(target * (1 + TOLERANCE)), field["max"]


def _text(value):
    return "" if value is None else str(value).strip()


def check_value(field, value):
    """Clean one value. Returns (clean, error, warning)."""
    kind = field["type"]
    label = field["label"]
    if kind in FILE_TYPES:
        return None, None, None
    if kind == "multichoice":
        values = value if isinstance(value, list) else [v for v in _text(value).replace("，", ",").split(",") if v.strip()]
        values = [str(v).strip() for v in values]
        allowed = options_of(field)
        bad = [v for v in values if v not in allowed]
        if bad:
            return values, f"“{label}”的选项“{'、'.join(bad)}”无效，可选：{'、'.join(allowed)}。", None
        if field.get("max_choices") and len(values) > field["max_choices"]:
            return values, f"“{label}”最多选 {field['max_choices']} 项。", None
        return [v for v in allowed if v in values], None, None
    text = _text(value)
    if not text:
        return "", None, None
    if kind == "text":
        limit = field.get("max_length", 100)
        if len(text) > limit:
            return text, f"“{label}”不能超过 {limit} 个字（现为 {len(text)} 个）。", None
        return text, None, None
    if kind == "longtext":
        n = count_chars(text)
        low, high, hard = longtext_bounds(field)
        if n > hard:
            return text, f"“{label}”共 {n} 字，超过上限 {hard} 字。", None
        if field.get("min") and n < field["min"]:
            return text, f"“{label}”共 {n} 字，少于下限 {field['min']} 字。", None
        if low is not None and not (low <= n <= high):
            return text, None, f"“{label}”要求 {field['target']} 字左右，现为 {n} 字（建议 {low}–{high} 字）。"
        return text, None, None
    if kind == "date":
        try:
            return datetime.date.fromisoformat(text.replace("/", "-").replace(".", "-")).isoformat(), None, None
        except ValueError:
            return text, f"“{label}”应为日期，如 2019-07-09。", None
    if kind == "yearmonth":
        m = YEAR_MONTH.match(text)
        if not m or not (1 <= int(m.group(2)) <= 12) or not (1900 <= int(m.group(1)) <= 2100):
            return text, f"“{label}”应为年月，如 1985-06 或 1985年6月。", None
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}", None, None
    if kind == "year":
        if not (text.isdigit() and 1900 <= int(text) <= 2100):
            return text, f"“{label}”应为四位年份，如 2015。", None
        return int(text), None, None
    if kind == "integer":
        try:
            number = int(text)
        except ValueError:
            return text, f"“{label}”应为整数。", None
        if field.get("min") is not None and number < field["min"]:
            return number, f"“{label}”不能小于 {field['min']}。", None
        if field.get("max") is not None and number > field["max"]:
            return number, f"“{label}”不能大于 {field['max']}。", None
        return number, None, None
    if kind == "choice":
        allowed = options_of(field)
        if text not in allowed:
            shown = "、".join(allowed) if len(allowed) <= 15 else "、".join(allowed[:15]) + "等"
            return text, f"“{label}”的选项“{text}”无效，可选：{shown}。", None
        return text, None, None
    if kind == "mobile":
        digits = re.sub(r"[\s-]", "", text)
        if not MOBILE.match(digits):
            return text, f"“{label}”应为 11 位手机号码（以 1 开头）。", None
        return digits, None, None
    if kind == "landline":
        m = LANDLINE.match(re.sub(r"[\s（）()]", lambda c: "-" if c.group() in "）)" else "", text))
        if not m:
            return text, f"“{label}”应为带区号的固定电话，如 0724-2372245。", None
        return f"{m.group(1)}-{m.group(2)}{m.group(3) or ''}", None, None
    if kind == "email":
        if not EMAIL.match(text) or len(text) > 120:
            return text, f"“{label}”不是有效的电子邮箱地址。", None
        return text, None, None
    if kind == "org":
        return text, None, None
    return text, None, None


def is_empty(field: Mapping[str, Any], value: Any, file_count: int = 0) -> bool:
    if field["type"] in FILE_TYPES:
        return file_count == 0
    return value in (None, "", [])


def check_values(
    form: Mapping[str, Any], data: Mapping[str, Any], *, final: bool, file_counts: Mapping[str, int] | None = None
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """Check every field. With final=True (submission) required fields and file counts are enforced too."""
    file_counts = file_counts or {}
    clean, errors, warnings = {}, {}, {}
    fields = {f["key"]: f for f in form["fields"]}
    for key in data:
        if key not in fields:
            errors[key] = f"申报表中没有字段“{key}”。"
    for key, field in fields.items():
        value, error, warning = check_value(field, data.get(key))
        if field["type"] not in FILE_TYPES and key in data:
            clean[key] = value
        if error:
            errors[key] = error
        if warning:
            warnings[key] = warning
        count = file_counts.get(key, 0)
        if final and key not in errors:
            if field.get("required") and is_empty(field, clean.get(key), count):
                errors[key] = f"“{field['label']}”为必填项。"
            elif field["type"] == "photoset" and count < field.get("min_count", 0):
                errors[key] = f"“{field['label']}”至少需要 {field['min_count']} 张，现有 {count} 张。"
    return clean, errors, warnings
