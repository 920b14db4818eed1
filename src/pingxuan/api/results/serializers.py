"""Request bodies and answers of the results API."""

from rest_framework import serializers

from pingxuan.results.models import Stage

from ..serializers import (
    AnswerSerializer,
    BoolValue,
    DateTimeValue,
    IntValue,
    NumberValue,
    ObjectValue,
    TextValue,
)


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


class AmendmentProposalSerializer(serializers.Serializer):
    scoring = serializers.DictField(required=False, label="新的计分方案（components、tie_break、round_before_ranking）")
    voting = serializers.DictField(required=False, label="投票规则的修改（public / delegate 下的冻结项）")
    trim = serializers.DictField(child=serializers.BooleanField(), required=False, label="各奖项是否去掉最高最低分")

    def proposal(self):
        return {k: v for k, v in self.validated_data.items() if k in ("scoring", "voting", "trim")}


class AmendmentConfirmSerializer(AmendmentProposalSerializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True, label="修订理由（必填）")
    token = serializers.CharField(max_length=64, allow_blank=True, label="预览返回的 token")


class AmendmentPreviewRowSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    title = serializers.CharField()
    total = serializers.FloatField(label="现行办法总分")
    rank = serializers.IntegerField(label="现行办法名次")
    new_total = serializers.FloatField(label="修订后总分")
    new_rank = serializers.IntegerField(label="修订后名次")
    moved = serializers.IntegerField(label="名次变化（正数为上升）")


class AmendmentPreviewCategorySerializer(serializers.Serializer):
    category = serializers.CharField()
    name = serializers.CharField()
    rows = AmendmentPreviewRowSerializer(many=True)


class AmendmentPreviewSerializer(serializers.Serializer):
    frozen = serializers.CharField(allow_blank=True, label="冻结原因（空为尚未冻结）")
    changes = serializers.ListField(child=serializers.CharField(), label="修订内容")
    token = serializers.CharField(label="确认时须提交的 token")
    categories = AmendmentPreviewCategorySerializer(many=True)


class AmendmentSerializer(serializers.Serializer):
    number = serializers.IntegerField(label="序号")
    date = serializers.DateField(label="修订日期")
    changes = serializers.ListField(child=serializers.CharField(), label="修订内容")
    reason = serializers.CharField(label="理由")
    text = serializers.CharField(label="公布文字")


class PublicRulesSerializer(serializers.Serializer):
    campaign = serializers.CharField()
    name = serializers.CharField()
    components = serializers.ListField(child=serializers.DictField(), label="计分项")
    tie_break = serializers.ListField(child=serializers.DictField(), label="同分比较顺序")
    round_before_ranking = serializers.IntegerField(allow_null=True, label="排名前保留小数位数（空为按精确值）")
    rounding = serializers.CharField(label="取舍说明")
    voting = serializers.DictField(label="投票规则（冻结项）")
    trim = serializers.ListField(child=serializers.DictField(), label="各奖项去分规则")
    frozen = serializers.CharField(allow_blank=True, label="冻结原因（空为尚未冻结）")
    amendments = AmendmentSerializer(many=True)


# Answers (built from the results services' plain data through these shapes).


class ResultRowSerializer(AnswerSerializer):
    nomination = serializers.IntegerField(label="申报 ID")
    title = serializers.CharField(label="推荐对象")
    unit = serializers.CharField(label="申报单位")
    recommender = serializers.CharField(label="推荐单位")
    unit_rank = IntValue(label="单位推荐排序", allow_null=True)
    status = serializers.CharField(label="状态代码")
    rank = serializers.IntegerField(label="名次")
    total = NumberValue(label="总分（不计分的活动为空）", allow_null=True)
    raw = ObjectValue(label="各计分项原始值（计分项 → 值）")
    points = ObjectValue(label="各计分项分值（计分项 → 分值）")
    weighted = ObjectValue(label="各计分项加权得分（计分项 → 得分）")
    total_exact = TextValue(label="总分精确值", allow_null=True)
    decided_by = TextValue(label="同分时的决定项（无同分时为空）", allow_null=True)
    decided_by_label = TextValue(label="决定项名称", allow_null=True)
    shortlisted = BoolValue(label="入围", allow_null=True)
    selected = BoolValue(label="拟表彰", allow_null=True)
    tier = TextValue(label="等次", allow_null=True)
    departure = TextValue(label="偏离排名", allow_null=True)
    reason = TextValue(label="理由", allow_null=True)


class ResultCategoryRankingSerializer(AnswerSerializer):
    category = serializers.CharField(label="奖项代码")
    name = serializers.CharField(label="奖项")
    awards = IntValue(label="表彰名额", allow_null=True)
    rows = ResultRowSerializer(many=True, label="排名")


