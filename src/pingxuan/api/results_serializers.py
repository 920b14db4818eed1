"""Request bodies of the results API."""

from rest_framework import serializers

from pingxuan.results.models import Stage


class ResultStageSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, label="名单阶段")
    nomination_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, allow_null=True, default=None, label="列入的申报 ID（不填则按排名）"
    )
    reasons = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=2000), required=False, default=dict,
        label="偏离排名的理由（申报 ID → 理由）",
    )  # fmt: skip


class ResultDecideSerializer(serializers.Serializer):
    minutes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000, label="会议纪要")
    reasons = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=2000), required=False, default=dict,
        label="偏离排名的理由（申报 ID → 理由）",
    )  # fmt: skip
