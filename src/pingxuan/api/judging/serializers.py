"""Shapes of the judging API (初审、候选名单、评审组、评分、现场评分)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..nominations.serializers import ChecklistItemSerializer
from ..serializers import AnswerSerializer, BulkIdsField, DateTimeValue, IntValue, NumberValue

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


# Answers of the office's judging actions and the on-site board (built from plain data through these shapes).


class JudgingNominationRowSerializer(AnswerSerializer):
    id = serializers.IntegerField(label="申报 ID")
    title = serializers.CharField(label="推荐对象")
    unit = serializers.CharField(label="申报单位")
    recommender = serializers.CharField(label="推荐单位")
    status = serializers.CharField(label="状态代码")


class JudgingReviewRowSerializer(JudgingNominationRowSerializer):
    checklist = ChecklistItemSerializer(many=True, label="资格条件核验")


class JudgingCandidatesSerializer(AnswerSerializer):
    target = IntValue(label="候选数（未规定时为空）", allow_null=True)
    staged = serializers.ListField(child=serializers.IntegerField(), label="拟定候选（申报 ID，按顺序）")
    applied_at = DateTimeValue(label="确定时间（未确定时为空）", allow_null=True)
    blocking = serializers.ListField(child=serializers.CharField(), label="须先处理的事项")
    warnings = serializers.ListField(child=serializers.CharField(), label="提醒")
    candidates = JudgingNominationRowSerializer(many=True, label="已确定的候选")


class JudgingChangedSerializer(AnswerSerializer):
    changed = serializers.ListField(child=serializers.IntegerField(), label="成为候选的申报 ID")


class JudgingPersonSerializer(AnswerSerializer):
    id = serializers.IntegerField(label="用户 ID")
    name = serializers.CharField(label="姓名")


class JudgingPanelAnswerSerializer(AnswerSerializer):
    name = serializers.CharField(label="评审组名称")
    judges = serializers.ListField(child=serializers.IntegerField(), label="评委（用户 ID）")
    normalise = serializers.BooleanField(label="按评委标准化")
    eligible = JudgingPersonSerializer(many=True, label="可选的评委")


class JudgingCreatedSerializer(AnswerSerializer):
    created = serializers.IntegerField(label="新分配数")


class JudgingLeniencySerializer(AnswerSerializer):
    sheets = serializers.IntegerField(label="已计入的评分表数")
    mean = NumberValue(label="平均总分", allow_null=True)
    deviation = NumberValue(label="与他人平均的偏差", allow_null=True)


class JudgingProgressSerializer(AnswerSerializer):
    judge = serializers.IntegerField(label="评委 ID")
    name = serializers.CharField(label="评委")
    assigned = serializers.IntegerField(label="分配数")
    submitted = serializers.IntegerField(label="已提交")
    drafts = serializers.IntegerField(label="草稿")
    percent = NumberValue(label="完成百分比")
    leniency = JudgingLeniencySerializer(label="宽严（尚无已计入的评分时为空）", allow_null=True)


class JudgingNormalisePreviewSerializer(AnswerSerializer):
    nomination = serializers.IntegerField(label="申报 ID")
    score = NumberValue(label="专家得分", allow_null=True)
    normalised = NumberValue(label="标准化后的专家得分", allow_null=True)
    rank = serializers.IntegerField(label="名次")
    normalised_rank = serializers.IntegerField(label="标准化后的名次")
    moved = serializers.IntegerField(label="名次变化（正数为上升）")


class JudgingNormaliseStateSerializer(AnswerSerializer):
    normalise = serializers.BooleanField(label="按评委标准化")


class JudgingScoresImportSerializer(AnswerSerializer):
    created = serializers.IntegerField(label="导入的评分表数")
    sheets = serializers.IntegerField(label="评分表数")


@extend_schema_field(JudgingSheetSerializer)
class JudgingSheetValue(serializers.ReadOnlyField):
    """A score sheet already in its answer shape (as the judge knows it: see judging_scoring._sheet)."""


class JudgingSheetPageSerializer(AnswerSerializer):
    nomination = JudgingShownNominationSerializer(label="评审对象")
    rubric = serializers.ListField(child=serializers.DictField(), label="评分细则")
    sheet = JudgingSheetValue(label="我的评分表（尚未评分时为空）", allow_null=True)


class JudgingConflictSerializer(AnswerSerializer):
    moved_to = IntValue(label="接手的评委 ID（无人可接手时为空）", allow_null=True)


class JudgingBoardJudgeSerializer(AnswerSerializer):
    id = serializers.IntegerField(label="评委 ID")
    scored = serializers.BooleanField(label="已打分")
    excused = serializers.BooleanField(label="回避")
    absent = serializers.CharField(label="缺席原因（未缺席时为空）")


class JudgingPresentationSerializer(AnswerSerializer):
    position = serializers.IntegerField(label="出场序号")
    nomination = JudgingShownNominationSerializer(label="汇报对象")
    current = serializers.BooleanField(label="正在汇报")
    scored = serializers.IntegerField(label="已计入的评分数")
    expected = serializers.IntegerField(label="应有的评分数")
    released = serializers.BooleanField(label="得分已公布")
    revised = serializers.BooleanField(label="公布后已修正")
    score = NumberValue(label="现场得分（公布前为空）", allow_null=True)
    judges = JudgingBoardJudgeSerializer(many=True, label="评委")


class JudgingSessionAnswerSerializer(AnswerSerializer):
    id = serializers.IntegerField(label="展示会 ID")
    title = serializers.CharField(label="名称")
    category = serializers.CharField(label="奖项代码")
    current = IntValue(label="当前出场序号（暂停时为空）", allow_null=True)
    presentations = JudgingPresentationSerializer(many=True, label="汇报")
