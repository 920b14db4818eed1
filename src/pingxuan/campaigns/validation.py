"""A small declarative validator for configuration dicts (presets and the UI's configuration editor).

Each spec checks one value and returns its normalised form, or records errors in Chinese that name the
place (`categories[2].form.fields[4].type`) and the rule that was broken.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from typing import Any

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ConfigErrors(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(f"{e['path']}：{e['message']}" for e in errors))

    def messages(self):
        return [f"{e['path']}：{e['message']}" if e["path"] else e["message"] for e in self.errors]


class Ctx:
    def __init__(self):
        self.errors = []

    def error(self, path, message):
        self.errors.append({"path": path, "message": message})


MISSING = object()


class Spec:
    label = "值"

    def __init__(self, required=False, default=MISSING, label=None):
        self.required = required
        self.default = default
        if label:
            self.label = label

    def check(self, value, path, ctx):  # pragma: no cover - abstract
        raise NotImplementedError

    def default_value(self):
        if callable(self.default):
            return self.default()
        return None if self.default is MISSING else self.default


class Str(Spec):
    def __init__(self, max_length=None, min_length=0, pattern=None, pattern_text="", choices=None, **kw):
        super().__init__(**kw)
        self.max_length, self.min_length = max_length, min_length
        self.pattern, self.pattern_text, self.choices = pattern, pattern_text, choices

    def check(self, value, path, ctx):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            ctx.error(path, f"应为文本，实际是{type_name(value)}。")
            return value
        value = value.strip("\n") if "\n" in value else value.strip()
        if self.min_length and len(value) < self.min_length:
            ctx.error(path, "不能为空。" if self.min_length == 1 else f"至少 {self.min_length} 个字符。")
        if self.max_length and len(value) > self.max_length:
            ctx.error(path, f"不能超过 {self.max_length} 个字符（现为 {len(value)} 个）。")
        if self.pattern and value and not self.pattern.match(value):
            ctx.error(path, f"“{value}”格式不对：{self.pattern_text}。")
        if self.choices is not None and value not in self.choices:
            ctx.error(path, f"“{value}”无效，可选：{'、'.join(self.choices)}。")
        return value


def Slug(**kw):
    return Str(max_length=40, min_length=1, pattern=SLUG, pattern_text="只能用小写字母、数字、连字符和下划线", **kw)


class Int(Spec):
    def __init__(self, min_value=None, max_value=None, **kw):
        super().__init__(**kw)
        self.min_value, self.max_value = min_value, max_value

    def check(self, value, path, ctx):
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value.strip())
            else:
                ctx.error(path, f"应为整数，实际是“{value}”。")
                return value
        if self.min_value is not None and value < self.min_value:
            ctx.error(path, f"不能小于 {self.min_value}（现为 {value}）。")
        if self.max_value is not None and value > self.max_value:
            ctx.error(path, f"不能大于 {self.max_value}（现为 {value}）。")
        return value


class Num(Int):
    def check(self, value, path, ctx):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            ctx.error(path, f"应为数字，实际是“{value}”。")
            return value
        if self.min_value is not None and value < self.min_value:
            ctx.error(path, f"不能小于 {self.min_value}（现为 {value}）。")
        if self.max_value is not None and value > self.max_value:
            ctx.error(path, f"不能大于 {self.max_value}（现为 {value}）。")
        return int(value) if float(value).is_integer() else value


class Bool(Spec):
    def check(self, value, path, ctx):
        if not isinstance(value, bool):
            ctx.error(path, f"应为 true 或 false，实际是“{value}”。")
        return value


class Date(Spec):
    def check(self, value, path, ctx):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        ctx.error(path, f"应为日期（如 2019-07-09），实际是“{value}”。")
        return value


class List(Spec):
    def __init__(self, item, min_items=0, max_items=None, unique_key=None, **kw):
        kw.setdefault("default", list)
        super().__init__(**kw)
        self.item, self.min_items, self.max_items, self.unique_key = item, min_items, max_items, unique_key

    def check(self, value, path, ctx):
        if not isinstance(value, list):
            ctx.error(path, f"应为列表，实际是{type_name(value)}。")
            return value
        if len(value) < self.min_items:
            ctx.error(path, f"至少需要 {self.min_items} 项（现有 {len(value)} 项）。")
        if self.max_items is not None and len(value) > self.max_items:
            ctx.error(path, f"最多 {self.max_items} 项（现有 {len(value)} 项）。")
        out = [self.item.check(v, f"{path}[{i + 1}]", ctx) for i, v in enumerate(value)]
        if self.unique_key:
            seen = {}
            for i, v in enumerate(out):
                key = v.get(self.unique_key) if isinstance(v, dict) else v
                if key in seen:
                    ctx.error(
                        f"{path}[{i + 1}].{self.unique_key}" if isinstance(v, dict) else f"{path}[{i + 1}]",
                        f"“{key}”与第 {seen[key] + 1} 项重复。",
                    )
                seen.setdefault(key, i)
        return out


class StrList(List):
    def __init__(self, max_length=200, **kw):
        super().__init__(Str(max_length=max_length, min_length=1), **kw)


class Obj(Spec):
    """A mapping with known keys. Unknown keys are errors (a typo must not pass silently)."""

    def __init__(self, fields, check=None, **kw):
        kw.setdefault("default", dict)
        super().__init__(**kw)
        self.fields = fields
        self.extra_check = check

    def check(self, value, path, ctx):
        if not isinstance(value, dict):
            ctx.error(path, f"应为键值表，实际是{type_name(value)}。")
            return value
        out = {}
        for key in value:
            if key not in self.fields:
                ctx.error(join(path, key), f"未知的配置项“{key}”，可用：{'、'.join(self.fields)}。")
        for key, spec in self.fields.items():
            if key in value and value[key] is not None:
                out[key] = spec.check(value[key], join(path, key), ctx)
            elif spec.required:
                ctx.error(join(path, key), f"缺少必填项“{key}”（{spec.label}）。")
            elif isinstance(spec, Obj):
                # An absent optional mapping gets its own defaults filled in, so that a document and its
                # normalised export normalise to the same thing (load → export → load is a fixed point).
                trial = Ctx()
                filled = spec.check({}, join(path, key), trial)
                if not trial.errors:
                    out[key] = filled
            else:
                default = spec.default_value()
                if default is not None:
                    out[key] = default
        if self.extra_check and not ctx.errors:
            self.extra_check(out, path, ctx)
        return out


class Either(Spec):
    """Accepts a value that any of the specs accepts; the first that fits wins."""

    def __init__(self, *specs, text="", **kw):
        super().__init__(**kw)
        self.specs, self.text = specs, text

    def check(self, value, path, ctx):
        for spec in self.specs:
            trial = Ctx()
            out = spec.check(value, path, trial)
            if not trial.errors:
                return out
        ctx.error(path, f"“{value}”无效：{self.text}。")
        return value


def join(path, key):
    return f"{path}.{key}" if path else str(key)


def type_name(value):
    return {dict: "键值表", list: "列表", str: "文本", int: "整数", float: "数字", bool: "布尔值"}.get(
        type(value), type(value).__name__
    )


def validate(spec: Any, data: Any) -> dict[str, Any]:
    ctx = Ctx()
    out = spec.check(data, "", ctx)
    if ctx.errors:
        raise ConfigErrors(ctx.errors)
    return out


YAML_PROBLEMS = [
    ("mapping values are not allowed here", "此处不能出现“键: 值”（多半是缩进不对，或值里有未加引号的冒号）"),
    ("could not find expected ':'", "找不到应有的冒号“:”"),
    ("expected ',' or ']'", "方括号列表没有正确结束（缺少“,”或“]”）"),
    ("expected ',' or '}'", "花括号键值表没有正确结束（缺少“,”或“}”）"),
    ("found character '\\t' that cannot start any token", "含有制表符，请改用空格缩进"),
    ("found a tab character", "含有制表符，请改用空格缩进"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合）"),
    ("found undefined alias", "引用了未定义的锚点（*别名）"),
    ("found duplicate anchor", "锚点（&名称）重复"),
    ("expected <block end>, but found", "缩进层级不一致"),
    ("did not find expected key", "缩进不对，找不到应有的键"),
    ("did not find expected '-' indicator", "列表项缩进不一致，找不到应有的“-”"),
    ("found unknown escape character", "双引号字符串中有无效的转义字符"),
]


class StrictLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses a key written twice in one mapping (PyYAML silently keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(None, None, f'found duplicate key "{key}"', key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, StrictLoader.construct_mapping)


def load_yaml(text):
    return yaml.load(text, Loader=StrictLoader)  # StrictLoader is a SafeLoader: no arbitrary objects


DUPLICATE_KEY = re.compile(r'found duplicate key "(.*)"')


def yaml_problem_zh(problem):
    """PyYAML's problem text in Chinese; an unknown one is kept as it is, after a Chinese lead."""
    dup = DUPLICATE_KEY.search(problem)
    if dup:
        return f"键“{dup.group(1)}”在同一层重复出现"
    for english, chinese in YAML_PROBLEMS:
        if english in problem:
            return chinese
    return f"无法解析（{problem}）"
