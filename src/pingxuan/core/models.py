"""The one table of core: SMS one-time codes for votes, ratings and objections (core.otp)."""

from django.db import models


class OneTimeCode(models.Model):
    """An SMS code: only its keyed hash is stored; it expires, allows a few attempts, and is used once."""

    class Purpose(models.TextChoices):
        VOTE = "vote", "投票"
        RATING = "rating", "评议"
        OBJECTION = "objection", "公示异议"

    purpose = models.CharField("用途", max_length=20, choices=Purpose.choices)
    phone = models.CharField("手机号码", max_length=11)
    code_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "短信验证码"
        verbose_name_plural = "短信验证码"
        indexes = [
            models.Index(fields=["phone", "created_at"], name="core_otp_phone_created"),
            models.Index(fields=["ip", "created_at"], name="core_otp_ip_created"),
        ]

    def __str__(self) -> str:
        return f"验证码 {self.phone[:3]}****{self.phone[-4:]}"
