"""Shapes of the audit API (events, chain verification, anchors)."""

from rest_framework import serializers

from pingxuan.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    sealed = serializers.SerializerMethodField(label="已链入哈希链")

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "seq",
            "at",
            "actor",
            "actor_repr",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "campaign_id",
            "organisation_id",
            "before",
            "after",
            "reason",
            "ip",
            "user_agent",
            "prev_hash",
            "hash",
            "sealed",
        ]
        read_only_fields = fields

    def get_sealed(self, event) -> bool:
        return event.seq is not None


class BrokenEventSerializer(serializers.Serializer):
    seq = serializers.IntegerField(label="链中序号")
    id = serializers.IntegerField(label="事件 ID", allow_null=True)
    problem = serializers.CharField(label="问题")


class DataProblemSerializer(serializers.Serializer):
    table = serializers.CharField(label="数据表")
    table_label = serializers.CharField(label="数据表名称")
    row = serializers.IntegerField(label="行 ID")
    event_id = serializers.IntegerField(label="记录摘要的审计事件 ID")
    seq = serializers.IntegerField(label="该事件在链中的序号")
    action = serializers.CharField(label="该事件的操作")
    problem = serializers.CharField(label="问题")
    message = serializers.CharField(label="完整说明")


class AnchorCheckSerializer(serializers.Serializer):
    anchor = serializers.CharField(label="公布点 HASH@SEQ")
    ok = serializers.BooleanField(label="链仍经过该点")
    message = serializers.CharField(label="说明")


class VerifySerializer(serializers.Serializer):
    ok = serializers.BooleanField(label="哈希链完好")
    checked = serializers.IntegerField(label="已核对的事件数")
    pending = serializers.IntegerField(label="尚未链入的事件数")
    broken = BrokenEventSerializer(allow_null=True, label="第一个出问题的事件")
    data_ok = serializers.BooleanField(label="投票、评分表、审定决定、申报版本和证书的现有数据与链中摘要一致")
    data_problems = DataProblemSerializer(many=True, label="不一致之处（按链中顺序，最多 50 处）")
    anchors = AnchorCheckSerializer(many=True, label="所查公布点的核验结果")


class AnchorSerializer(serializers.Serializer):
    kind = serializers.CharField(label="类型：daily / voting_closed / decision / certificates / publicity")
    kind_label = serializers.CharField(source="get_kind_display", label="类型名称")
    campaign_id = serializers.IntegerField(allow_null=True, label="评选活动 ID")
    label = serializers.CharField(label="说明")
    seq = serializers.IntegerField(label="链中序号")
    hash = serializers.CharField(label="该序号事件的哈希")
    text = serializers.CharField(label="公布点（HASH@SEQ，供 verify_audit --anchor 使用）")
    sealed_at = serializers.DateTimeField(label="封存时间")
