"""Nominations, their files, approval steps, versions and pre-reviews as the API shows and accepts them."""

from rest_framework import serializers

from pingxuan.nominations import approval
from pingxuan.nominations.models import ApprovalStep, Attachment, Decision, Nomination, NominationVersion, PreReview, Status

from ..orgs.serializers import OrgRefSerializer, choice_errors
from ..serializers import AnswerSerializer, BulkIdsField

STATUS_FILTERS = [*Status.values, "active"]


def person(user):
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(label="奖项代码")
    name = serializers.CharField(label="奖项名称")


class NominationSerializer(serializers.ModelSerializer):
    """One nomination as lists show it (without the form's contents)."""

    campaign = serializers.CharField(source="campaign.code", read_only=True, label="活动代码")
    category = CategoryRefSerializer(read_only=True, label="奖项")
    unit = OrgRefSerializer(read_only=True, label="申报单位")
    recommender = OrgRefSerializer(read_only=True, label="推荐单位（其名额覆盖本申报）")
    status_label = serializers.CharField(source="get_status_display", read_only=True, label="状态名称")
    level_title = serializers.SerializerMethodField(label="当前审核层级（审核中时）")

    class Meta:
        model = Nomination
        fields = [
            "id",
            "campaign",
            "category",
            "unit",
            "recommender",
            "title",
            "status",
            "status_label",
            "rank",
            "version",
            "level",
            "level_title",
            "round",
            "reason",
            "created_at",
            "updated_at",
            "submitted_at",
            "received_at",
        ]
        read_only_fields = fields

    def get_level_title(self, n) -> str | None:
        levels = approval.levels(n.category)
        if n.status != Status.SUBMITTED or n.level >= len(levels):
            return None
        return levels[n.level]["title"]


class StatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, label="状态")
    label = serializers.CharField(label="状态名称")
    count = serializers.IntegerField(label="申报数")


class AttachmentSerializer(serializers.ModelSerializer):
    nomination = serializers.IntegerField(source="nomination_id", read_only=True, label="申报 ID")
    format = serializers.CharField(source="content_type", read_only=True, label="格式（按内容识别：JPEG、PNG、PDF）")
    uploaded_by = serializers.SerializerMethodField(label="上传人")
    url = serializers.SerializerMethodField(label="文件地址")

    class Meta:
        model = Attachment
        fields = [
            "id",
            "nomination",
            "field",
            "original_name",
            "format",
            "size",
            "width",
            "height",
            "sort_order",
            "is_active",
            "uploaded_by",
            "uploaded_at",
            "url",
        ]
        read_only_fields = fields

    def get_uploaded_by(self, a) -> str:
        return person(a.uploaded_by)

    def get_url(self, a) -> str:
        return f"/api/attachments/{a.pk}/file/"


class PermissionsSerializer(serializers.Serializer):
    can_edit = serializers.BooleanField(label="可修改（草稿或退回修改，且为本单位经办人）")
    can_submit = serializers.BooleanField(label="可提交")
    can_withdraw = serializers.BooleanField(label="可撤回")
    their_turn = serializers.BooleanField(label="轮到当前用户审核")
    can_disqualify = serializers.BooleanField(label="可取消资格（活动办公室）")
    office = serializers.BooleanField(label="当前用户属于活动办公室")


class NominationDetailSerializer(NominationSerializer):
    """One nomination with the form's values, its files, what stops a submission and what the user may do."""

    data = serializers.JSONField(read_only=True, label="申报内容（按申报表字段代码）")
    attachments = serializers.SerializerMethodField(label="已上传的照片和文件")
    problems = serializers.DictField(child=serializers.CharField(), read_only=True, label="提交前尚需补全的内容（字段 → 说明）")
    permissions = PermissionsSerializer(read_only=True, label="当前用户可做的操作")

    class Meta(NominationSerializer.Meta):
        fields = [*NominationSerializer.Meta.fields, "data", "attachments", "problems", "permissions"]
        read_only_fields = fields

    def get_attachments(self, n) -> AttachmentSerializer(many=True):
        return AttachmentSerializer(n.active_attachments, many=True).data


