"""Shapes of the standing programme's API (十堰, SPEC §10)."""

from rest_framework import serializers

from pingxuan.stars.models import (
    Commitment,
    CommitmentReview,
    Complaint,
    DutyMember,
    LeaderScore,
    Notice,
    Programme,
    Rating,
    StarLevel,
    StarRun,
    WeeklySummary,
)

from ..nominations.serializers import NominationSerializer
from ..orgs.serializers import OrgRefSerializer
from ..serializers import AnswerSerializer


class ProgrammeSerializer(serializers.ModelSerializer):
    owner = OrgRefSerializer(read_only=True)
    periods = serializers.SerializerMethodField(label="评定周期")

    class Meta:
        model = Programme
        fields = ["id", "code", "name", "owner", "preset", "periods", "created_at"]

    def get_periods(self, obj) -> list[dict]:
        return [{"code": p["code"], "name": p["name"], "start": p["start"], "end": p["end"]} for p in obj.config["periods"]]


class MemberSerializer(serializers.ModelSerializer):
    window = OrgRefSerializer(read_only=True)
    party_org = OrgRefSerializer(read_only=True)

    class Meta:
        model = DutyMember
        fields = ["id", "name", "window", "party_org", "post", "duties", "is_party_member", "active", "created_at"]


class MemberInputSerializer(serializers.Serializer):
    window = serializers.IntegerField(label="窗口（组织 id）")
    name = serializers.CharField(label="姓名", max_length=30)
    post = serializers.CharField(label="岗位", max_length=60)
    duties = serializers.CharField(label="岗位职责", required=False, allow_blank=True, default="")
    party_org = serializers.IntegerField(label="所在党组织（组织 id）", required=False, allow_null=True, default=None)
    is_party_member = serializers.BooleanField(label="中共党员", required=False, default=True)


class MemberUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(label="姓名", max_length=30, required=False)
    post = serializers.CharField(label="岗位", max_length=60, required=False)
    duties = serializers.CharField(label="岗位职责", required=False, allow_blank=True)
    is_party_member = serializers.BooleanField(label="中共党员", required=False)
    active = serializers.BooleanField(label="在岗", required=False)


class ReviewSerializer(serializers.ModelSerializer):
    evidence_url = serializers.SerializerMethodField(label="证明材料下载地址")

    class Meta:
        model = CommitmentReview
        fields = ["period", "fulfilled", "evidence", "evidence_name", "evidence_url", "reviewed_at"]

    def get_evidence_url(self, obj) -> str | None:
        from django.urls import reverse

        return reverse("stars-evidence", args=[obj.pk]) if obj.evidence_file else None


class CommitmentSerializer(serializers.ModelSerializer):
    organisation = OrgRefSerializer(read_only=True)
    member = serializers.PrimaryKeyRelatedField(read_only=True, label="在岗人员 id")
    reviews = ReviewSerializer(many=True, read_only=True)
    superseded_by = serializers.SerializerMethodField(label="被哪条承诺取代")

    class Meta:
        model = Commitment
        fields = [
            "id",
            "subject_kind",
            "organisation",
            "member",
            "kind",
            "text",
            "period",
            "is_active",
            "supersedes",
            "superseded_by",
            "reviews",
            "created_at",
        ]

    def get_superseded_by(self, obj) -> int | None:
        new = getattr(obj, "superseded_by", None)
        return new.pk if new else None


class CommitmentInputSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(label="窗口或党组织（组织 id）", required=False)
    member = serializers.IntegerField(label="在岗人员 id", required=False)
    kind = serializers.CharField(label="承诺类别")
    text = serializers.CharField(label="承诺内容")
    period = serializers.CharField(label="周期代码")


class ReviewInputSerializer(serializers.Serializer):
    period = serializers.CharField(label="周期代码")
    fulfilled = serializers.BooleanField(label="已践诺")
    evidence = serializers.CharField(label="践诺证明", required=False, allow_blank=True, default="")
    evidence_file = serializers.FileField(
        label="证明材料（JPG、PNG 或 PDF，≤10 MB；以 multipart/form-data 提交）", required=False, allow_null=True, default=None
    )


class RecommitInputSerializer(serializers.Serializer):
    period = serializers.CharField(label="周期代码")
    text = serializers.CharField(label="新的承诺内容")
    kind = serializers.CharField(label="承诺类别（默认同原承诺）", required=False)


class CountSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    name = serializers.CharField()
    total = serializers.IntegerField(label="本周期作出")
    active = serializers.IntegerField(label="有效承诺")
    new = serializers.IntegerField(label="本周期再承诺（新增）")
    reviewed = serializers.IntegerField(label="回头看条数")
    fulfilled = serializers.IntegerField(label="已践诺")


class LeaderScoreInputSerializer(serializers.Serializer):
    period = serializers.CharField(label="周期代码")
    organisation = serializers.IntegerField(label="窗口或党组织（组织 id）", required=False)
    member = serializers.IntegerField(label="在岗人员 id", required=False)
    score = serializers.FloatField(label="得分")
    comment = serializers.CharField(label="点评", required=False, allow_blank=True, default="")


class LeaderScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeaderScore
        fields = ["id", "period", "subject_kind", "subject_key", "score", "comment", "scored_at"]


class RunSerializer(serializers.ModelSerializer):
    rows = serializers.SerializerMethodField(label="行数")

    def get_rows(self, obj) -> int:
        return sum(obj.counts.values()) if obj.counts else obj.levels.count()

    class Meta:
        model = StarRun
        fields = ["id", "period", "computed_at", "seconds", "is_published", "published_at", "rows"]


