from django import forms

TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="操作人", required=False, widget=forms.TextInput(attrs={**TEXT, "placeholder": "用户名"}))
    action = forms.ChoiceField(label="操作", required=False, widget=forms.Select(attrs=SELECT))
    object_type = forms.ChoiceField(label="对象类型", required=False, widget=forms.Select(attrs=SELECT))
    object = forms.CharField(label="对象", required=False, widget=forms.TextInput(attrs={**TEXT, "placeholder": "名称或编号"}))
    campaign = forms.ChoiceField(label="评选活动", required=False, widget=forms.Select(attrs=SELECT))
    date_from = forms.DateField(
        label="起始日期",
        required=False,
        error_messages={"invalid": "起始日期格式不对，应为 2019-07-09 这样的日期。"},
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
    )
    date_to = forms.DateField(
        label="截止日期",
        required=False,
        error_messages={"invalid": "截止日期格式不对，应为 2019-07-09 这样的日期。"},
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
    )

    def __init__(self, *args, actions=(), object_types=(), campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        from .words import OBJECT_TYPES, action_words

        self.fields["action"].choices = [("", "全部"), *sorted(((a, action_words(a)) for a in actions), key=lambda c: c[1])]
        self.fields["object_type"].choices = [("", "全部"), *[(t, OBJECT_TYPES.get(t, t)) for t in object_types]]
        self.fields["campaign"].choices = [("", "全部"), *[(c.pk, c.name) for c in campaigns]]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data
