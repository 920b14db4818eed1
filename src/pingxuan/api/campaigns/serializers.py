"""Campaigns, their phases, categories and quotas as the API shows them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pingxuan.campaigns import rules as campaign_rules
from pingxuan.campaigns.config import CATEGORY_KEYS
from pingxuan.campaigns.models import Campaign, Category, PhaseExtension, PhaseKind, Quota
from pingxuan.campaigns.schema import CAMPAIGN
from pingxuan.campaigns.validation import Bool, Date, Either, Int, List, Num, Obj, Spec, Str

from ..orgs.serializers import OrgRefSerializer
from ..serializers import AnswerSerializer


class PhaseStateSerializer(serializers.Serializer):
    """One phase of the timeline with its state on the day asked."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=PhaseKind.choices, label="阶段类型")
    kind_label = serializers.CharField(label="阶段类型名称")
    name = serializers.CharField(label="阶段名称")
    starts_on = serializers.DateField(label="开始日期")
    ends_on = serializers.DateField(label="结束日期")
    range = serializers.CharField(label="起止（中文）")
    state = serializers.ChoiceField(choices=[("done", "已结束"), ("current", "进行中"), ("upcoming", "未开始")], label="状态")
    note = serializers.CharField(label="说明", allow_blank=True)


def phase_state(item):
    phase = item["phase"]
    return {
        "id": phase.pk,
        "kind": phase.kind,
        "kind_label": PhaseKind(phase.kind).label,
        "name": phase.name,
        "starts_on": phase.starts_on,
        "ends_on": phase.ends_on,
        "range": item["range"],
        "state": item["state"],
        "note": phase.note,
    }


class CampaignSerializer(serializers.ModelSerializer):
    owner = OrgRefSerializer(read_only=True, label="主办组织")
    current_phase = serializers.SerializerMethodField(label="当前阶段")
    can_configure = serializers.SerializerMethodField(label="当前用户可否修改配置")

    class Meta:
        model = Campaign
        fields = [
            "id",
            "code",
            "name",
            "title",
            "doc_number",
            "year",
            "organisers",
            "owner",
            "preset",
            "is_archived",
            "current_phase",
            "can_configure",
        ]
        read_only_fields = fields

    def get_current_phase(self, campaign) -> PhaseStateSerializer(allow_null=True):
        from pingxuan.campaigns.services import timeline

        for item in timeline(campaign):
            if item["state"] == "current":
                return PhaseStateSerializer(phase_state(item)).data
        return None

    def get_can_configure(self, campaign) -> bool:
        return bool(campaign_rules.can_configure(self.context["request"].user, campaign))


class CategorySummarySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, label="类别名称")

    class Meta:
        model = Category
        fields = ["code", "kind", "kind_label", "name", "awards"]
        read_only_fields = fields


class CampaignDetailSerializer(CampaignSerializer):
    timeline = serializers.SerializerMethodField(label="时间线（各阶段及其状态）")
    categories = CategorySummarySerializer(many=True, read_only=True, label="奖项")

    class Meta(CampaignSerializer.Meta):
        fields = [
            *CampaignSerializer.Meta.fields,
            "issuer",
            "issued_on",
            "recipients",
            "purpose",
            "contact",
            "timeline",
            "categories",
        ]
        read_only_fields = fields

    def get_timeline(self, campaign) -> PhaseStateSerializer(many=True):
        from pingxuan.campaigns.services import timeline

        return [PhaseStateSerializer(phase_state(item)).data for item in timeline(campaign)]


