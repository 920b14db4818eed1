"""Staged result lists and the leading group's decisions (SPEC §8). Nothing is ever deleted: a newer draft or a newer
applied list supersedes the older one; every departure from the ranking keeps its written reason."""

from django.conf import settings
from django.db import models

from pingxuan.campaigns.models import Campaign, Category
from pingxuan.nominations.models import Nomination


class Stage(models.TextChoices):
    SHORTLIST = "shortlist", "入围名单"
    FINAL = "final", "最终名单"


class ListStatus(models.TextChoices):
    DRAFT = "draft", "草稿（未生效）"
    APPLIED = "applied", "已生效"
    SUPERSEDED = "superseded", "已被取代"


class Departure(models.TextChoices):
    NONE = "", "按排名"
    RAISED = "raised", "排名靠后而列入"
    DROPPED = "dropped", "排名靠前而未列入"


class ResultList(models.Model):
    """A list of nominations for one category and stage, prepared privately (draft) and applied at once."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="result_lists")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="result_lists")
    stage = models.CharField("阶段", max_length=12, choices=Stage.choices)
    status = models.CharField("状态", max_length=12, choices=ListStatus.choices, default=ListStatus.DRAFT)
    ranking = models.JSONField("排名快照", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "结果名单"
        verbose_name_plural = "结果名单"

    def __str__(self) -> str:
        return f"{self.category.name} · {self.get_stage_display()} · {self.get_status_display()}"


class ResultEntry(models.Model):
    """One nomination of a list: included at `position`, or excluded despite its rank (with the reason)."""

    result_list = models.ForeignKey(ResultList, on_delete=models.PROTECT, related_name="entries")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    included = models.BooleanField(default=True)
    position = models.PositiveIntegerField(null=True, blank=True)
    rank = models.PositiveIntegerField("排名")
    total = models.FloatField("总分")
    tier = models.CharField("等次", max_length=60, blank=True)
    departure = models.CharField(max_length=10, choices=Departure.choices, blank=True, default="")
    reason = models.TextField("理由", blank=True)

    class Meta:
        ordering = ["-included", "position", "rank"]
        constraints = [models.UniqueConstraint(fields=["result_list", "nomination"], name="one_entry_per_list_nomination")]

    def __str__(self) -> str:
        return f"{self.result_list_id}/{self.nomination_id}"


class Decision(models.Model):
    """The leading group's recorded decision confirming the final list of every category of a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    minutes = models.TextField("会议纪要", blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "审定决定"
        verbose_name_plural = "审定决定"

    def __str__(self) -> str:
        return f"{self.campaign.name} · 审定决定 #{self.pk}"


class DecisionEntry(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    included = models.BooleanField(default=True)
    position = models.PositiveIntegerField(null=True, blank=True)
    rank = models.PositiveIntegerField("排名")
    total = models.FloatField("总分")
    tier = models.CharField("等次", max_length=60, blank=True)
    departure = models.CharField(max_length=10, choices=Departure.choices, blank=True, default="")
    reason = models.TextField("理由", blank=True)

    class Meta:
        ordering = ["category_id", "-included", "position", "rank"]
        constraints = [models.UniqueConstraint(fields=["decision", "nomination"], name="one_entry_per_decision_nomination")]

    def __str__(self) -> str:
        return f"{self.decision_id}/{self.nomination_id}"


class Vacancy(models.Model):
    """A place of the decided final list left by a winner disqualified after the decision, and what the campaign's
    back-fill policy made of it: taken by the next in line (递补) or left vacant (出缺名额不再递补)."""

    class Outcome(models.TextChoices):
        BACKFILLED = "backfilled", "已递补"
        VACANT = "vacant", "名额空缺"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="vacancies")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="vacancies")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+", verbose_name="被取消资格的获评对象")
    position = models.PositiveIntegerField(null=True, blank=True)
    tier = models.CharField("等次", max_length=60, blank=True)
    reason = models.TextField("取消资格理由")
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    backfill = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="递补对象"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "出缺名额"
        verbose_name_plural = "出缺名额"

    def __str__(self) -> str:
        return f"{self.category} · {self.nomination_id} → {self.get_outcome_display()}"


class Amendment(models.Model):
    """A change of the scoring scheme or the vote rules after they froze (the first vote, ballot or score sheet): made
    with a written reason after the office saw the totals under both versions, public on the rules page and in every
    explanation, refused after the decision. `before`/`after` hold the frozen parts of the configuration."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveIntegerField("序号")
    before = models.JSONField("修订前")
    after = models.JSONField("修订后")
    changes = models.JSONField("修订内容", default=list)
    reason = models.TextField("理由")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="one_amendment_number_per_campaign")]
        verbose_name = "计分办法修订"
        verbose_name_plural = "计分办法修订"

    def __str__(self) -> str:
        return f"{self.campaign} · 修订 {self.number}"
