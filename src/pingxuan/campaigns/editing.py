"""Turning the configuration editor's form posts into configuration values, and back.

List editors post rows as `rows-<i>-<key>`; each value is converted by the schema's own spec (Int, Bool,
lists…), so the configuration validator, not the page, decides what is wrong and says so in Chinese.
"""

import datetime
import json
import re

from pingxuan.core.choices import STANDARD_LISTS

from .formschema import COMMON, FIELD_TYPES, FILE_FORMATS, PHOTO_PURPOSES, TYPE_OPTIONS
from .schema import (
    APPROVAL_LEVEL,
    COMPONENT,
    COMPONENT_KINDS,
    CRITERION,
    ELIGIBILITY,
    ELIGIBILITY_RULES,
    ORG_KINDS,
    TIER,
    VOTE_METHODS,
)
from .validation import Bool, Date, Either, Int, List, Num, Obj, Str

SEPARATORS = re.compile(r"[、,，;；\n]+")
ROW_KEY = re.compile(r"^(?P<prefix>[a-z]+)-(?P<index>\d+)-(?P<key>[a-z_]+)$")
TRUE = {"on", "true", "1", True}

ORG_KIND_LABELS = {
    "leading_group": "领导小组",
    "office": "活动办公室",
    "recommending_unit": "推荐单位",
    "department": "主管部门",
    "base_unit": "基层单位",
    "window": "服务窗口",
    "region": "地区",
}

# Chinese labels of every key the list editors show.
LABELS = {
    "key": "代码",
    "label": "名称",
    "type": "类型",
    "required": "必填",
    "help": "填写说明",
    "row": "打印行号",
    "width": "打印宽度",
    "max_length": "最多字数",
    "target": "目标字数",
    "max": "满分",
    "min": "最少",
    "options": "选项（标准列表名或用、分隔）",
    "max_choices": "最多选几项",
    "purpose": "照片用途",
    "formats": "格式（用、分隔）",
    "min_kb": "最小 KB",
    "max_kb": "最大 KB",
    "min_width": "最小宽度（像素）",
    "min_height": "最小高度（像素）",
    "min_count": "最少张数",
    "max_count": "最多个数",
    "org_kind": "组织类型",
    "check": "核验方式",
    "rule": "自动核验规则",
    "field": "引用字段",
    "years": "年数",
    "months": "月数",
    "percent": "百分比",
    "campaigns": "以往活动代码",
    "evidence": "需提供证明",
    "title": "意见栏名称",
    "seal": "盖章",
    "name": "名称",
    "description": "评分说明",
    "count": "名额",
    "min_score": "最低分",
    "kind": "计分项",
    "weight": "权重（%）",
    "method": "折算方法",
    "round_before_ranking": "排名前保留小数位数",
    "on_form": "印在申报表上",
    "note": "备注",
    "date": "日期",
}
FIELD_OPTION_LABELS = {**LABELS, "max": "最多", "min": "最少"}

CHOICES = {
    "type": FIELD_TYPES,
    "purpose": PHOTO_PURPOSES,
    "check": {"auto": "系统自动核验", "attested": "单位承诺并提供证明"},
    "rule": ELIGIBILITY_RULES,
    "org_kind": ORG_KIND_LABELS,
    "kind": COMPONENT_KINDS,
    "method": VOTE_METHODS,
}


def spec_kind(spec):
    if isinstance(spec, Bool):
        return "checkbox"
    if isinstance(spec, (Int, Num)):
        return "number"
    if isinstance(spec, Date):
        return "date"
    return "text"


def columns(fields, *, labels=LABELS, show_for=None, choices=CHOICES, wide=()):
    """Column descriptions for the row editor template."""
    out = []
    for key, spec in fields.items():
        if isinstance(spec, Obj):
            continue  # nested settings are edited in the YAML editor
        col = {"key": key, "label": labels.get(key, key), "input": spec_kind(spec), "show_for": (show_for or {}).get(key)}
        opts = choices.get(key)
        if opts and isinstance(spec, Str) and not isinstance(spec, List):
            col["input"] = "select"
            col["choices"] = list(opts.items())
            col["blank"] = not spec.required
        col["wide"] = key in wide
        col["show_js"] = json.dumps(col["show_for"]) if col["show_for"] else ""
        out.append(col)
    return out


