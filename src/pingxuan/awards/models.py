"""Commendation (SPEC §9): the decision document's particulars and the honour certificates.

A certificate is never deleted: it is issued, and may later be revoked with a reason, who and when. A winner has at
most one issued certificate at a time; a revoked one stays on record (its verification page says revoked) and a new
one, with a new serial number, may be issued after it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from pingxuan.campaigns.models import Campaign, Category
from pingxuan.nominations.models import Nomination


class Commendation(models.Model):
    """The particulars of a campaign's decision document (关于表彰……的决定): number, title, date, wording."""

    campaign = models.OneToOneField(Campaign, on_delete=models.PROTECT, related_name="commendation")
    doc_number = models.CharField("文号", max_length=60, blank=True)
    title = models.CharField("标题", max_length=300, blank=True)
    issued_on = models.DateField("落款日期", null=True, blank=True)
    preamble = models.TextField("正文导语", blank=True)
    closing = models.TextField("结束语", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "表彰决定"
        verbose_name_plural = "表彰决定"

    def __str__(self) -> str:
        return self.title or f"{self.campaign.name} · 表彰决定"


class CertStatus(models.TextChoices):
    ISSUED = "issued", "有效"
    REVOKED = "revoked", "已撤销"


class Certificate(models.Model):
    """荣誉证书: one per winner; `serial` is readable (year-campaign-sequence), `token` is unguessable."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="certificates")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="certificates")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField("序号")
    serial = models.CharField("证书编号", max_length=40, unique=True)
    token = models.CharField("验证码", max_length=64, unique=True)
    recipient = models.CharField("获奖对象", max_length=200)
    unit_name = models.CharField("所在单位", max_length=200, blank=True)
    honour = models.CharField("荣誉称号", max_length=200)
    tier = models.CharField("等次", max_length=60, blank=True)
    linked_honours = models.JSONField("同时授予", default=list, blank=True)
    issuers = models.JSONField("颁发单位", default=list)
    issued_on = models.DateField("颁发日期")
    status = models.CharField("状态", max_length=10, choices=CertStatus.choices, default=CertStatus.ISSUED)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField("撤销理由", blank=True)

    class Meta:
        ordering = ["campaign_id", "sequence"]
        verbose_name = "荣誉证书"
        verbose_name_plural = "荣誉证书"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "sequence"], name="one_certificate_per_sequence"),
            models.UniqueConstraint(
                fields=["nomination"], condition=Q(status="issued"), name="one_issued_certificate_per_nomination"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.serial} {self.recipient}（{self.honour}）"

    @property
    def is_valid(self) -> bool:
        return self.status == CertStatus.ISSUED
