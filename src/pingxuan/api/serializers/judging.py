"""Shapes of the judging API (初审、候选名单、评审组、评分、现场评分)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .common import BulkIdsField

REVIEW_DECISIONS = [("pass", "通过"), ("fail", "不通过")]


class JudgingReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=REVIEW_DECISIONS, label="初审结论")
    reason = serializers.CharField(label="理由", required=False, allow_blank=True, default="")


class JudgingReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(label="理由", allow_blank=True)


class JudgingStageSerializer(serializers.Serializer):
    nominations = serializers.ListField(child=serializers.IntegerField(), label="拟定候选（申报 ID，按顺序）")


class JudgingPanelSerializer(serializers.Serializer):
    name = serializers.CharField(label="评审组名称", required=False, allow_blank=True, default="")
    judges = serializers.ListField(child=serializers.IntegerField(), label="评委（用户 ID）")


class JudgingAssignSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=[("all", "全体评委"), ("balanced", "均衡分配")], label="分配方式")
    k = serializers.IntegerField(label="每份申报评委人数", required=False, allow_null=True, default=None)


class JudgingSheetInputSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.CharField(allow_blank=True), label="各项得分（评分项代码 → 分数）")
    comment = serializers.CharField(label="评语", required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(label="提交并锁定", required=False, default=False)


class JudgingNormaliseSerializer(serializers.Serializer):
    on = serializers.BooleanField(label="按评委标准化")


class JudgingSessionSerializer(serializers.Serializer):
    title = serializers.CharField(label="名称", required=False, allow_blank=True, default="")
    order = serializers.ListField(child=serializers.IntegerField(), label="出场顺序（申报 ID）", required=False, default=list)


class JudgingPositionSerializer(serializers.Serializer):
    position = serializers.IntegerField(label="出场序号（空为暂停）", allow_null=True)


class JudgingReleaseSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(label="申报 ID")


class JudgingAbsentSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(label="申报 ID")
    judge = serializers.IntegerField(label="评委 ID")
    reason = serializers.CharField(label="缺席原因", allow_blank=True)


class JudgingReopenSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(label="申报 ID")
    reason = serializers.CharField(label="重新开放的原因", allow_blank=True)


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}], "description": "申报 ID；匿名评审时为本评审组内的化名"})
class ShownRefField(serializers.Field):
    """A nomination as a judge knows it: its id (integer), or in a blind category its per-panel alias (string)."""

    def to_representation(self, value):
        return value


class JudgingShownNominationSerializer(serializers.Serializer):
    id = ShownRefField()
    code = serializers.CharField(label="评审编号")
    title = serializers.CharField(label="推荐对象（匿名评审时为编号）")
    unit = serializers.CharField(label="申报单位（匿名评审时为空）", allow_null=True)
    recommender = serializers.CharField(label="推荐单位（匿名评审时为空）", allow_null=True)
    blind = serializers.BooleanField(label="匿名评审")
    fields = serializers.ListField(child=serializers.DictField(), required=False, label="申报材料")


class JudgingSheetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nomination = ShownRefField(source="nomination_id")
    judge = serializers.IntegerField(source="judge_id")
    kind = serializers.CharField()
    scores = serializers.DictField()
    comment = serializers.CharField()
    total = serializers.FloatField()
    submitted = serializers.BooleanField()
    source = serializers.CharField()


class JudgingAssignmentRowSerializer(serializers.Serializer):
    nomination = JudgingShownNominationSerializer()
    category = serializers.CharField()
    state = serializers.CharField(label="状态：todo 未评分、draft 草稿、submitted 已提交")
    total = serializers.FloatField(allow_null=True)


class JudgingScoreRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    nomination = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    judges = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    spread = serializers.FloatField(allow_null=True)
    trimmed = serializers.FloatField(allow_null=True)
    score = serializers.FloatField(allow_null=True, label="专家得分")
    criteria = serializers.DictField()


class JudgingBulkReviewSerializer(JudgingReviewSerializer):
    nominations = BulkIdsField()