class CategorySerializer(serializers.ModelSerializer):
    """A category with its whole configuration (form, eligibility, approval chain, rubric…)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True, label="类别名称")

    class Meta:
        model = Category
        # The configuration keys of `campaigns.config`, with the kind's label after the kind.
        fields = ["id", "code", "kind", "kind_label", *(k for k in CATEGORY_KEYS if k != "kind")]
        read_only_fields = fields


class QuotaSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True, label="奖项代码")
    category_name = serializers.CharField(source="category.name", read_only=True, label="奖项名称")
    organisation = OrgRefSerializer(read_only=True, label="推荐单位")
    nominate = serializers.CharField(source="nominate_label", read_only=True, label="推荐名额（如 18 或 1–2）")

    class Meta:
        model = Quota
        fields = [
            "id",
            "category",
            "category_name",
            "organisation",
            "nominate_min",
            "nominate_max",
            "nominate",
            "alternates",
            "awards",
        ]
        read_only_fields = fields


class ExtensionSerializer(serializers.ModelSerializer):
    organisation = OrgRefSerializer(read_only=True, label="单位")
    granted_by = serializers.CharField(source="granted_by.__str__", read_only=True, label="批准人")

    class Meta:
        model = PhaseExtension
        fields = ["id", "organisation", "until", "reason", "granted_by", "granted_at", "is_active"]
        read_only_fields = fields


class PhaseSerializer(PhaseStateSerializer):
    extensions = ExtensionSerializer(many=True, label="延期记录（当前用户可见的单位）")


class ExtensionRequestSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(label="单位 ID")
    until = serializers.DateField(label="延至", help_text="晚于阶段结束日期，如 2019-07-15")
    reason = serializers.CharField(label="延期理由", max_length=1000)


class CreateCampaignSerializer(serializers.Serializer):
    preset = serializers.CharField(label="预设名称", required=False, help_text="如 jingmen-2019；不给时请求体须是完整的配置文档")
    code = serializers.CharField(label="活动代码", required=False, help_text="从预设创建时可另取代码")
    start = serializers.DateField(label="第一阶段开始日期", required=False, help_text="给出时预设的全部日期随之平移")
    year = serializers.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    name = serializers.CharField(label="活动名称", required=False, max_length=200)
    doc_number = serializers.CharField(label="文号", required=False, max_length=60)
    organisers = serializers.ListField(label="主办单位", child=serializers.CharField(max_length=120), required=False)


class PresetSerializer(serializers.Serializer):
    code = serializers.CharField(label="预设名称")
    name = serializers.CharField(label="活动名称")
    kind = serializers.CharField(label="类型（campaign 或 programme）")
    doc_number = serializers.CharField(label="文号", allow_blank=True)
    year = serializers.IntegerField(label="年度", allow_null=True)


class PhaseCheckSerializer(serializers.Serializer):
    open = serializers.BooleanField(label="阶段是否开放")
    message = serializers.CharField(label="说明（中文）")


class QuotaImportResultSerializer(AnswerSerializer):
    units = serializers.IntegerField(label="名额表中的单位数")
    quotas = serializers.IntegerField(label="名额条目数")
    changed = serializers.BooleanField(label="名额分配表有变化")


def config_schema(spec, _inside=()):
    """The OpenAPI schema of a part of the configuration document, read from the spec that validates it
    (campaigns/schema.py), so the document's description follows the validator. Types only: a stored document is
    normalised, but empty values are left out of the export, so nothing is marked required. A spec nested in itself
    (an organisation's children) is an open object at the second level."""
    inside = (*_inside, id(spec))
    if isinstance(spec, Obj) and id(spec) in _inside:
        schema = {"type": "object"}
    elif isinstance(spec, Obj):
        schema = {"type": "object", "properties": {k: config_schema(item, inside) for k, item in spec.fields.items()}}
    elif isinstance(spec, List):
        schema = {"type": "array", "items": config_schema(spec.item, inside)}
    elif isinstance(spec, Either):
        schema = {"anyOf": [config_schema(item, inside) for item in spec.specs]}
    elif isinstance(spec, Bool):
        schema = {"type": "boolean"}
    elif isinstance(spec, Num):
        schema = {"type": "number"}
    elif isinstance(spec, Int):
        schema = {"type": "integer"}
    elif isinstance(spec, Date):
        schema = {"type": "string", "format": "date"}
    elif isinstance(spec, Str):
        schema = {"type": "string"}
    else:
        schema = {}
    if isinstance(spec, Spec) and spec.label != Spec.label:
        schema["description"] = str(spec.label)
    return schema


def _section(spec):
    field = type("ConfigSection", (serializers.ReadOnlyField,), {})
    schema = config_schema(spec)
    label = schema.pop("description", None)
    return extend_schema_field(schema)(field)(required=False, label=label)


CampaignConfigSerializer = type(
    "CampaignConfigSerializer",
    (AnswerSerializer,),
    {
        "__doc__": "The campaign's configuration document (the preset file format, docs/presets.md), section by section.",
        "__module__": __name__,
        **{key: _section(spec) for key, spec in CAMPAIGN.fields.items()},
    },
)


class PhaseNowSerializer(serializers.Serializer):
    op = serializers.ChoiceField(label="操作", choices=[("open", "立即开始"), ("close", "立即结束")])
    reason = serializers.CharField(label="理由", max_length=2000)


class PhaseNowResultSerializer(serializers.Serializer):
    kind = serializers.CharField(label="阶段类型")
    name = serializers.CharField(label="阶段名称")
    start = serializers.DateField(label="开始日期")
    end = serializers.DateField(label="结束日期")