def field_columns():
    """The form-field editor: common keys plus each type's options, shown only for that type."""
    fields, show_for = dict(COMMON), {}
    for ftype, options in TYPE_OPTIONS.items():
        for key, spec in options.items():  # type: ignore[attr-defined]
            fields.setdefault(f"opt_{key}" if key in COMMON else key, spec)
            show_for.setdefault(key, []).append(ftype)
    cols = columns(fields, labels=FIELD_OPTION_LABELS, show_for=show_for, wide=("help", "options"))
    for col in cols:
        if col["key"] == "formats":
            col["help"] = "可用：" + "、".join(FILE_FORMATS)
        if col["key"] == "options":
            col["help"] = "标准列表：" + "、".join(STANDARD_LISTS)
    return cols


EDITORS = {
    "eligibility": (ELIGIBILITY.fields, ("label", "campaigns")),
    "approval": (APPROVAL_LEVEL.fields, ("title",)),
    "rubric": (CRITERION.fields, ("description",)),
    "tiers": (TIER.fields, ()),
    "components": (COMPONENT.fields, ()),
}


def editor_columns(name):
    if name == "fields":
        return field_columns()
    fields, wide = EDITORS[name]
    return columns(fields, wide=wide)


# Reading posts -----------------------------------------------------------------------------------


def raw_rows(post, prefix="rows"):
    """Rows posted as `<prefix>-<i>-<key>`, in index order, as dicts of strings."""
    rows = {}
    for name in post:
        m = ROW_KEY.match(name)
        if m and m["prefix"] == prefix:
            rows.setdefault(int(m["index"]), {})[m["key"]] = post.get(name)
    return [rows[i] for i in sorted(rows)]


def coerce(spec, raw):
    """One posted string as the spec expects it; returns None for an empty optional value."""
    if isinstance(spec, Bool):
        return raw in TRUE
    raw = raw.strip() if isinstance(raw, str) else raw
    if raw in ("", None):
        return None
    if isinstance(spec, Num):
        try:
            number = float(raw)
            return int(number) if number.is_integer() else number
        except ValueError:
            return raw
    if isinstance(spec, Int):
        return int(raw) if re.fullmatch(r"-?\d+", raw) else raw
    if isinstance(spec, List):
        return [part.strip() for part in SEPARATORS.split(raw) if part.strip()]
    if isinstance(spec, Either):
        parts = [part.strip() for part in SEPARATORS.split(raw) if part.strip()]
        return parts if len(parts) > 1 else raw
    return raw


def to_values(fields, row):
    """A posted row converted to a configuration item (empty optional values left out)."""
    out = {}
    for key, spec in fields.items():
        value = coerce(spec, row.get(key, False if isinstance(spec, Bool) else ""))
        if value is not None:
            out[key] = value
    return out


def field_from_row(row):
    ftype = row.get("type", "")
    fields = {**COMMON, **TYPE_OPTIONS.get(ftype, {})}  # type: ignore[dict-item]
    return to_values(fields, row)


def items_from_post(name, post):
    rows = raw_rows(post)
    if name == "fields":
        return rows, [field_from_row(r) for r in rows]
    fields, _ = EDITORS[name]
    return rows, [to_values(fields, r) for r in rows]


# Showing values ----------------------------------------------------------------------------------


def display(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return "" if value is None else str(value)


def display_rows(items):
    return [{k: display(v) for k, v in item.items()} for item in items]


def blank_row(cols):
    return {c["key"]: (False if c["input"] == "checkbox" else "") for c in cols}


ORG_KIND_CHOICES = [(k, ORG_KIND_LABELS[k]) for k in ORG_KINDS]
