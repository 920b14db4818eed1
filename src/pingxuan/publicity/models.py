"""公示 (a published candidate list or shortlist for a period) and 异议 (objections against its entries).

Nothing here is deleted: an entry removed after an upheld objection keeps its row (state `removed`), a back-filled
entry points at the one it replaces, and every objection keeps its notes and outcome.
"""

from django.conf import settings
from django.db import models

from pingxuan.campaigns.models import Campaign, Category
from pingxuan.nominations.models import Attachment, Nomination


class Stage(models.TextChoices):
    CANDIDATE = "candidate", "候选名单"
    SHORTLIST = "shortlist", "拟表彰名单"


STAGE_PHASE = {Stage.CANDIDATE: "candidate_publicity", Stage.SHORTLIST: "shortlist_publicity"}


class PubStatus(models.TextChoices):
    OPEN = "open", "公示中"
    FINAL = "final", "公示结束，名单确定"


class Publication(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="publications")
    stage = models.CharField("公示名单", max_length=20, choices=Stage.choices)
    title = models.CharField("公示标题", max_length=300)
    starts_on = models.DateField("公示开始")
    ends_on = models.DateField("公示结束")
    issuer = models.CharField("发布单位", max_length=200)
    contact = models.TextField("联系方式", blank=True)
    note = models.TextField("说明", blank=True)
    status = models.CharField("状态", max_length=10, choices=PubStatus.choices, default=PubStatus.OPEN)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "stage"], name="one_publication_per_stage")]
        verbose_name = "公示"
        verbose_name_plural = "公示"

    def __str__(self) -> str:
        return self.title


class EntryState(models.TextChoices):
    LISTED = "listed", "公示中"
    REMOVED = "removed", "取消资格"


class Entry(models.Model):
    """One nomination on a published list: a snapshot of what the public saw, kept with its history."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="publicity_entries")
    position = models.PositiveIntegerField("序号")
    title = models.CharField("公示对象", max_length=200)
    unit = models.CharField("单位", max_length=200)
    intro = models.TextField("简介", blank=True)
    photo = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField("状态", max_length=10, choices=EntryState.choices, default=EntryState.LISTED)
    backfilled = models.BooleanField("递补", default=False)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    vacant = models.BooleanField("出缺不再递补", default=False)
    removed_reason = models.TextField("取消原因", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category__sort_order", "category_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["publication", "nomination"], name="one_entry_per_nomination")]

    def __str__(self) -> str:
        return self.title


class ObjStatus(models.TextChoices):
    PENDING = "pending", "待核查"
    INVESTIGATING = "investigating", "核查中"
    UPHELD = "upheld", "反映属实"
    DISMISSED = "dismissed", "反映不属实"


OPEN_OBJECTIONS = [ObjStatus.PENDING, ObjStatus.INVESTIGATING]


class Objection(models.Model):
    """异议/举报: a named objector with a verified phone, against one entry of a publication."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="objections")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="objections")
    name = models.CharField("姓名", max_length=30)
    phone = models.CharField("手机号码", max_length=11)
    text = models.TextField("异议内容")
    follow_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField("状态", max_length=20, choices=ObjStatus.choices, default=ObjStatus.PENDING, db_index=True)
    outcome = models.TextField("处理结果", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "异议"
        verbose_name_plural = "异议"

    def __str__(self) -> str:
        return f"对“{self.entry.title}”的异议 #{self.pk}"

    @property
    def is_open(self):
        """Pending or under investigation: it may still get notes and a decision."""
        return self.status in OPEN_OBJECTIONS


class Evidence(models.Model):
    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="objections")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=10)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Note(models.Model):
    """A line of the office's investigation record (核查记录)."""

    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField("核查情况")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]
