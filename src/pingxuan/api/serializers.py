"""Shapes shared by every area: the error answer, and the base of the answers built from plain data."""

from collections.abc import Mapping

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class AnswerSerializer(serializers.Serializer):
    """The shape of an answer a view builds from plain data (dicts and lists): every field is read-only, and a key the
    shape declares but the data lacks is an error, not a silent omission, so the answer and the OpenAPI document cannot
    drift apart. Build the answer with `Shape(data).data`."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            # A key declared `required=False` may be absent: it stays out of `readOnly` (which the document lists as
            # required) so that the document says it is optional.
            optional = field._kwargs.get("required") is False
            field.read_only = not optional
            field.required = not optional
        return fields

    def to_representation(self, instance):
        # DRF would answer null for a nullable key the data lacks: here every declared key must be there.
        if isinstance(instance, Mapping):
            missing = [f.field_name for f in self._readable_fields if f.required and f.source.split(".")[0] not in instance]
            if missing:
                raise KeyError(f"{type(self).__name__}: the data lacks {', '.join(missing)}")
        return super().to_representation(instance)


# Values passed on exactly as the view computed them (no conversion), with their type in the OpenAPI document: the JSON
# renderer writes them as before (numbers keep their form, times keep the renderer's format).


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberValue(serializers.ReadOnlyField):
    pass


@extend_schema_field(OpenApiTypes.INT)
class IntValue(serializers.ReadOnlyField):
    pass


@extend_schema_field(OpenApiTypes.STR)
class TextValue(serializers.ReadOnlyField):
    pass


@extend_schema_field(OpenApiTypes.BOOL)
class BoolValue(serializers.ReadOnlyField):
    pass


@extend_schema_field(OpenApiTypes.DATETIME)
class DateTimeValue(serializers.ReadOnlyField):
    pass


@extend_schema_field(OpenApiTypes.DATE)
class DateValue(serializers.ReadOnlyField):
    pass


@extend_schema_field(OpenApiTypes.OBJECT)
class ObjectValue(serializers.ReadOnlyField):
    """A mapping whose keys are data (ids, codes), passed on as it is."""


@extend_schema_field(OpenApiTypes.ANY)
class AnyValue(serializers.ReadOnlyField):
    """A value of several possible types (as recorded), passed on as it is."""


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(label="字段", allow_null=True, required=False)
    path = serializers.CharField(label="配置中的位置", required=False)
    row = serializers.IntegerField(label="行号", required=False, allow_null=True)
    column = serializers.CharField(label="列", required=False, allow_null=True)
    message = serializers.CharField(label="说明")


class ErrorSerializer(serializers.Serializer):
    """Every refusal: `detail` is the Chinese message to show as it is."""

    detail = serializers.CharField(label="说明（中文，可直接展示）")
    code = serializers.CharField(label="错误代码", required=False)
    field = serializers.CharField(label="出错的字段", required=False)
    errors = FieldErrorSerializer(many=True, required=False, label="逐项错误")


class BulkIdsField(serializers.ListField):
    """The ids of the selected nominations (each is acted on separately)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.IntegerField(min_value=1))
        kwargs.setdefault("allow_empty", False)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("label", "所选申报编号")
        kwargs.setdefault("error_messages", {"empty": "请至少选择一份申报。", "max_length": "一次最多处理 500 份申报。"})
        super().__init__(**kwargs)


class BulkRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="申报编号")
    title = serializers.CharField(label="申报名称（未找到时为空）")
    ok = serializers.BooleanField(label="是否已执行")
    status = serializers.CharField(label="执行后的状态代码（未找到时为空）")
    status_label = serializers.CharField(label="状态")
    message = serializers.CharField(label="未执行的原因（已执行时为空）")


class BulkResultSerializer(serializers.Serializer):
    done = serializers.IntegerField(label="已执行份数")
    failed = serializers.IntegerField(label="未执行份数")
    results = BulkRowSerializer(many=True, label="逐份结果，顺序同所选编号")


def bulk_answer(rows):
    done = sum(1 for r in rows if r["ok"])
    return BulkResultSerializer({"done": done, "failed": len(rows) - done, "results": rows}).data