class SavedNominationSerializer(NominationDetailSerializer):
    warnings = serializers.DictField(child=serializers.CharField(), read_only=True, label="提醒（如字数偏离要求），不妨碍保存")

    class Meta(NominationDetailSerializer.Meta):
        fields = [*NominationDetailSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class CreateNominationSerializer(serializers.Serializer):
    category = serializers.CharField(label="奖项代码")
    unit = serializers.IntegerField(label="申报单位 ID", help_text="经办人所在单位或其下级")
    data = serializers.DictField(label="申报内容", required=False, help_text="按申报表字段代码填写，可只填一部分（草稿）")


class UpdateNominationSerializer(serializers.Serializer):
    data = serializers.DictField(label="申报内容", help_text="只修改给出的字段；给出空值即清空")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(label="原因", required=False, allow_blank=True, max_length=2000)


class CheckedByDefault(serializers.BooleanField):
    """A boolean that stays true when a form post leaves it out (HTML forms omit unticked boxes, JSON omits keys)."""

    default_empty_html = True


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(label="审核结论", choices=Decision.choices, error_messages=choice_errors(Decision.choices))
    opinion = serializers.CharField(label="审核意见", required=False, allow_blank=True, help_text="不超过 2000 字")
    seal = CheckedByDefault(label="加盖本单位印章", default=True)


class UploadSerializer(serializers.Serializer):
    field = serializers.CharField(label="上传字段代码", help_text="申报表中照片、照片组或文件字段的代码")
    file = serializers.FileField(label="文件", help_text="按内容识别格式；大小、像素和数量按字段的规定检查")


class VersionSerializer(serializers.ModelSerializer):
    created_by = serializers.SerializerMethodField(label="提交人")

    class Meta:
        model = NominationVersion
        fields = ["version", "event", "data", "attachments", "created_by", "created_at"]
        read_only_fields = fields

    def get_created_by(self, v) -> str:
        return person(v.created_by)


class StepSerializer(serializers.ModelSerializer):
    decision_label = serializers.CharField(source="get_decision_display", read_only=True, label="结论")
    organisation = OrgRefSerializer(read_only=True, label="审核单位")
    approver = serializers.SerializerMethodField(label="审核人")

    class Meta:
        model = ApprovalStep
        fields = [
            "id",
            "level",
            "level_key",
            "level_title",
            "round",
            "version",
            "decision",
            "decision_label",
            "opinion",
            "organisation",
            "sealed",
            "approver",
            "decided_at",
        ]
        read_only_fields = fields

    def get_approver(self, s) -> str:
        return person(s.approver)


class HistorySerializer(serializers.Serializer):
    versions = VersionSerializer(many=True, label="各次提交的版本（新的在前）")
    steps = StepSerializer(many=True, label="审核记录（新的在前）")


class ChecklistItemSerializer(serializers.Serializer):
    key = serializers.CharField(label="条件代码")
    label = serializers.CharField(label="条件")
    check = serializers.ChoiceField(choices=[("auto", "系统核验"), ("attested", "单位承诺")], label="核验方式")
    state = serializers.CharField(label="结果（pass、fail、unknown、attested、missing_evidence、exempted、verified）")
    state_label = serializers.CharField(label="结果名称")
    detail = serializers.CharField(label="说明")
    evidence = serializers.JSONField(label="依据（承诺内容、证明材料或核验所用的数据）", allow_null=True)


class AttestSerializer(serializers.Serializer):
    rule_key = serializers.CharField(label="条件代码")
    statement = serializers.CharField(label="承诺内容", required=False, allow_blank=True)
    evidence = serializers.FileField(label="证明材料", required=False, help_text="PDF 或 JPG，不超过 10 MB")


class RulingSerializer(serializers.Serializer):
    rule_key = serializers.CharField(label="条件代码")
    kind = serializers.ChoiceField(
        choices=[("exemption", "豁免（系统核验不符合）"), ("verified", "核实（系统无法核验，待核实）")], label="核定类别"
    )
    reason = serializers.CharField(label="理由", allow_blank=True)


class NominationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(label="推荐对象")
    category = serializers.CharField(label="奖项名称")
    unit = serializers.CharField(label="申报单位")
    status = serializers.CharField(label="状态")


def nomination_ref(n):
    return {"id": n.pk, "title": str(n), "category": n.category.name, "unit": n.unit.name, "status": n.status}


class PassageSerializer(serializers.Serializer):
    length = serializers.IntegerField(label="重合字数")
    text = serializers.CharField(label="本段文字")
    field_label = serializers.CharField(label="所在栏目", allow_null=True)
    other_text = serializers.CharField(label="对方的相应文字")
    other_field_label = serializers.CharField(label="对方所在栏目", allow_null=True)


class FindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[("person", "同一人"), ("window", "同一窗口"), ("brand", "同一品牌"), ("copy", "材料雷同")], label="类型"
    )
    label = serializers.CharField(label="类型名称")
    detail = serializers.CharField(label="说明")
    nominations = NominationRefSerializer(many=True, label="涉及的申报")
    others = NominationRefSerializer(many=True, required=False, label="另一方（只在单份申报的提示中）")
    score = serializers.FloatField(required=False, label="雷同程度（0–1）")
    passages = PassageSerializer(many=True, required=False, label="重合的段落")


