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
    return {"done": done, "failed": len(rows) - done, "results": rows}