class LevelSerializer(serializers.ModelSerializer):
    rank = serializers.IntegerField(read_only=True, label="名次")
    organisation = serializers.CharField(source="organisation.name", read_only=True, label="窗口或党组织")

    class Meta:
        model = StarLevel
        fields = [
            "rank",
            "subject_kind",
            "name",
            "organisation",
            "member",
            "commitment",
            "public",
            "leader",
            "satisfaction",
            "ratings",
            "score",
            "level",
        ]


class BoardSerializer(serializers.Serializer):
    run = RunSerializer(allow_null=True)
    total = serializers.IntegerField()
    results = LevelSerializer(many=True)


class PeriodInputSerializer(serializers.Serializer):
    period = serializers.CharField(label="周期代码")


class StarsPhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(label="手机号码")


class StarsVerifySerializer(serializers.Serializer):
    phone = serializers.CharField(label="手机号码")
    code = serializers.CharField(label="短信验证码")


class StarsTokenSerializer(serializers.Serializer):
    token = serializers.CharField(label="手机验证凭据（30 分钟有效）")


class RateInputSerializer(serializers.Serializer):
    token = serializers.CharField(label="手机验证凭据")
    option = serializers.CharField(label="评议选项代码（satisfied / basic / unsatisfied）")
    comment = serializers.CharField(label="意见", required=False, allow_blank=True, default="")


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "window", "phone_masked", "day", "option", "comment", "flags", "is_valid", "invalid_reason", "created_at"]


class FlagGroupSerializer(serializers.Serializer):
    flag = serializers.CharField()
    label = serializers.CharField()
    window = serializers.CharField(allow_null=True)
    ip = serializers.CharField(allow_null=True)
    day = serializers.DateField()
    count = serializers.IntegerField()
    ratings = serializers.ListField(child=serializers.IntegerField())


class InvalidateSerializer(serializers.Serializer):
    ratings = serializers.ListField(child=serializers.IntegerField(), label="评议 id")
    reason = serializers.CharField(label="作废原因")


class ComplaintSerializer(serializers.ModelSerializer):
    window = OrgRefSerializer(read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "kind",
            "window",
            "member",
            "hotline",
            "issue",
            "summary",
            "complainant",
            "received_at",
            "acknowledge_by",
            "respond_by",
            "responded_at",
            "response",
            "is_valid",
            "verify_note",
            "notice",
        ]


class ComplaintInputSerializer(serializers.Serializer):
    window = serializers.IntegerField(label="窗口（组织 id）")
    kind = serializers.ChoiceField(choices=["complaint", "hotline"], default="complaint", label="类别")
    member = serializers.IntegerField(label="在岗人员 id", required=False, allow_null=True, default=None)
    hotline = serializers.CharField(label="电话类别", required=False, allow_blank=True, default="")
    issue = serializers.CharField(label="情形", required=False, allow_blank=True, default="")
    summary = serializers.CharField(label="内容")
    complainant = serializers.CharField(label="投诉人", required=False, allow_blank=True, default="")
    received_at = serializers.DateTimeField(label="受理时间（默认现在）", required=False, allow_null=True, default=None)


class RespondSerializer(serializers.Serializer):
    response = serializers.CharField(label="答复")


class VerifyComplaintSerializer(serializers.Serializer):
    valid = serializers.BooleanField(label="有效投诉")
    note = serializers.CharField(label="核实意见")


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "number", "title", "items", "created_at"]


class SummaryInputSerializer(serializers.Serializer):
    window = serializers.IntegerField(label="窗口（组织 id）")
    week = serializers.DateField(label="周内任一天")
    text = serializers.CharField(label="小结")


class SummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = WeeklySummary
        fields = ["id", "window", "week", "text", "filed_at"]


class ProposeInputSerializer(serializers.Serializer):
    period = serializers.CharField(label="周期代码")
    selection = serializers.CharField(label="选树类别（post_pioneer / satisfied_window）")
    campaign = serializers.CharField(label="评选活动代码")
    category = serializers.CharField(label="类别代码")
    unit = serializers.IntegerField(label="申报单位（组织 id）")
    limit = serializers.IntegerField(label="最多几名", required=False, allow_null=True, default=None)


class ProposeRefusalSerializer(AnswerSerializer):
    name = serializers.CharField(label="人员或窗口")
    message = serializers.CharField(label="未能推荐的原因")


class ProposeResultSerializer(AnswerSerializer):
    created = NominationSerializer(many=True, label="生成的申报草稿")
    refused = ProposeRefusalSerializer(many=True, label="未能推荐的")


class InvalidatedSerializer(AnswerSerializer):
    invalidated = serializers.IntegerField(label="作废的评议数")


class CreateProgrammeSerializer(serializers.Serializer):
    preset = serializers.CharField(label="预设", max_length=60, help_text="常态化活动预设的名称，如 shiyan-2011")
    under = serializers.CharField(label="所属组织编码", max_length=60, help_text="您任组织者或管理员的组织")
    code = serializers.CharField(label="活动代码", max_length=60, required=False, allow_blank=True, default="")


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField(label="周期代码", max_length=30)
    name = serializers.CharField(label="周期名称", max_length=60)
    start = serializers.DateField(label="开始日期")
    end = serializers.DateField(label="结束日期")