def finding(entry):
    out = {
        "kind": entry["kind"],
        "label": entry["label"],
        "detail": entry["detail"],
        "nominations": [nomination_ref(n) for n in entry["nominations"]],
    }
    if "others" in entry:
        out["others"] = [nomination_ref(n) for n in entry["others"]]
    if "score" in entry:
        out["score"] = entry["score"]
        keys = ("length", "text", "field_label", "other_text", "other_field_label")
        out["passages"] = [{k: p.get(k) for k in keys} for p in entry.get("passages", [])]
    return FindingSerializer(out).data


class RankingRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="申报 ID")
    rank = serializers.IntegerField(label="排序（申报表编号）", allow_null=True)
    alternate = serializers.BooleanField(label="递补")
    title = serializers.CharField(label="推荐对象", allow_null=True, help_text="当前用户看不到的申报为 null")
    unit = serializers.CharField(label="申报单位", allow_null=True)
    status = serializers.CharField(label="状态", allow_null=True)


class RankingSerializer(serializers.Serializer):
    category = CategoryRefSerializer(label="奖项")
    recommender = OrgRefSerializer(label="推荐单位")
    nominate = serializers.IntegerField(label="推荐名额")
    alternates = serializers.IntegerField(label="递补名额")
    can_rank = serializers.BooleanField(label="当前用户可否调整排序")
    rows = RankingRowSerializer(many=True, label="排序表（递补在后）")


class RankingOrderSerializer(serializers.Serializer):
    order = serializers.ListField(child=serializers.IntegerField(), label="申报 ID，按新的顺序", allow_empty=False)


class QueueRowSerializer(serializers.Serializer):
    nomination = NominationSerializer(label="申报")
    level_title = serializers.CharField(label="待填写的意见栏")
    step = serializers.CharField(label="第几级（如 2/3）")
    organisation = OrgRefSerializer(label="以哪个单位的名义审核")


class PreReviewSerializer(serializers.ModelSerializer):
    campaign = serializers.CharField(source="campaign.code", read_only=True, label="活动代码")
    unit = OrgRefSerializer(read_only=True, label="报送单位")
    nominations = serializers.SerializerMethodField(label="报送预审的申报")
    sent_by = serializers.SerializerMethodField(label="报送人")
    commented_by = serializers.SerializerMethodField(label="回复人")

    class Meta:
        model = PreReview
        fields = [
            "id",
            "campaign",
            "unit",
            "nominations",
            "note",
            "sent_by",
            "sent_at",
            "comment",
            "commented_by",
            "commented_at",
        ]
        read_only_fields = fields

    def get_nominations(self, p) -> NominationRefSerializer(many=True):
        return [nomination_ref(n) for n in p.nominations.all()]

    def get_sent_by(self, p) -> str:
        return person(p.sent_by)

    def get_commented_by(self, p) -> str | None:
        return person(p.commented_by)


class SendPreReviewSerializer(serializers.Serializer):
    unit = serializers.IntegerField(label="报送单位 ID")
    nominations = serializers.ListField(child=serializers.IntegerField(), label="申报 ID", allow_empty=True)
    note = serializers.CharField(label="说明", required=False, allow_blank=True, max_length=2000)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(label="预审意见", required=False, allow_blank=True, max_length=5000)


