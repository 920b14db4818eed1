from django import template

from pingxuan.core import chinese

register = template.Library()


@register.filter
def date_zh(value):
    return chinese.date_zh(value)


@register.filter
def year_month_upper(value):
    return chinese.year_month_upper(value)
