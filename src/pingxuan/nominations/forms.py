"""Forms of the nomination pages. They only shape input; the services check the values and save.

The nomination form itself is built from the category's form definition (`editor_rows`, `editor_values`):
every field type of SPEC §4.1 gets its input, and the service's messages are shown beside each field.
"""

from django import forms

from pingxuan.core.chinese import count_chars

from .fields import FILE_TYPES, longtext_bounds, options_of
from .models import Decision, Status
from .uploads import PORTRAIT_MIN, UNIT_PHOTO_MIN, max_count

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
AREA = {"class": "form-control", "rows": 3}
CHECK = {"class": "form-check-input"}

PREFIX = "f_"
UPLOAD_PREFIX = "u_"
INPUT_TYPES = {
    "date": "date",
    "yearmonth": "month",
    "year": "number",
    "integer": "number",
    "mobile": "tel",
    "landline": "tel",
    "email": "email",
}
ACCEPT = {"jpeg": "image/jpeg,.jpg,.jpeg", "png": "image/png,.png", "pdf": "application/pdf,.pdf"}
FORMAT_NAMES = {"jpeg": "JPG", "png": "PNG", "pdf": "PDF"}


def editor_values(form, post):
    """The non-file values of the posted editor, keyed by field key (every field: an emptied field is saved empty)."""
    data = {}
    for field in form.get("fields", []):
        if field["type"] in FILE_TYPES:
            continue
        name = PREFIX + field["key"]
        data[field["key"]] = post.getlist(name) if field["type"] == "multichoice" else post.get(name, "")
    return data


def min_pixels(field):
    """(min width, min height) an image of this field needs, as uploads.check_file checks it (None: no minimum)."""
    width, height = field.get("min_width"), field.get("min_height")
    minimum = {"portrait_2in": PORTRAIT_MIN, "unit_5in": UNIT_PHOTO_MIN}.get(field.get("purpose"))
    if minimum:
        width, height = width or minimum[0], height or minimum[1]
    return width, height


def upload_rules(field):
    """What the clerk should know before choosing a file, in one line."""
    parts = ["、".join(FORMAT_NAMES[f] for f in field.get("formats", ["jpeg"]))]
    if field["type"] == "photoset":
        parts.append(f"{field.get('min_count', 1)}–{field['max_count']} 张")
    elif field["type"] == "file":
        parts.append(f"最多 {max_count(field)} 个")
    width, height = min_pixels(field)
    if width and height:
        parts.append(f"至少 {width}×{height} 像素")
    elif width or height:
        parts.append(f"{'宽' if width else '高'}至少 {width or height} 像素")
    low, high = field.get("min_kb"), field.get("max_kb")
    if low:
        parts.append(f"每个 {low} KB–{high} KB")
    elif high:
        parts.append(f"每个不超过 {high} KB")
    return "，".join(parts)


def editor_row(field, value, *, error="", warning="", attachments=()):
    kind = field["type"]
    row = {
        "field": field,
        "key": field["key"],
        "name": PREFIX + field["key"],
        "id": "id_" + PREFIX + field["key"],
        "type": kind,
        "value": "" if value is None else value,
        "error": error,
        "warning": warning,
        "input_type": INPUT_TYPES.get(kind, "text"),
        "wide": kind in ("longtext", "multichoice", "photoset", "file"),
    }
    if kind in ("choice", "multichoice"):
        row["options"] = options_of(field)
        row["chosen"] = value if isinstance(value, list) else [value]
    if kind == "longtext":
        low, high, hard = longtext_bounds(field)
        row.update(low=low, high=high, hard=hard, target=field.get("target"), count=count_chars(str(value or "")))
    if kind in FILE_TYPES:
        row["upload_name"] = UPLOAD_PREFIX + field["key"]
        row["attachments"] = list(attachments)
        row["accept"] = ",".join(ACCEPT[f] for f in field.get("formats", ["jpeg"]))
        row["multiple"] = kind != "photo"
        row["rules"] = upload_rules(field)
        row["is_image"] = kind in ("photo", "photoset")
        row["max_count"] = max_count(field)
        row["min_count"] = field.get("min_count", 0) if kind == "photoset" else 0
        row["count"] = len(row["attachments"])
    return row


