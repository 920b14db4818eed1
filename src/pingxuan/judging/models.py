"""Preliminary review (初审, SPEC §5) and expert judging (专家评审, SPEC §6).

Scores are stored as the judges' raw sheets only; every aggregate (mean, trimmed mean, normalised score) is
computed from them each time (`scoring.expert_scores`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from pingxuan.campaigns.models import Category
from pingxuan.nominations.models import Nomination

if TYPE_CHECKING:
    from fractions import Fraction


class ReviewRecord(models.Model):
    """One preliminary-review decision with the eligibility checklist as the office saw it."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="review_records")
    decision = models.CharField("初审结论", max_length=10, choices=[("pass", "通过"), ("fail", "不通过")])
    reason = models.TextField("理由", blank=True)
    checklist = models.JSONField("资格条件核验", default=list)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = "初审记录"
        verbose_name_plural = "初审记录"

    def __str__(self) -> str:
        return f"{self.nomination} · {self.get_decision_display()}"


class CandidateDraft(models.Model):
    """The office's staged candidate list of one category, prepared privately and applied at once."""

    category = models.OneToOneField(Category, on_delete=models.CASCADE, related_name="candidate_draft")
    nomination_ids = models.JSONField("拟定候选", default=list)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.category} 候选名单（草稿）"


class Panel(models.Model):
    """评审组: the judges of one category."""

    category = models.OneToOneField(Category, on_delete=models.CASCADE, related_name="panel")
    name = models.CharField("评审组名称", max_length=120)
    judges = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="judging_panels", blank=True)
    normalise = models.BooleanField("按评委标准化", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "评审组"
        verbose_name_plural = "评审组"

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A nomination given to one judge. Ended (not deleted) when the judge declares a conflict."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="assignments")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination_id", "judge_id"]
        constraints = [models.UniqueConstraint(fields=["nomination", "judge"], name="one_assignment_per_judge")]
        indexes = [models.Index(fields=["judge", "is_active"])]

    def __str__(self) -> str:
        return f"{self.judge} → {self.nomination}"


class Conflict(models.Model):
    """A judge's declared conflict of interest (回避) with one nomination."""

    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="conflicts")
    reason = models.TextField("回避理由")
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "nomination"], name="one_conflict_per_judge")]

    def __str__(self) -> str:
        return f"{self.judge} 回避 {self.nomination}"


class SheetKind(models.TextChoices):
    EXPERT = "expert", "专家评分"
    ONSITE = "onsite", "现场评分"


class ScoreSheet(models.Model):
    """One judge's scores of one nomination per rubric criterion. Locked once submitted; reopened only by the
    office as a recorded action."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="score_sheets")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="score_sheets")
    kind = models.CharField("评分类型", max_length=10, choices=SheetKind.choices, default=SheetKind.EXPERT)
    scores = models.JSONField("各项得分", default=dict)
    comment = models.TextField("评语", blank=True)
    submitted = models.BooleanField("已提交", default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField("来源", max_length=10, default="web")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nomination_id", "judge_id"]
        constraints = [models.UniqueConstraint(fields=["judge", "nomination", "kind"], name="one_sheet_per_judge_and_nomination")]

    def __str__(self) -> str:
        return f"{self.judge} · {self.nomination}"

    @property
    def total(self) -> float:
        return round(sum(float(v) for v in self.scores.values() if v is not None), 2)

    @property
    def exact_total(self) -> Fraction:
        """The sum of the criterion scores as an exact fraction (what the tally computes with)."""
        from fractions import Fraction

        return sum((Fraction(str(v)) for v in self.scores.values() if v is not None), Fraction(0))


class OnsiteSession(models.Model):
    """汇报展示会 (常州): presentations in order, judges score the current one live."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="onsite_sessions")
    title = models.CharField("名称", max_length=120)
    order = models.JSONField("出场顺序", default=list)
    current = models.PositiveIntegerField("当前出场", null=True, blank=True)
    released = models.JSONField("已公布", default=list)
    # {"<nomination id>": {"<judge id>": reason}}: judges the office closed as absent for one presentation.
    absent = models.JSONField("缺席评委", default=dict)
    # Nomination ids whose released score was reopened (by a recorded office action): the screen marks them 已修正.
    revised = models.JSONField("已修正", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
