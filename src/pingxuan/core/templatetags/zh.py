from django import template

from pingxuan.core import chinese

register = template.Library()


@register.filter
def date_zh(value):
    return chinese.date_zh(value)


@register.filter
def year_month_upper(value):
    return chinese.year_month_upper(value)


@register.filter
def mask_phone(value):
    """138****5678 (a whole number, or every mobile number inside a text)."""
    from pingxuan.core.phones import mask, mask_in_text

    text = str(value or "")
    return mask(text) if text.isdigit() or text.startswith("+86") else mask_in_text(text)


@register.filter
def mask_phones(value):
    """A list of numbers as 138****5678、139****0001; anything else as it is."""
    if isinstance(value, (list, tuple)):
        return "、".join(mask_phone(v) for v in value)
    return value


@register.filter
def num(value, kind="score"):
    """A number at its kind's display precision: {{ total|num }} → 66.67, {{ rate|num:"percent" }} → 66.7,
    {{ n|num:"count" }} → 3 (see pingxuan.core.display.number)."""
    from pingxuan.core.display import number

    return number(value, kind)