class UnitCategoryStatusSerializer(serializers.Serializer):
    category = CategoryRefSerializer(label="奖项")
    quota = serializers.IntegerField(label="推荐名额")
    alternates = serializers.IntegerField(label="递补名额")
    used = serializers.IntegerField(label="有效申报")
    drafts = serializers.IntegerField(label="未提交（草稿、退回修改）")
    submitted = serializers.IntegerField(label="审核中")
    received = serializers.IntegerField(label="已报送")


class UnitStatusSerializer(serializers.Serializer):
    unit = OrgRefSerializer(label="推荐单位")
    quota = serializers.IntegerField(label="推荐名额（各奖项合计）")
    alternates = serializers.IntegerField(label="递补名额（合计）")
    used = serializers.IntegerField(label="有效申报")
    drafts = serializers.IntegerField(label="未提交（草稿、退回修改）")
    submitted = serializers.IntegerField(label="审核中")
    received = serializers.IntegerField(label="已报送")
    missing = serializers.BooleanField(label="尚未提交任何申报")
    late = serializers.BooleanField(label="已过截止日期仍未报齐")
    deadline = serializers.DateField(label="截止日期（含延期）", allow_null=True)
    extension = serializers.DateField(label="延期至", allow_null=True)
    categories = UnitCategoryStatusSerializer(many=True, label="各奖项")


class PrintRequestSerializer(serializers.Serializer):
    category = serializers.CharField(label="奖项代码", required=False, allow_blank=True, help_text="不给时打印全部奖项")
    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=[("docx", "DOCX"), ("pdf", "PDF")]), label="格式", required=False
    )
    statuses = serializers.ListField(
        child=serializers.ChoiceField(choices=Status.choices, error_messages=choice_errors(Status.choices)),
        label="只打印这些状态",
        required=False,
    )


class NominationImportErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField(label="工作表", allow_null=True)
    row = serializers.IntegerField(label="行号", allow_null=True)
    column = serializers.CharField(label="列", allow_null=True)
    message = serializers.CharField(label="错误说明（含工作表、行、列）")


class NominationImportRejectedSerializer(serializers.Serializer):
    """The rejected workbook (`code` import_rejected, `errors` one by one), or a refused upload (`field`, no `errors`)."""

    detail = serializers.CharField(label="说明")
    code = serializers.CharField(label="错误代码（import_rejected；上传本身有误时为 invalid 或 bad_file）")
    field = serializers.CharField(label="出错的字段", required=False)
    errors = NominationImportErrorSerializer(many=True, label="逐处错误", required=False)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(label="Excel 文件", help_text="按“推荐对象导入模板”填写的 .xlsx 文件")
    background = serializers.BooleanField(label="作为后台任务导入", required=False, default=False)


class BulkDecideSerializer(DecideSerializer):
    nominations = BulkIdsField()


class NominationImportResultSerializer(AnswerSerializer):
    created = serializers.IntegerField(label="导入的推荐对象数")
    nominations = serializers.ListField(child=serializers.IntegerField(), label="新建的申报草稿 ID")
    categories = serializers.DictField(child=serializers.IntegerField(), label="各奖项导入数：{奖项代码: 份数}")


class DeadlineSerializer(serializers.Serializer):
    ends_on = serializers.DateField(label="申报截止日期（不含单位延期）", allow_null=True)
    reminder_days = serializers.IntegerField(label="截止前几天提醒")
    overdue = NominationSerializer(many=True, label="已过本单位截止日期仍未提交的申报（逾期处理将视为自动放弃）")
    lapse_refusal = serializers.CharField(label="现在不能执行逾期处理的原因", allow_null=True)


class ReminderSerializer(serializers.Serializer):
    unit = OrgRefSerializer(label="推荐单位")
    deadline = serializers.DateField(label="截止日期（含延期）")
    days_left = serializers.IntegerField(label="剩余天数")
    recipients = serializers.ListField(child=serializers.CharField(), label="收到提醒的经办人")
    text = serializers.CharField(label="提醒内容")
