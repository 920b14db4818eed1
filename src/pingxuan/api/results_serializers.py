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
