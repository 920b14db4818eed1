"""How an eligibility checklist item shows on the pages (one place for every template that draws one)."""

from __future__ import annotations

from typing import Any

from django import template

from pingxuan.nominations.eligibility import OPEN_STATES, TONES

register = template.Library()


@register.filter
def check_tone(item: dict[str, Any]) -> str:
    """ "ok" (met: green), "fail" (not met: red) or "open" (waiting for someone, or exempted: amber)."""
    return TONES.get(item.get("state", ""), "open")


@register.filter
def check_ruling(item: dict[str, Any]) -> str:
    """The office's ruling an open automatic item waits for ("exemption" or "verified"), else ""."""
    return OPEN_STATES.get(item.get("state", ""), "") if item.get("check") == "auto" else ""
