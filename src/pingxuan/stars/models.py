from __future__ import annotations

from django.conf import settings
from django.db import models

from pingxuan.orgs.models import Organisation


class Programme(models.Model):
    """The standing programme of commitments and star ratings (十堰, seed 004). Configured by a preset."""

    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=200)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="programmes")
    preset = models.CharField(max_length=60, blank=True)
    config = models.JSONField("配置", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "常态化活动"
        verbose_name_plural = "常态化活动"

    def __str__(self) -> str:
        return self.name


class SubjectKind(models.TextChoices):
    WINDOW = "window", "窗口单位"
    PARTY_ORG = "party_org", "党组织"
    MEMBER = "member", "党员"


class DutyMember(models.Model):
    """A person on duty at a window (亮身份/亮职责): name, post, duties, photo, party organisation."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="members")
    name = models.CharField("姓名", max_length=30)
    window = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="duty_members", verbose_name="窗口")
    party_org = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="party_members", verbose_name="所在党组织"
    )
    post = models.CharField("岗位", max_length=60)
    duties = models.TextField("岗位职责", blank=True)
    photo = models.ImageField("照片", upload_to="stars/members", blank=True)
    is_party_member = models.BooleanField("中共党员", default=True)
    active = models.BooleanField("在岗", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["window__path", "id"]
        verbose_name = "在岗人员"
        verbose_name_plural = "在岗人员"
        indexes = [models.Index(fields=["party_org"])]

    def __str__(self) -> str:
        return self.name


class Commitment(models.Model):
    """A public commitment (承诺) of a window, party organisation or member. 再承诺 supersedes, never deletes."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="commitments")
    subject_kind = models.CharField("承诺主体", max_length=20, choices=SubjectKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="commitments")
    member = models.ForeignKey(DutyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="commitments")
    kind = models.CharField("类别", max_length=40)
    text = models.TextField("承诺内容")
    period = models.CharField("作出周期", max_length=60)
    is_active = models.BooleanField("有效", default=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by", verbose_name="取代"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__path", "member_id", "id"]
        verbose_name = "承诺"
        verbose_name_plural = "承诺"
        indexes = [models.Index(fields=["programme", "subject_kind", "organisation"])]

    def __str__(self) -> str:
        return self.text[:40]


class CommitmentReview(models.Model):
    """回头看: whether a commitment was fulfilled in a period, with the evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="reviews")
    period = models.CharField("周期", max_length=60)
    fulfilled = models.BooleanField("已践诺")
    evidence = models.TextField("践诺证明", blank=True)
    evidence_file = models.FileField("证明材料", upload_to="stars/evidence", blank=True)
    evidence_name = models.CharField("证明材料文件名", max_length=200, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commitment", "period"]
        constraints = [models.UniqueConstraint(fields=["commitment", "period"], name="one_review_per_commitment_period")]
        indexes = [models.Index(fields=["period", "commitment"])]

    def __str__(self) -> str:
        return f"{self.commitment} · {self.period} · {'已践诺' if self.fulfilled else '未践诺'}"


class Rating(models.Model):
    """A citizen's rating of a window (群众评议) after an SMS check. One per verified phone per window per day."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="ratings")
    window = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="ratings")
    phone_hash = models.CharField(max_length=64)
    phone_masked = models.CharField("手机号码", max_length=20)
    day = models.DateField("日期")
    option = models.CharField("评议", max_length=40)
    score = models.FloatField("折算分")
    satisfied = models.BooleanField("计为满意")
    comment = models.CharField("意见", max_length=500, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    flags = models.JSONField("异常标记", default=list, blank=True)
    is_valid = models.BooleanField("有效", default=True)
    invalid_reason = models.CharField("作废原因", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "群众评议"
        verbose_name_plural = "群众评议"
        constraints = [models.UniqueConstraint(fields=["window", "phone_hash", "day"], name="one_rating_per_phone_window_day")]
        indexes = [models.Index(fields=["programme", "day", "window"]), models.Index(fields=["window", "day"])]

    def __str__(self) -> str:
        return f"{self.window} · {self.phone_masked} · {self.option}"


class LeaderScore(models.Model):
    """领导点评: a leader's score of a window, party organisation or member in a period."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="leader_scores")
    period = models.CharField("周期", max_length=60)
    subject_kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(DutyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="leader_scores")
    subject_key = models.CharField(max_length=40, editable=False)
    score = models.FloatField("得分")
    comment = models.TextField("点评", blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "subject_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "period", "subject_key", "scored_by"], name="one_leader_score_per_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_key} · {self.period} · {self.score:g}"


class StarRun(models.Model):
    """One computation of a period's star levels; a published run feeds the public board."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="runs")
    period = models.CharField("周期", max_length=60)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)
    is_published = models.BooleanField("已公布", default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField("各类对象数", default=dict, blank=True)

    class Meta:
        ordering = ["-computed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.programme} · {self.period} #{self.pk}"

    @classmethod
    def published_of(cls, programme: Programme, period: str) -> StarRun | None:
        """The run published as the period's star board, or None."""
        found = cls.objects.filter(programme=programme, period=period, is_published=True)
        return found.order_by("-published_at").first()


class StarLevel(models.Model):
    """One subject's result in a run. Derived rows, written tens of thousands at a time inside the computation that
        reads the very organisations and members they point at: the references carry no database constraint (whose
        per-row checks at commit cost more than the computation at 十堰 scale); Django still refuses deleting a referenced
        organisation or member (PROTECT) and deletes a run's rows with the run. The composite indexes below lead with the
    run and with the organisation, so those two need no index of their own."""

    run = models.ForeignKey(StarRun, on_delete=models.CASCADE, related_name="levels", db_constraint=False, db_index=False)
    subject_kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    member = models.ForeignKey(DutyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False)
    name = models.CharField(max_length=120)
    commitment = models.FloatField("承诺践诺得分")
    public = models.FloatField("群众评议得分")
    leader = models.FloatField("领导点评得分")
    satisfaction = models.FloatField("满意率", null=True)
    ratings = models.IntegerField("评议次数", default=0)
    score = models.FloatField("综合得分")
    level = models.PositiveSmallIntegerField("星级")
    rank = models.PositiveIntegerField("名次", null=True)

    class Meta:
        ordering = ["-score", "id"]
        indexes = [
            models.Index(fields=["run", "subject_kind", "rank"]),
            models.Index(fields=["run", "subject_kind", "-score"]),
            models.Index(fields=["run", "member"]),
            models.Index(fields=["organisation", "subject_kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.level} 星"


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", "投诉"
    HOTLINE = "hotline", "公开电话事件"


class Complaint(models.Model):
    """A complaint or a hotline incident, with its deadlines; verified valid or not."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="complaints")
    kind = models.CharField("类别", max_length=20, choices=ComplaintKind.choices)
    window = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="complaints")
    member = models.ForeignKey(DutyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints")
    hotline = models.CharField("电话类别", max_length=30, blank=True)
    issue = models.CharField("情形", max_length=60, blank=True)
    summary = models.TextField("内容")
    complainant = models.CharField("投诉人", max_length=60, blank=True)
    received_at = models.DateTimeField("受理时间")
    acknowledge_by = models.DateTimeField("受理时限")
    respond_by = models.DateTimeField("答复时限")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField("答复", blank=True)
    is_valid = models.BooleanField("有效投诉", null=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verify_note = models.TextField("核实意见", blank=True)
    notice = models.ForeignKey("Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["window", "received_at"])]

    def __str__(self) -> str:
        return f"{self.window} · {self.summary[:30]}"


class Notice(models.Model):
    """通报: the overdue complaints and unanswered hotline incidents found by one check."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="notices")
    number = models.PositiveIntegerField("期号")
    title = models.CharField(max_length=200)
    items = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="one_notice_number")]

    def __str__(self) -> str:
        return self.title


class WeeklySummary(models.Model):
    """一周一小结 of a window, for the week starting on `week` (a Monday)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="summaries")
    window = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="weekly_summaries")
    week = models.DateField("周（星期一）")
    text = models.TextField("小结")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week", "window__path"]
        constraints = [models.UniqueConstraint(fields=["window", "week"], name="one_summary_per_window_week")]

    def __str__(self) -> str:
        return f"{self.window} · {self.week}"
