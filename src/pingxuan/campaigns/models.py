from django.db import models

from pingxuan.orgs.models import Organisation


class PhaseKind(models.TextChoices):
    NOMINATION = "nomination", "申报推荐"
    PRELIMINARY_REVIEW = "preliminary_review", "初审"
    CANDIDATE_PUBLICITY = "candidate_publicity", "候选公示"
    VOTING = "voting", "投票/评审"
    SHORTLIST_PUBLICITY = "shortlist_publicity", "公示"
    DECISION = "decision", "审定"
    COMMENDATION = "commendation", "命名表彰"
    PROMOTION = "promotion", "宣传推广"


PHASE_ORDER = list(PhaseKind.values)
OPTIONAL_PHASES = {PhaseKind.CANDIDATE_PUBLICITY, PhaseKind.PROMOTION}


class CategoryKind(models.TextChoices):
    WINDOW = "window", "服务窗口"
    INDIVIDUAL = "individual", "个人"
    BRAND = "brand", "服务品牌"


class Campaign(models.Model):
    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("活动名称", max_length=200)
    title = models.CharField("通知标题", max_length=300, blank=True)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    year = models.PositiveIntegerField("年度")
    organisers = models.JSONField("主办单位", default=list)
    issuer = models.CharField("发文机关", max_length=120, blank=True)
    issued_on = models.DateField("发文日期", null=True, blank=True)
    recipients = models.TextField("主送单位", blank=True)
    purpose = models.TextField("活动目的", blank=True)
    contact = models.TextField("联系方式", blank=True)
    owner = models.ForeignKey(Organisation, verbose_name="主办组织", on_delete=models.PROTECT, related_name="campaigns")
    preset = models.CharField("来源预设", max_length=60, blank=True)
    scoring = models.JSONField("计分方案", default=dict)
    policies = models.JSONField("规则", default=dict)
    voting = models.JSONField("投票规则", default=dict)
    publicity = models.JSONField("公示规则", default=dict)
    extra = models.JSONField("其他", default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_archived = models.BooleanField("已归档", default=False)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = "评选活动"
        verbose_name_plural = "评选活动"

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField("阶段", max_length=30, choices=PhaseKind.choices)
    name = models.CharField("名称", max_length=60)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="one_phase_per_kind")]
        verbose_name = "阶段"
        verbose_name_plural = "阶段"

    def __str__(self) -> str:
        return self.name


class PhaseExtension(models.Model):
    """A recorded extension of one phase for one unit. Never deleted; a later one supersedes."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="extensions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    until = models.DateField("延至")
    reason = models.TextField("理由")
    granted_by = models.ForeignKey("orgs.User", on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.phase} → {self.organisation} 延至 {self.until}"


class Category(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField("代码", max_length=40)
    kind = models.CharField("类别", max_length=20, choices=CategoryKind.choices)
    name = models.CharField("奖项名称", max_length=120)
    awards = models.PositiveIntegerField("表彰名额")
    sort_order = models.IntegerField(default=0)
    tiers = models.JSONField("等次", default=list, blank=True)
    linked_honours = models.JSONField("同时授予", default=list, blank=True)
    criteria = models.TextField("评选条件", blank=True)
    scope = models.TextField("评选范围", blank=True)
    form = models.JSONField("申报表", default=dict)
    eligibility = models.JSONField("资格条件", default=list, blank=True)
    approval = models.JSONField("审核层级", default=list, blank=True)
    rubric = models.JSONField("评分细则", default=list, blank=True)
    selection = models.JSONField("遴选", default=dict, blank=True)
    trim = models.BooleanField("去掉最高最低分", default=False)
    blind = models.BooleanField("匿名评审", default=False)
    resubmit_from = models.CharField("退回后重新审核起点", max_length=20, default="start")

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="unique_category_code")]
        verbose_name = "奖项"
        verbose_name_plural = "奖项"

    def __str__(self) -> str:
        return self.name


class Quota(models.Model):
    """名额分配表: one recommending unit's allocation in one category."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="quotas")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="quotas")
    nominate_min = models.PositiveIntegerField("推荐名额下限", default=0)
    nominate_max = models.PositiveIntegerField("推荐名额")
    alternates = models.PositiveIntegerField("递补名额", default=0)
    awards = models.PositiveIntegerField("表彰名额", null=True, blank=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "organisation"], name="one_quota_per_unit")]
        verbose_name = "名额"
        verbose_name_plural = "名额"

    def __str__(self) -> str:
        return f"{self.category} · {self.organisation}：{self.nominate_label}"

    @property
    def nominate_label(self) -> str:
        if self.nominate_min and self.nominate_min != self.nominate_max:
            return f"{self.nominate_min}–{self.nominate_max}"
        return str(self.nominate_max)

    @property
    def limit(self) -> int:
        """The most live nominations the unit may have in the category: its formal places plus its alternates."""
        return self.nominate_max + self.alternates

    @property
    def limit_label(self) -> str:
        """The limit as the refusals and pages word it: “推荐 3 个 + 递补 1 个”."""
        return f"推荐 {self.nominate_max} 个" + (f" + 递补 {self.alternates} 个" if self.alternates else "")

    def is_alternate(self, position: int) -> bool:
        """Whether the nomination at 0-based `position` of the unit's ranking is an alternate (递补对象): the first
        `nominate_max` places are the formal nominations, the rest alternates."""
        return position >= self.nominate_max
