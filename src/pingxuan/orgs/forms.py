"""Forms of the organisation pages. They only shape input; the services check and save."""

from django import forms

from .models import OrgKind, Role

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class OrgForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200, widget=forms.TextInput(attrs=TEXT))
    short_name = forms.CharField(label="简称", max_length=200, required=False, widget=forms.TextInput(attrs=TEXT))
    code = forms.CharField(
        label="编码", max_length=200, required=False, help_text="留空则自动生成。", widget=forms.TextInput(attrs=TEXT)
    )
    kind = forms.ChoiceField(label="类型", choices=OrgKind.choices, widget=forms.Select(attrs=SELECT))
    sector = forms.CharField(label="行业", max_length=200, required=False, widget=forms.TextInput(attrs=TEXT))
    region = forms.CharField(label="地区", max_length=200, required=False, widget=forms.TextInput(attrs=TEXT))
    sort_order = forms.IntegerField(label="排序", initial=0, required=False, widget=forms.NumberInput(attrs=TEXT))
    is_active = forms.BooleanField(
        label="启用", required=False, initial=True, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def values(self):
        data = dict(self.cleaned_data)
        data["sort_order"] = data.get("sort_order") or 0
        return data


class MoveForm(forms.Form):
    parent = forms.ChoiceField(label="新的上级组织", widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [(o.pk, "　" * o.depth + o.name) for o in targets]


class SealForm(forms.Form):
    seal = forms.FileField(
        label="印章图片（PNG 或 JPG，不超过 2 MB）",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": "image/png,image/jpeg"}),
    )


class PersonForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=200, widget=forms.TextInput(attrs=TEXT))
    display_name = forms.CharField(label="姓名", max_length=60, required=False, widget=forms.TextInput(attrs=TEXT))
    phone = forms.CharField(label="手机号码", max_length=20, required=False, widget=forms.TextInput(attrs=TEXT))
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        error_messages={"invalid": "请输入有效的电子邮箱地址。"},
        widget=forms.EmailInput(attrs=TEXT),
    )
    password = forms.CharField(
        label="初始密码", strip=False, widget=forms.PasswordInput(attrs={**TEXT, "autocomplete": "new-password"})
    )
    role = forms.ChoiceField(
        label="角色", required=False, choices=[("", "（暂不任命）"), *Role.choices], widget=forms.Select(attrs=SELECT)
    )


class GrantForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, widget=forms.TextInput(attrs=TEXT))
    role = forms.ChoiceField(label="角色", choices=Role.choices, widget=forms.Select(attrs=SELECT))
    campaign = forms.ChoiceField(label="限于评选活动", required=False, widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label="职务", max_length=60, required=False, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", "（所有活动）"), *[(c.pk, c.name) for c in campaigns]]


class EndRoleForm(forms.Form):
    reason = forms.CharField(label="撤销理由", max_length=500, required=False, widget=forms.TextInput(attrs=TEXT))


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    background = forms.BooleanField(
        label="在后台运行（适合大文件）", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
