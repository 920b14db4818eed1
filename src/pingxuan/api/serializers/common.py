"""Shapes shared by every area: the error answer."""

from rest_framework import serializers


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
