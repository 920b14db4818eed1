"""Shapes of the voting API (public vote, receipts, organiser's tally and clusters, delegate ballots)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..jobs.serializers import JobSerializer
from ..serializers import AnswerSerializer, DateTimeValue, ObjectValue


class PhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(label="手机号码", max_length=20)
    captcha_token = serializers.CharField(label="图形验证码凭证（要求验证码时必填）", required=False, allow_blank=True)
    captcha_answer = serializers.CharField(label="图形验证码答案", required=False, allow_blank=True)


class CodeSentSerializer(serializers.Serializer):
    sent = serializers.BooleanField(label="已发送（验证码只在短信里，绝不在回答中）")
    resend_after = serializers.IntegerField(label="多少秒后可再次获取")


class VerifySerializer(serializers.Serializer):
    phone = serializers.CharField(label="手机号码", max_length=20)
    code = serializers.CharField(label="短信验证码", max_length=10)


class VoterTokenSerializer(serializers.Serializer):
    token = serializers.CharField(label="投票凭证（请求头 X-Voter-Token），12 小时内有效")
    phone = serializers.CharField(label="手机号码（隐去中间四位）")


class CaptchaSerializer(serializers.Serializer):
    token = serializers.CharField(label="验证码凭证（投票时作为 captcha_token 提交）")
    image = serializers.CharField(label="验证码图片（PNG data URI）：6 个字符，答案不区分大小写；每张只能作答一次")


class CastSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(label="候选对象 ID")
    captcha_token = serializers.CharField(label="验证码凭证（要求验证码时必填）", required=False, allow_blank=True)
    captcha_answer = serializers.CharField(label="验证码答案", required=False, allow_blank=True)


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(label="回执码")
    candidate = serializers.CharField(label="候选对象")
    category = serializers.CharField(label="奖项")
    cast_at = serializers.DateTimeField(label="投票时间")


class ProofStepSerializer(serializers.Serializer):
    side = serializers.ChoiceField(choices=["left", "right"], label="兄弟节点在左还是右")
    hash = serializers.CharField(label="兄弟节点哈希")


class InclusionProofSerializer(serializers.Serializer):
    version = serializers.IntegerField(label="计票公布版本")
    root = serializers.CharField(label="公布的 Merkle 根")
    receipt_hash = serializers.CharField(label="回执哈希（导出中的 receipt_hash）")
    leaf = serializers.CharField(label="叶子哈希")
    included = serializers.BooleanField(label="从叶子沿路径算出的根与公布的根一致")
    path = ProofStepSerializer(many=True, label="自叶子到根的路径")


class TallyCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="候选对象 ID（导出中的 candidate）")
    name = serializers.CharField(label="名称")


class TallyPublicationSerializer(serializers.Serializer):
    campaign = serializers.CharField(label="评选活动代码")
    category = serializers.IntegerField(label="奖项 ID")
    category_name = serializers.CharField(label="奖项名称")
    version = serializers.IntegerField(label="公布版本（重新公布时加一）")
    published_at = serializers.DateTimeField(label="公布时间")
    counts = serializers.DictField(child=serializers.IntegerField(), label="各候选对象的有效票数 {候选 ID: 票数}")
    candidates = TallyCandidateSerializer(many=True, label="候选对象")
    counted = serializers.IntegerField(label="计票总数")
    invalidated = serializers.IntegerField(label="作废票数")
    root = serializers.CharField(label="已计票集合的 Merkle 根（SHA-256）")
    reason = serializers.CharField(label="重新公布的理由", allow_blank=True)


class TallyPublishSerializer(serializers.Serializer):
    reason = serializers.CharField(label="理由（重新公布时必填）", required=False, allow_blank=True, max_length=2000)


class ReceiptLookupSerializer(serializers.Serializer):
    receipt = serializers.CharField(label="回执码")
    campaign = serializers.CharField(label="评选活动")
    category = serializers.CharField(label="奖项")
    candidate = serializers.CharField(label="候选对象")
    voter = serializers.CharField(label="投票号码（隐去中间四位）")
    cast_at = serializers.DateTimeField(label="投票时间")
    counted = serializers.BooleanField(label="是否计票")
    status = serializers.CharField(label="状态：已计票 / 已作废")
    reason = serializers.CharField(label="作废原因", allow_blank=True)
    invalidated_at = serializers.DateTimeField(label="作废时间", allow_null=True)
    reason_code = serializers.CharField(label="作废原因代码（公开导出中的 reason_code）", allow_blank=True)
    proof = InclusionProofSerializer(allow_null=True, label="计票公布后：这一票在已计票集合中的 Merkle 证明（公布前为 null）")


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="候选对象 ID")
    title = serializers.CharField(label="名称")
    unit = serializers.CharField(label="单位")
    intro = serializers.CharField(label="简介（节选）")
    photo = serializers.IntegerField(label="照片 ID（/vote/photo/<id>/）", allow_null=True)
    votes = serializers.IntegerField(label="当前票数（仅当活动公开实时票数）", required=False)


class BallotPageSerializer(serializers.Serializer):
    campaign = serializers.CharField(label="评选活动")
    category = serializers.DictField(label="奖项 {id, name}")
    closed = serializers.CharField(label="现在不能投票的原因（可投票时为空）", allow_null=True)
    rules = serializers.DictField(label="投票规则")
    rules_text = serializers.CharField(label="规则说明")
    candidates = CandidateSerializer(many=True, label="候选对象（每位投票人固定的随机顺序）")
    query = serializers.CharField(label="搜索词", allow_blank=True)


class VoteReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(label="原因", max_length=2000)


class ClusterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(label="类型")
    kind_label = serializers.CharField(source="get_kind_display", label="类型名称")
    title = serializers.CharField(label="说明")
    category = serializers.IntegerField(source="category_id", label="奖项 ID")
    nomination = serializers.IntegerField(source="nomination_id", label="涉及的候选对象 ID", allow_null=True)
    size = serializers.IntegerField(label="票数")
    state = serializers.CharField(label="状态：open 待处理 / invalidated 已作废 / dismissed 已排除")
    reason = serializers.CharField(label="处理理由", allow_blank=True)
    found_at = serializers.DateTimeField(label="发现时间")


class ClusterDetailSerializer(ClusterSerializer):
    evidence = serializers.JSONField(label="证据：图表数据与统计")
    rows = serializers.ListField(child=serializers.DictField(), label="涉及的投票（最多 500 行，号码隐去中间四位）")


class RulesSerializer(serializers.Serializer):
    enabled = serializers.BooleanField(required=False, label="开通网络投票")
    votes_per_day = serializers.IntegerField(required=False, label="每人每天每奖项票数")
    per_candidate_per_day = serializers.IntegerField(required=False, label="每人每天对同一对象票数")
    hours = serializers.CharField(required=False, label="投票时间 HH:MM-HH:MM")
    channel = serializers.CharField(required=False, allow_blank=True, label="投票渠道")
    live_counts = serializers.BooleanField(required=False, label="公开实时票数")
    ip_per_day = serializers.IntegerField(required=False, label="同一 IP 每天每奖项票数上限（0 不限）")
    device_per_day = serializers.IntegerField(required=False, label="同一设备每天每奖项票数上限（0 不限）")
    captcha_after = serializers.IntegerField(required=False, label="同一 IP 一小时内超过此票数后须答验证码")


class DelegateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(label="编号")
    name = serializers.CharField(label="姓名")
    group = serializers.CharField(label="代表团")
    voted = serializers.ListField(child=serializers.CharField(), label="已投票的奖项代码", required=False)


class DelegateBallotSerializer(serializers.Serializer):
    code = serializers.CharField(label="选票码")
    category = serializers.CharField(label="奖项代码")
    choices = serializers.ListField(child=serializers.IntegerField(), label="所选候选对象 ID", allow_empty=True)


class PaperEntrySerializer(serializers.Serializer):
    delegate = serializers.CharField(label="代表编号")
    category = serializers.CharField(label="奖项代码")
    choices = serializers.ListField(child=serializers.IntegerField(), label="选票上所选的候选对象 ID", allow_empty=True)


class CountCloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000, label="说明")


class CountClosureSerializer(serializers.Serializer):
    category = serializers.CharField(label="奖项代码")
    closed = serializers.BooleanField(label="已结束计票")
    closed_at = serializers.DateTimeField(allow_null=True, label="结束计票时间")
    closed_by = serializers.CharField(allow_null=True, label="操作人")
    note = serializers.CharField(allow_blank=True, label="说明")
    ballots = serializers.IntegerField(label="已计代表选票数")


# Answers of the organiser's voting actions (built from plain data through these shapes).


class PingSerializer(AnswerSerializer):
    ok = serializers.BooleanField(label="连通")


class HourlySeriesSerializer(AnswerSerializer):
    id = serializers.IntegerField(label="候选对象 ID")
    name = serializers.CharField(label="候选对象")
    data = serializers.ListField(child=serializers.IntegerField(), label="每小时得票（与 hours 对应）")


class HourlySerializer(AnswerSerializer):
    hours = serializers.ListField(child=serializers.CharField(), label="小时（MM-DD HH:00）")
    series = HourlySeriesSerializer(many=True, label="每个候选对象的每小时得票")


class VoteTallySerializer(AnswerSerializer):
    counts = ObjectValue(label="得票：{候选 ID: {public 网络票, delegate 代表票}}（作废的不计）")
    hourly = HourlySerializer(label="每小时每个候选的网络得票（图表数据）")


class CandidateWarnedSerializer(AnswerSerializer):
    id = serializers.IntegerField(label="候选对象 ID")
    warning = serializers.IntegerField(label="警告 ID")
    reason = serializers.CharField(label="原因")


class CandidateDisqualifiedSerializer(AnswerSerializer):
    id = serializers.IntegerField(label="候选对象 ID")
    status = serializers.CharField(label="状态代码")
    reason = serializers.CharField(label="原因")


class DelegatesImportedSerializer(AnswerSerializer):
    created = serializers.IntegerField(label="新增代表数")
    existing = serializers.IntegerField(label="已有代表数")


class BallotsImportedSerializer(AnswerSerializer):
    entered = serializers.IntegerField(label="录入的选票数")
    waiting = serializers.IntegerField(label="待第二人录入", required=False)
    mismatch = serializers.IntegerField(label="两次录入不一致", required=False)
    counted = serializers.IntegerField(label="一致，已计票", required=False)
    online = serializers.IntegerField(label="网上已投", required=False)


class PaperEntryStateSerializer(AnswerSerializer):
    state = serializers.CharField(label="状态：waiting 待第二人录入 / mismatch 不一致 / counted 已计票 / online 网上已投")
    state_label = serializers.CharField(label="状态名称")


class ReconciliationEntrySerializer(AnswerSerializer):
    clerk = serializers.CharField(label="录入人")
    choices = serializers.ListField(child=serializers.IntegerField(), label="所选候选对象 ID")


class ReconciliationRowSerializer(PaperEntryStateSerializer):
    delegate = serializers.CharField(label="代表编号")
    name = serializers.CharField(label="代表姓名")
    category = serializers.CharField(label="奖项")
    entries = ReconciliationEntrySerializer(many=True, label="各次录入")


class DelegateCastAnswerSerializer(AnswerSerializer):
    ballot = serializers.IntegerField(label="选票 ID")
    category = serializers.CharField(label="奖项代码")
    choices = serializers.ListField(child=serializers.IntegerField(), label="所选候选对象 ID")


@extend_schema_field(JobSerializer)
class JobValue(serializers.ReadOnlyField):
    """A background job already in its answer shape (JobSerializer)."""


class VoteLogSerializer(AnswerSerializer):
    id = serializers.IntegerField(label="记录 ID")
    name = serializers.CharField(label="文件名")
    uploaded_at = DateTimeValue(label="上传时间")
    job = JobValue(label="分析任务（无任务时为空）", allow_null=True)
    rows = serializers.IntegerField(label="记录行数")
    flagged = serializers.IntegerField(label="可疑行数")
    files = serializers.DictField(child=serializers.CharField(), label="结果文件：{文件名: 下载地址}")


class VoteLogDetailSerializer(VoteLogSerializer):
    summary = ObjectValue(label="分析摘要：可疑群组、异常流入")
