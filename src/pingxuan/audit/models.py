from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One recorded change. Append-only: rows are never updated except once, when sealed into the chain.

    Writers only insert (their order comes from the primary-key sequence); the sealer later gives each
    event its chain position `seq` and its `hash` = SHA-256(previous hash + the event's canonical content).
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_repr = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    campaign_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    # Digests of the rows this event vouches for, {table: {pk: digest}}, recomputed by `verify_audit` (coverage.py).
    covers = models.JSONField(null=True, blank=True)
    seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"


class ChainHead(models.Model):
    """The single row the sealer locks while it extends the chain. Writers never touch it."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"chain head at {self.last_seq}"


class Anchor(models.Model):
    """A published point of the chain (position + hash): daily and at each milestone of a campaign.

    The same values are printed in the decision document, the 公示 notice and the certificates, and shown on the
    public anchors page; `verify_audit --anchor HASH@SEQ` proves the chain still passes through them. A milestone
    anchor is requested inside the transaction of its event and filled by the sealer with the head that covers it."""

    class Kind(models.TextChoices):
        DAILY = "daily", "每日公布"
        VOTING_CLOSED = "voting_closed", "投票结束"
        DECISION = "decision", "审定决定"
        CERTIFICATES = "certificates", "颁发证书"
        PUBLICITY = "publicity", "公示"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    campaign_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    label = models.CharField(max_length=200, blank=True)
    requested_at = models.DateTimeField()
    seq = models.BigIntegerField(null=True, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "审计链公布点"
        verbose_name_plural = "审计链公布点"

    def __str__(self) -> str:
        return f"{self.hash}@{self.seq}" if self.seq else f"{self.get_kind_display()}（待封存）"

    @property
    def text(self) -> str:
        return f"{self.hash}@{self.seq}" if self.seq else ""
