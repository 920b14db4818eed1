"""Forms of the campaign pages. They shape input only: the configuration validator judges the values."""

import re

from django import forms

from .models import CategoryKind

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
AREA = {"class": "form-control", "rows": 3}
CHECK = {"class": "form-check-input"}


def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PresetForm(forms.Form):
    preset = forms.ChoiceField(label="预设", widget=forms.Select(attrs=SELECT))
    code = forms.CharField(
        label="活动代码（可选）",
        max_length=60,
        required=False,
        help_text="留空则使用预设中的代码；同一预设再次载入时须另取代码。",
        widget=forms.TextInput(attrs=TEXT),
    )

    start = forms.DateField(
        label="第一阶段开始日期",
        required=False,
        help_text="预设的全部日期（各阶段、发文日期、申报表上的报送期限）随之平移；留空则保持预设原来的日期。",
        error_messages={"invalid": "第一阶段开始日期格式不对，应为 2026-04-09 这样的日期。"},
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
    )
    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs=TEXT),
        error_messages={
            "min_value": "年度应在 2000–2100 之间。",
            "max_value": "年度应在 2000–2100 之间。",
            "invalid": "年度应为四位数字。",
        },
    )
    name = forms.CharField(
        label="活动名称",
        max_length=200,
        required=False,
        help_text="留空则把预设名称中的年份换成新年度。",
        widget=forms.TextInput(attrs=TEXT),
    )
    doc_number = forms.CharField(
        label="文号", max_length=60, required=False, widget=forms.TextInput(attrs={**TEXT, "placeholder": "如 荆工办〔2026〕3号"})
    )
    organisers = forms.CharField(
        label="主办单位", max_length=300, required=False, help_text="多个用顿号或逗号分隔。", widget=forms.TextInput(attrs=TEXT)
    )

    def round(self):
        d = self.cleaned_data
        if not d.get("start"):
            return None
        organisers = [o.strip() for o in re.split(r"[、,，;；]", d.get("organisers") or "") if o.strip()]
        return {
            "start": d["start"],
            "year": d.get("year"),
            "name": d.get("name", "").strip(),
            "doc_number": d.get("doc_number", "").strip(),
            "organisers": organisers,
        }

    def __init__(self, *args, presets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [
            (p["code"], f"{p['name']}（{p['doc_number'] or p['code']}）") for p in presets if p.get("kind") == "campaign"
        ]


class NewCampaignForm(forms.Form):
    code = forms.CharField(
        label="活动代码", max_length=100, help_text="小写字母、数字和连字符，如 jm-2026", widget=forms.TextInput(attrs=TEXT)
    )
    name = forms.CharField(label="活动名称", max_length=300, widget=forms.TextInput(attrs=TEXT))
    year = forms.IntegerField(label="年度", widget=forms.NumberInput(attrs=TEXT))
    organisers = forms.CharField(label="主办单位（每行一个）", widget=forms.Textarea(attrs=AREA))
    owner = forms.ChoiceField(label="主办组织", widget=forms.Select(attrs=SELECT))
    nomination_start = forms.DateField(label="申报开始日期", widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    nomination_end = forms.DateField(label="申报截止日期", widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    category_name = forms.CharField(
        label="第一个奖项名称", max_length=200, initial="优质服务窗口", widget=forms.TextInput(attrs=TEXT)
    )
    category_kind = forms.ChoiceField(label="奖项类别", choices=CategoryKind.choices, widget=forms.Select(attrs=SELECT))
    category_awards = forms.IntegerField(label="表彰名额", initial=10, widget=forms.NumberInput(attrs=TEXT))

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(o.code, "　" * o.depth + o.name) for o in owners]

    def document(self):
        d = self.cleaned_data
        unit = {"window": "单位名称", "individual": "姓名", "brand": "品牌名称"}[d["category_kind"]]
        return {
            "code": d["code"].strip(),
            "name": d["name"],
            "year": d["year"],
            "organisers": lines(d["organisers"]),
            "owner": d["owner"],
            "phases": [{"kind": "nomination", "start": d["nomination_start"], "end": d["nomination_end"]}],
            "categories": [
                {
                    "code": "c1",
                    "kind": d["category_kind"],
                    "name": d["category_name"],
                    "awards": d["category_awards"],
                    "form": {
                        "title": f"{d['category_name']}推荐表",
                        "fields": [{"key": "name", "label": unit, "type": "text", "required": True, "max_length": 60}],
                    },
                }
            ],
        }


class BasicsForm(forms.Form):
    name = forms.CharField(label="活动名称", required=False, widget=forms.TextInput(attrs=TEXT))
    title = forms.CharField(label="通知标题", required=False, widget=forms.TextInput(attrs=TEXT))
    doc_number = forms.CharField(label="文号", required=False, widget=forms.TextInput(attrs=TEXT))
    year = forms.CharField(label="年度", required=False, widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}))
    organisers = forms.CharField(label="主办单位（每行一个）", required=False, widget=forms.Textarea(attrs=AREA))
    issuer = forms.CharField(label="发文机关", required=False, widget=forms.TextInput(attrs=TEXT))
    issued_on = forms.CharField(label="发文日期", required=False, widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    recipients = forms.CharField(label="主送单位", required=False, widget=forms.Textarea(attrs=AREA))
    purpose = forms.CharField(label="活动目的", required=False, widget=forms.Textarea(attrs={**AREA, "rows": 5}))
    contact = forms.CharField(label="联系方式", required=False, widget=forms.Textarea(attrs=AREA))
    notes = forms.CharField(label="其他说明", required=False, widget=forms.Textarea(attrs=AREA))

    @classmethod
    def initial_from(cls, cfg):
        data = {k: cfg.get(k, "") for k in cls.base_fields}
        data["organisers"] = "\n".join(cfg.get("organisers") or [])
        data["issued_on"] = cfg["issued_on"].isoformat() if cfg.get("issued_on") else ""
        return data

    def apply(self, cfg):
        """Write the edited values into a configuration document (empty optional values removed)."""
        for key in self.base_fields:
            value = self.cleaned_data.get(key, "")
            if key == "organisers":
                value = lines(value)
            if key == "year" and value.strip().isdigit():
                value = int(value)
            if value in ("", []) and key not in ("name", "year", "organisers"):
                cfg.pop(key, None)
            else:
                cfg[key] = value
        return cfg


class CategoryAddForm(forms.Form):
    code = forms.CharField(
        label="奖项代码", max_length=100, help_text="小写字母、数字、连字符", widget=forms.TextInput(attrs=TEXT)
    )
    name = forms.CharField(label="奖项名称", max_length=300, widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(label="类别", choices=CategoryKind.choices, widget=forms.Select(attrs=SELECT))
    awards = forms.IntegerField(label="表彰名额", widget=forms.NumberInput(attrs=TEXT))


class CategoryForm(forms.Form):
    name = forms.CharField(label="奖项名称", required=False, widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(label="类别", choices=CategoryKind.choices, widget=forms.Select(attrs=SELECT))
    awards = forms.CharField(label="表彰名额", required=False, widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}))
    linked_honours = forms.CharField(
        label="同时授予（每行一个）", required=False, widget=forms.Textarea(attrs={**AREA, "rows": 2})
    )
    scope = forms.CharField(label="评选范围", required=False, widget=forms.Textarea(attrs=AREA))
    criteria = forms.CharField(label="评选条件", required=False, widget=forms.Textarea(attrs={**AREA, "rows": 8}))
    candidates = forms.CharField(label="候选数", required=False, widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}))
    shortlist = forms.CharField(
        label="公示入围数", required=False, widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"})
    )
    by_unit_quota = forms.BooleanField(label="按单位名额遴选", required=False, widget=forms.CheckboxInput(attrs=CHECK))
    trim = forms.BooleanField(label="去掉一个最高分和一个最低分", required=False, widget=forms.CheckboxInput(attrs=CHECK))
    blind = forms.BooleanField(label="匿名评审（评委看不到单位名称）", required=False, widget=forms.CheckboxInput(attrs=CHECK))
    resubmit_from = forms.ChoiceField(
        label="退回修改后",
        choices=[("start", "从第一级重新审核"), ("same", "回到退回的那一级")],
        widget=forms.Select(attrs=SELECT),
    )


