"""The nomination form definition: typed fields (SPEC §4.1) and how each is configured."""

from pingxuan.core.choices import STANDARD_LISTS

from .validation import Bool, Either, Int, List, Obj, Slug, Str, StrList

FIELD_TYPES = {
    "text": "短文本",
    "longtext": "长文本",
    "date": "日期",
    "yearmonth": "年月",
    "year": "年份",
    "integer": "整数",
    "choice": "单选",
    "multichoice": "多选",
    "mobile": "手机号码",
    "landline": "固定电话",
    "email": "电子邮箱",
    "photo": "照片",
    "photoset": "照片组",
    "file": "附件",
    "org": "组织",
}
FILE_FORMATS = ["jpeg", "png", "pdf"]
PHOTO_PURPOSES = {"portrait_2in": "2 寸证件照", "unit_5in": "5 寸单位照片", "other": "其他"}

COMMON = {
    "key": Slug(required=True, label="字段代码"),
    "label": Str(max_length=60, min_length=1, required=True, label="字段名称"),
    "type": Str(required=True, choices=list(FIELD_TYPES), label="字段类型"),
    "required": Bool(default=False),
    "help": Str(max_length=300),
    "row": Int(min_value=1, max_value=60, label="打印表格行号"),
    "width": Int(min_value=1, max_value=12, label="打印宽度"),
}

TYPE_OPTIONS = {
    "text": {"max_length": Int(min_value=1, max_value=500, default=100)},
    "longtext": {
        "target": Int(min_value=10, max_value=20000, label="目标字数（左右）"),
        "max": Int(min_value=10, max_value=50000, required=True, label="字数上限"),
        "min": Int(min_value=0, max_value=20000),
    },
    "date": {},
    "yearmonth": {},
    "year": {},
    "integer": {"min": Int(), "max": Int()},
    "choice": {
        "options": Either(
            Str(choices=list(STANDARD_LISTS)),
            StrList(max_length=40, min_items=2),
            text=f"应为标准列表名（{'、'.join(STANDARD_LISTS)}）或至少两个选项的列表",
            required=True,
        )
    },
    "multichoice": {"options": StrList(max_length=40, min_items=2, required=True), "max_choices": Int(min_value=1)},
    "mobile": {},
    "landline": {},
    "email": {},
    "photo": {
        "purpose": Str(choices=list(PHOTO_PURPOSES), default="other"),
        "formats": List(Str(choices=FILE_FORMATS), min_items=1, default=lambda: ["jpeg", "png"]),
        "min_kb": Int(min_value=0, default=0),
        "max_kb": Int(min_value=1, max_value=20480, default=5120),
        "min_width": Int(min_value=1),
        "min_height": Int(min_value=1),
    },
    "photoset": {
        "formats": List(Str(choices=FILE_FORMATS), min_items=1, default=lambda: ["jpeg"]),
        "min_count": Int(min_value=0, default=1),
        "max_count": Int(min_value=1, max_value=50, required=True),
        "min_kb": Int(min_value=0, default=0),
        "max_kb": Int(min_value=1, max_value=20480, default=5120),
        "min_width": Int(min_value=1),
        "min_height": Int(min_value=1),
    },
    "file": {
        "formats": List(Str(choices=FILE_FORMATS), min_items=1, default=lambda: ["pdf", "jpeg"]),
        "max_count": Int(min_value=1, max_value=50, default=10),
        "max_kb": Int(min_value=1, max_value=51200, default=10240),
    },
    "org": {"org_kind": Str(max_length=30)},
}


class FieldSpec(Obj):
    """One field: the common keys plus the keys its type allows."""

    def __init__(self):
        super().__init__(COMMON)

    def check(self, value, path, ctx):
        ftype = value.get("type") if isinstance(value, dict) else None
        out = Obj({**COMMON, **TYPE_OPTIONS.get(ftype, {})}).check(value, path, ctx)  # type: ignore[dict-item, arg-type]
        if ftype == "longtext" and _ints(out, "target", "max") and out["target"] > out["max"]:
            ctx.error(f"{path}.target", f"目标字数 {out['target']} 不能超过字数上限 {out['max']}。")
        if ftype == "photoset" and _ints(out, "min_count", "max_count") and out["min_count"] > out["max_count"]:
            ctx.error(f"{path}.min_count", f"最少张数 {out['min_count']} 不能大于最多张数 {out['max_count']}。")
        if ftype in ("photo", "photoset") and out.get("min_kb", 0) >= out.get("max_kb", 1):
            ctx.error(f"{path}.min_kb", f"文件大小下限 {out.get('min_kb')} KB 应小于上限 {out.get('max_kb')} KB。")
        return out


FORM = Obj(
    {
        "title": Str(max_length=120, min_length=1, required=True, label="表名"),
        "number_label": Str(max_length=30, label="编号栏"),
        "filler_label": Str(max_length=30, label="填报单位栏"),
        "notes": Str(max_length=2000, label="说明"),
        "copies": Int(min_value=1, max_value=10, default=1, label="份数"),
        "ranking": Obj(
            {
                "title": Str(max_length=120, min_length=1, required=True, label="排序表名"),
                "column": Str(max_length=120, min_length=1, required=True, label="排序表栏目"),
            }
        ),
        "fields": List(FieldSpec(), min_items=1, unique_key="key", required=True, label="字段"),
    },
    required=True,
    label="申报表",
)


def _ints(data, *keys):
    return all(isinstance(data.get(k), int) for k in keys)
