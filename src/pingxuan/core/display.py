"""How numbers and generated sentences look to people: one place for display precision and for joining clauses.

Numbers: scores (points, weighted points, totals, expert scores) to 2 decimals, percentages to 1 decimal, counts as
whole numbers, all rounded half up (四舍五入) from the exact value. Only for showing: ranking keeps its exact values.

Sentences: clauses built from pieces that may already end in “。” or “；” are joined without doubled punctuation
(“。；”, “；；”, “。。”), and a name that already ends with the word appended to it is not doubled (“评选活动活动”)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

PRECISION = {"score": 2, "percent": 1, "count": 0}
DASH = "—"


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value).strip())


def number(value: Any, kind: str = "score") -> str:
    """A number as shown: `kind` is "score" (2 decimals, fixed), "percent" (1 decimal, fixed), "count" (whole), or
    "plain" (up to 2 decimals, trailing zeros dropped: weights and values inside formulas). None/"" shows as “—”."""
    if value is None or value == "":
        return DASH
    try:
        d = _decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        return str(value)
    if not d.is_finite():
        return str(value)
    places = PRECISION.get(kind, 2)
    rounded = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(abs(rounded) if rounded == 0 else rounded, "f")
    if kind == "plain" and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


_ENDS = "。；，、;,."


def clauses(parts: Iterable[object], sep: str = "；", end: str = "") -> str:
    """Join clauses with `sep`, each clause stripped of its own closing punctuation, empty ones skipped, and close
    the whole with `end` (e.g. "。"): ["A为必填项。", "B为必填项。"] → "A为必填项；B为必填项"."""
    items = [str(p).strip().rstrip(_ENDS).strip() for p in parts if p is not None]
    items = [p for p in items if p]
    return (sep.join(items) + end) if items else ""


def suffixed(name: object, word: str) -> str:
    """`name` followed by `word`, unless the name already ends with it: ("2019年评选活动", "活动") → "2019年评选活动"."""
    name = str(name or "").strip()
    return name if name.endswith(word) else name + word
