from django.conf import settings
from django.db import models

from pingxuan.campaigns.models import Campaign, Category
from pingxuan.orgs.models import Organisation


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "审核中"
    RETURNED = "returned", "退回修改"
    REJECTED = "rejected", "审核未通过"
    RECEIVED = "received", "已报送"
    PASSED = "passed", "初审通过"
    FAILED = "failed", "初审未通过"
    CANDIDATE = "candidate", "候选"
    SHORTLISTED = "shortlisted", "入围"
    PUBLISHED = "published", "公示中"
    AWARDED = "awarded", "获评"
    NOT_AWARDED = "not_awarded", "未获评"
    WITHDRAWN = "withdrawn", "已撤回"
    LAPSED = "lapsed", "逾期未报（视为自动放弃）"
    DISQUALIFIED = "disqualified", "取消资格"


# Received by the campaign's office, and every stage after (pre-review, judging, publicity, results).
RECEIVED_OR_LATER = [
    Status.RECEIVED,
    Status.PASSED,
    Status.FAILED,
    Status.CANDIDATE,
    Status.SHORTLISTED,
    Status.PUBLISHED,
    Status.AWARDED,
    Status.NOT_AWARDED,
]
# Reached the candidates (候选) or a later stage of the selection: it takes votes and has a score explanation.
CANDIDATE_OR_LATER = [Status.CANDIDATE, Status.SHORTLISTED, Status.PUBLISHED, Status.AWARDED, Status.NOT_AWARDED]
# Left for good by withdrawal, lapse or disqualification: nothing is left to disqualify.
GONE = [Status.WITHDRAWN, Status.LAPSED, Status.DISQUALIFIED]


class Nomination(models.Model):
    """One nominee (window, person or brand) put forward by a unit in one category."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="nominations")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="nominations")
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="nominations", verbose_name="申报单位")
    recommender = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="推荐单位")
    title = models.CharField("推荐对象", max_length=120, blank=True)
    data = models.JSONField("申报内容", default=dict)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    rank = models.PositiveIntegerField("排序", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    level = models.PositiveSmallIntegerField("当前审核层级", default=0)
    round = models.PositiveSmallIntegerField("审核轮次", default=0)
    reason = models.TextField("原因", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["category__sort_order", "recommender__path", "rank", "id"]
        verbose_name = "推荐对象"
        verbose_name_plural = "推荐对象"
        indexes = [models.Index(fields=["category", "recommender", "status"])]

    def __str__(self) -> str:
        return self.title or f"{self.category.name} #{self.pk}"

    # Named status sets for pages (templates test these, not strings of statuses).
    @property
    def is_candidate_or_later(self):
        return self.status in CANDIDATE_OR_LATER

    @property
    def is_gone(self):
        return self.status in GONE


class NominationVersion(models.Model):
    """Every earlier version of a nomination's content is kept: a new row per submission or return."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    attachments = models.JSONField(default=list)
    event = models.CharField(max_length=20)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination", "version"]
        constraints = [models.UniqueConstraint(fields=["nomination", "version"], name="one_row_per_version")]

    def __str__(self) -> str:
        return f"{self.nomination} v{self.version}"


class Attachment(models.Model):
    """An uploaded photo or file of a form field. Stored under its content hash; removal is a state."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="attachments")
    field = models.CharField(max_length=40)
    file = models.FileField(upload_to="nominations")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["field", "sort_order", "id"]

    def __str__(self) -> str:
        return self.original_name


class Decision(models.TextChoices):
    AGREE = "agree", "同意"
    RETURN = "return", "退回修改"
    REJECT = "reject", "不同意"


class ApprovalStep(models.Model):
    """One approver's opinion (意见) at one level of the chain, with the unit's seal and the date."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="steps")
    level = models.PositiveSmallIntegerField()
    level_key = models.CharField(max_length=40)
    level_title = models.CharField(max_length=60)
    round = models.PositiveSmallIntegerField()
    version = models.PositiveIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    opinion = models.TextField("意见")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    sealed = models.BooleanField("盖章", default=True)
    seal_file = models.CharField(max_length=200, blank=True)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination", "round", "level", "id"]
        constraints = [models.UniqueConstraint(fields=["nomination", "round", "level"], name="one_decision_per_level_and_round")]

    def __str__(self) -> str:
        return f"{self.level_title}：{self.get_decision_display()}"


class PreReview(models.Model):
    """预审: a unit sends its draft list to the office for comments before the formal report (河北)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="prereviews")
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    nominations = models.ManyToManyField(Nomination, related_name="prereviews")
    note = models.TextField("说明", blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField("办公室意见", blank=True)
    commented_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    commented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.unit} 预审 {self.sent_at:%Y-%m-%d}"


class Attestation(models.Model):
    """A unit's statement (承诺) that an attested eligibility rule is met, with optional evidence (SPEC §4.4).

    A newer statement for the same rule supersedes the older one (`is_active=False`); nothing is deleted.
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="attestations")
    rule_key = models.CharField("条件代码", max_length=40)
    statement = models.TextField("承诺内容")
    evidence = models.FileField("证明材料", upload_to="attestations", blank=True)
    evidence_name = models.CharField("证明材料文件名", max_length=200, blank=True)
    attested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attested_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["nomination", "rule_key", "-attested_at", "-id"]
        verbose_name = "资格承诺"
        verbose_name_plural = "资格承诺"

    def __str__(self) -> str:
        return f"{self.nomination} · {self.rule_key} 承诺"


class RulingKind(models.TextChoices):
    EXEMPTION = "exemption", "办公室豁免"
    VERIFIED = "verified", "办公室核实"


class EligibilityRuling(models.Model):
    """The office's written ruling on one automatic eligibility rule of one nomination (SPEC §4.4):

    - an exemption (豁免) lets a nomination whose check fails go on, with the reason shown on the nomination and
      in the decision;
    - a verification (核实) records that the office checked by hand what the product cannot verify (“待核实”, e.g.
      earlier batches held elsewhere).
    A newer ruling on the same rule supersedes the older one (`is_active=False`); nothing is deleted.
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="rulings")
    rule_key = models.CharField("条件代码", max_length=40)
    kind = models.CharField("类别", max_length=12, choices=RulingKind.choices)
    reason = models.TextField("理由")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["nomination", "rule_key", "-recorded_at", "-id"]
        verbose_name = "资格核定"
        verbose_name_plural = "资格核定"

    def __str__(self) -> str:
        return f"{self.nomination} · {self.rule_key} {self.get_kind_display()}"