class ResultDecisionEntrySerializer(AnswerSerializer):
    category = serializers.CharField(label="奖项代码")
    nomination = serializers.IntegerField(label="申报 ID")
    title = serializers.CharField(label="推荐对象")
    included = serializers.BooleanField(label="列入表彰")
    position = IntValue(label="名单中的位置", allow_null=True)
    rank = serializers.IntegerField(label="名次")
    total = NumberValue(label="总分")
    tier = serializers.CharField(label="等次")
    departure = serializers.CharField(label="偏离排名")
    reason = serializers.CharField(label="理由")


class ResultDecisionSerializer(AnswerSerializer):
    id = serializers.IntegerField(label="决定 ID")
    decided_by = serializers.CharField(label="审定人")
    decided_at = DateTimeValue(label="审定时间")
    minutes = serializers.CharField(label="会议纪要")
    entries = ResultDecisionEntrySerializer(many=True, label="名单")


class ResultDecisionAnswerSerializer(AnswerSerializer):
    decision = ResultDecisionSerializer(label="决定（未审定时为空）", allow_null=True)


class ResultsOverviewSerializer(AnswerSerializer):
    campaign = serializers.CharField(label="活动代码")
    components = serializers.ListField(child=serializers.DictField(), label="计分项")
    decision = ResultDecisionSerializer(label="领导小组的决定（未审定时为空）", allow_null=True)
    categories = ResultCategoryRankingSerializer(many=True, label="各奖项的排名")


class ResultListRefSerializer(AnswerSerializer):
    id = serializers.IntegerField(label="名单 ID")
    stage = serializers.CharField(label="阶段")
    status = serializers.CharField(label="状态")
    created_at = DateTimeValue(label="拟定时间")


class ResultCategorySerializer(AnswerSerializer):
    category = serializers.CharField(label="奖项代码")
    components = serializers.ListField(child=serializers.DictField(), label="计分项")
    summary = ObjectValue(label="遴选摘要（已审定时为空）", allow_null=True)
    rows = ResultRowSerializer(many=True, label="排名")
    lists = ResultListRefSerializer(many=True, label="名单记录（新的在前）")


class ResultChecklistItemSerializer(AnswerSerializer):
    key = serializers.CharField(label="事项代码")
    label = serializers.CharField(label="事项")
    blocking = serializers.BooleanField(label="须先处理")
    count = serializers.IntegerField(label="件数")
    detail = serializers.ListField(child=serializers.CharField(), label="明细")
    reason = serializers.CharField(label="说明")


class ResultListEntrySerializer(AnswerSerializer):
    nomination = serializers.IntegerField(label="申报 ID")
    included = serializers.BooleanField(label="列入")
    position = IntValue(label="名单中的位置", allow_null=True)
    rank = serializers.IntegerField(label="名次")
    total = NumberValue(label="总分")
    tier = serializers.CharField(label="等次")
    departure = serializers.CharField(label="偏离排名")
    reason = serializers.CharField(label="理由")


class ResultListSerializer(AnswerSerializer):
    id = serializers.IntegerField(label="名单 ID")
    category = serializers.CharField(label="奖项代码")
    stage = serializers.CharField(label="阶段")
    status = serializers.CharField(label="状态")
    created_by = serializers.CharField(label="拟定人")
    created_at = DateTimeValue(label="拟定时间")
    applied_at = DateTimeValue(label="生效时间（未生效时为空）", allow_null=True)
    entries = ResultListEntrySerializer(many=True, label="名单")
    checklist = ResultChecklistItemSerializer(many=True, label="核对清单（草稿才有）")


class ResultTiedSerializer(AnswerSerializer):
    nomination = serializers.IntegerField(label="申报 ID")
    title = serializers.CharField(label="推荐对象")
    rank = serializers.IntegerField(label="名次")


class ResultTieBreakSerializer(AnswerSerializer):
    key = serializers.CharField(label="决定项代码")
    label = serializers.CharField(label="决定项")


class ResultExplainSerializer(AnswerSerializer):
    row = ResultRowSerializer(label="排名行")
    components = serializers.ListField(child=serializers.DictField(), label="各计分项的计算")
    sum_formula = serializers.CharField(label="总分算式")
    rank = serializers.IntegerField(label="名次")
    count = serializers.IntegerField(label="参与排名的对象数")
    tied = ResultTiedSerializer(many=True, label="同分的对象")
    tie_break = ResultTieBreakSerializer(many=True, label="同分决定项（按顺序）")
    decided_by = TextValue(label="同分时的决定项（无同分时为空）", allow_null=True)
    decided_by_label = serializers.CharField(label="决定项名称")
    selected = serializers.BooleanField(label="拟表彰")
    tier = serializers.CharField(label="等次")
    total_exact = TextValue(label="总分精确值", allow_null=True)
    rounding = serializers.CharField(label="取舍说明")
    amendments = serializers.ListField(child=serializers.CharField(), label="计分办法的修订")