class FormMetaForm(forms.Form):
    title = forms.CharField(label="表名", required=False, widget=forms.TextInput(attrs=TEXT))
    number_label = forms.CharField(label="编号栏", required=False, widget=forms.TextInput(attrs=TEXT))
    filler_label = forms.CharField(label="填报单位栏", required=False, widget=forms.TextInput(attrs=TEXT))
    copies = forms.CharField(label="份数", required=False, widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}))
    notes = forms.CharField(label="填表说明", required=False, widget=forms.Textarea(attrs=AREA))


class YamlForm(forms.Form):
    text = forms.CharField(
        label="配置文档（YAML）",
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 30, "spellcheck": "false"}),
    )


class ExtensionForm(forms.Form):
    phase = forms.ChoiceField(label="阶段", widget=forms.Select(attrs=SELECT))
    organisation = forms.ChoiceField(label="单位", widget=forms.Select(attrs=SELECT))
    until = forms.DateField(
        label="延至",
        error_messages={"invalid": "请输入有效的日期，如 2019-07-15。"},
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
    )
    reason = forms.CharField(label="延期理由", required=False, widget=forms.Textarea(attrs=AREA))

    def __init__(self, *args, phases=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(p.pk, p.name) for p in phases]
        self.fields["organisation"].choices = [(o.pk, "　" * o.depth + o.name) for o in units]