def editor_rows(category, data, *, errors=None, warnings=None, attachments=None):
    errors, warnings, attachments = errors or {}, warnings or {}, attachments or {}
    return [
        editor_row(
            f,
            data.get(f["key"]),
            error=errors.get(f["key"], ""),
            warning=warnings.get(f["key"], ""),
            attachments=attachments.get(f["key"], ()),
        )
        for f in category.form.get("fields", [])
    ]


def details_by_field(exc):
    """A ServiceError's messages per field (`details`), or its one message under its field."""
    if exc.details:
        return {d["field"]: d["message"] for d in exc.details if d.get("field")}
    return {exc.field: exc.message} if exc.field else {}


# Small forms ------------------------------------------------------------------------------------------


class CreateForm(forms.Form):
    category = forms.ChoiceField(label="奖项", widget=forms.RadioSelect(attrs=CHECK))
    unit = forms.ChoiceField(label="申报单位", widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, categories=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(str(c.pk), c.name) for c in categories]
        self.fields["unit"].choices = [(str(u.pk), "　" * u.indent + u.name) for u in units]
        if len(self.fields["category"].choices) == 1:
            self.fields["category"].initial = self.fields["category"].choices[0][0]
        self.fields["category"].error_messages["required"] = "请选择奖项。"
        self.fields["unit"].error_messages["required"] = "请选择申报单位。"


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结论",
        choices=Decision.choices,
        widget=forms.RadioSelect(attrs=CHECK),
        error_messages={"required": "请选择审核结论：同意、退回修改或不同意。", "invalid_choice": "审核结论无效。"},
    )
    opinion = forms.CharField(
        label="审核意见",
        required=False,
        widget=forms.Textarea(attrs={**AREA, "rows": 4, "maxlength": 2000}),
        help_text="退回修改时请写明需修改之处，经办人会看到这段意见。",
    )
    seal = forms.BooleanField(label="加盖本单位印章", required=False, initial=True, widget=forms.CheckboxInput(attrs=CHECK))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", required=False, widget=forms.Textarea(attrs={**AREA, "maxlength": 1000}))


class PreReviewForm(forms.Form):
    unit = forms.ChoiceField(label="报送单位", widget=forms.Select(attrs=SELECT))
    nominations = forms.MultipleChoiceField(label="预审名单", required=False, widget=forms.CheckboxSelectMultiple(attrs=CHECK))
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={**AREA, "maxlength": 2000}))

    def __init__(self, *args, units=(), nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(str(u.pk), u.name) for u in units]
        self.fields["nominations"].choices = [(str(n.pk), f"{n.category.name} · {n}") for n in nominations]


class CommentForm(forms.Form):
    comment = forms.CharField(label="预审意见", required=False, widget=forms.Textarea(attrs={**AREA, "maxlength": 2000}))


class OfficeFilterForm(forms.Form):
    category = forms.ChoiceField(
        label="奖项", required=False, widget=forms.Select(attrs={**SELECT, "class": "form-select form-select-sm"})
    )
    recommender = forms.ChoiceField(
        label="推荐单位", required=False, widget=forms.Select(attrs={**SELECT, "class": "form-select form-select-sm"})
    )
    status = forms.ChoiceField(
        label="状态", required=False, widget=forms.Select(attrs={**SELECT, "class": "form-select form-select-sm"})
    )
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": "名称或单位"}),
    )

    def __init__(self, *args, categories=(), recommenders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "全部奖项"), *[(str(c.pk), c.name) for c in categories]]
        self.fields["recommender"].choices = [("", "全部推荐单位"), *[(str(o.pk), o.name) for o in recommenders]]
        self.fields["status"].choices = [("", "全部状态"), ("active", "已提交（不含草稿）"), *Status.choices]
