"""Shapes of publicity and objections in the API."""

from rest_framework import serializers

from pingxuan.publicity.models import Entry, Evidence, Note, Objection, ObjStatus, Publication, Stage


class PublicationSerializer(serializers.ModelSerializer):
    stage = serializers.CharField(read_only=True, label="公示名单（candidate 候选名单 / shortlist 拟表彰名单）")
    status = serializers.CharField(read_only=True, label="状态（open 公示中 / final 名单确定）")
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    campaign = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Publication
        fields = [
            "id", "campaign", "stage", "stage_label", "title", "starts_on", "ends_on", "issuer", "contact", "note",
            "status", "status_label", "published_at", "finalised_at",
        ]  # fmt: skip


class EntrySerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True, label="状态（listed 公示中 / removed 取消资格）")
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    replaces = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Entry
        fields = [
            "id", "category", "nomination", "position", "title", "unit", "intro", "state", "backfilled", "replaces",
            "vacant", "removed_reason", "created_at",
        ]  # fmt: skip


class PublicationDetailSerializer(PublicationSerializer):
    entries = EntrySerializer(many=True, read_only=True)
    pending_objections = serializers.IntegerField(read_only=True)
    finalise_issues = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(PublicationSerializer.Meta):
        fields = [*PublicationSerializer.Meta.fields, "entries", "pending_objections", "finalise_issues"]


class PublicEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField(label="序号")
    title = serializers.CharField(label="公示对象（出缺时为空）")
    unit = serializers.CharField(label="单位")
    intro = serializers.CharField(label="简介")
    photo = serializers.CharField(label="照片地址", allow_null=True)
    state = serializers.CharField(label="状态")
    backfilled = serializers.BooleanField(label="递补")
    vacant = serializers.BooleanField(label="出缺不再递补")


class PublicCategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    entries = PublicEntrySerializer(many=True)


class PublicPublicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    campaign = serializers.CharField(label="活动名称")
    title = serializers.CharField()
    stage = serializers.CharField()
    status = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    issuer = serializers.CharField()
    contact = serializers.CharField()
    objections_open = serializers.BooleanField(label="可以提出异议")
    objection_url = serializers.CharField(label="异议表单地址")
    notice_url = serializers.CharField(label="公示 PDF")
    poster_urls = serializers.ListField(child=serializers.CharField(), label="营业厅公示海报 PDF")
    categories = PublicCategorySerializer(many=True)


class PublishSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, label="公示名单")
    starts_on = serializers.DateField(label="公示开始")
    ends_on = serializers.DateField(label="公示结束")
    issuer = serializers.CharField(required=False, allow_blank=True, max_length=200, label="发布单位")
    contact = serializers.CharField(required=False, allow_blank=True, max_length=1000, label="联系方式")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, label="说明")


class ChecklistRowSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    blocking = serializers.BooleanField(label="不满足时不能发布")
    text = serializers.CharField()


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size"]


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_username", read_only=True)

    class Meta:
        model = Note
        fields = ["id", "text", "author", "created_at"]


class ObjectionSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, label="状态（pending / investigating / upheld / dismissed）")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    entry_title = serializers.CharField(source="entry.title", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    notes = NoteSerializer(many=True, read_only=True)
    decided_by = serializers.CharField(source="decided_by.get_username", read_only=True, default=None)

    class Meta:
        model = Objection
        fields = [
            "id", "publication", "entry", "entry_title", "name", "phone", "text", "status", "status_label", "outcome",
            "decided_by", "decided_at", "created_at", "evidence", "notes",
        ]  # fmt: skip


class NoteInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000, label="核查情况")


class ObjectionDecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[ObjStatus.UPHELD, ObjStatus.DISMISSED], label="处理结果")
    reason = serializers.CharField(max_length=2000, label="理由")


class ObjectorPhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20, label="手机号码")


class ObjectorVerifySerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20, label="手机号码")
    code = serializers.CharField(max_length=10, label="短信验证码")


class ObjectorTokenSerializer(serializers.Serializer):
    token = serializers.CharField(label="手机验证凭据（30 分钟内有效）")


class SubmitSerializer(serializers.Serializer):
    token = serializers.CharField(label="手机验证凭据", required=False, allow_blank=True)
    name = serializers.CharField(max_length=30, label="真实姓名")
    entry = serializers.IntegerField(label="异议对象（公示条目编号）")
    text = serializers.CharField(max_length=2000, label="异议内容")
    evidence = serializers.ListField(child=serializers.FileField(), required=False, label="证据材料（JPG、PNG 或 PDF）")


class SubmittedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    follow_code = serializers.CharField(label="查询码（只给这一次）")


class FollowSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20, label="查询码")


class FollowAnswerSerializer(serializers.Serializer):
    publication = serializers.CharField(label="公示")
    entry = serializers.CharField(label="异议对象")
    submitted_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    outcome = serializers.CharField(label="处理结果")
