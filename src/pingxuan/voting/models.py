"""Public votes, one-time codes, fraud clusters and invalidations, delegate ballots (SPEC §7).

Vote rows are append-only: invalidation is a separate row (`VoteInvalidation`) pointing at the vote, never an
edit of the vote; on PostgreSQL a trigger refuses UPDATE and DELETE on the vote table.
"""

from django.conf import settings
from django.db import models

from pingxuan.campaigns.models import Campaign, Category
from pingxuan.nominations.models import Nomination


class Voter(models.Model):
    """A citizen identified by a mobile number verified with an SMS one-time code."""

    phone = models.CharField("手机号码", max_length=11, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "投票人"
        verbose_name_plural = "投票人"

    def __str__(self) -> str:
        return mask_phone(self.phone)


def mask_phone(phone):
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else phone


class OneTimeCode(models.Model):
    """An SMS code of the former voting-only engine. New codes live in core.OneTimeCode (the one engine for votes,
    ratings and objections, core/otp.py); these rows are kept as they were stored."""

    phone = models.CharField(max_length=11)
    code_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["phone", "created_at"]), models.Index(fields=["ip", "created_at"])]

    def __str__(self) -> str:
        return f"验证码 {mask_phone(self.phone)}"


class VoterDay(models.Model):
    """How many votes a voter has used in a category on a day: the per-day limit is a conditional UPDATE on this row."""

    # No separate index on voter: the unique (voter, category, day) index serves it. No database-level foreign key:
    # the voter comes from a signed token and voters are never deleted (PROTECT guards it in the application).
    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+", db_constraint=False)
    day = models.DateField()
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["voter", "category", "day"], name="one_counter_per_voter_category_day")]

    def __str__(self) -> str:
        return f"{self.voter_id}/{self.category_id}/{self.day}: {self.used}"


class Vote(models.Model):
    """One accepted public vote. Never updated or deleted."""

    # No database-level foreign keys: every vote would take a KEY SHARE lock on its parent rows (MultiXact
    # contention on the few hot campaign, category and candidate rows; a heap write on the voter's row for each
    # vote). The service checks them (the voter by the signed token); PROTECT still guards deletion at the
    # application level, and vote rows are never updated.
    # Every index costs each vote's INSERT. Votes are read by category (tally, chart, analysis: the composite index
    # below), by voter and candidate (the unique constraint, led by the voter), by receipt (its unique constraint)
    # and, for a campaign, by id ranges (the digest): nothing else has an index of its own.
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False)
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="votes", db_constraint=False, db_index=False
    )
    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, related_name="votes", db_index=False, db_constraint=False)
    day = models.DateField()
    slot = models.PositiveSmallIntegerField(default=1)
    cast_at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    device = models.CharField(max_length=64, blank=True)  # server-issued signed cookie's id; "" = unknown device
    user_agent = models.CharField(max_length=256, blank=True, default="", db_default="")  # old writers keep working
    verify_delay = models.FloatField(null=True, blank=True)  # seconds from the code's verification to this vote
    receipt = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voter", "nomination", "day", "slot"], name="one_vote_per_candidate_voter_day_slot"),
            models.UniqueConstraint(fields=["receipt"], name="one_vote_per_receipt"),
        ]
        indexes = [models.Index(fields=["category", "cast_at"])]
        verbose_name = "投票"
        verbose_name_plural = "投票"

    def __str__(self) -> str:
        return f"投票 {self.receipt}"


class Cluster(models.Model):
    """A suspicious group of votes found by the fraud analysis, with its evidence."""

    class Kind(models.TextChoices):
        BURST = "burst", "单一对象短时集中得票"
        IP = "ip", "同一 IP 多个号码"
        DEVICE = "device", "同一设备多个号码"
        SEQUENTIAL = "sequential", "连号号段"
        VIRTUAL = "virtual", "虚拟运营商号段集中"
        ODD_HOURS = "odd_hours", "深夜时段异常投票"
        LOYAL_WINDOW = "loyal_window", "只投一个对象的号码集中出现"
        IP24 = "ip24", "同一网段 /24 多个号码"
        USER_AGENT = "ua", "同一浏览器标识集中"
        PREFIX = "prefix", "同一号段集中"
        DENSITY = "density", "号码异常密集（任意步长）"
        FAST = "fast", "验证后数秒内投票"
        INFLOW = "inflow", "候选对象首次投票号码异常流入"

    class State(models.TextChoices):
        OPEN = "open", "待处理"
        INVALIDATED = "invalidated", "已作废"
        DISMISSED = "dismissed", "已排除"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    nomination = models.ForeignKey(Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    job_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    evidence = models.JSONField(default=dict)
    vote_ids = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)
    found_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-size", "id"]

    def __str__(self) -> str:
        return self.title


class Invalidation(models.Model):
    """The organiser's decision to void a set of votes, with the reason shown on their receipts."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.PROTECT, related_name="invalidations")
    reason = models.TextField()
    count = models.PositiveIntegerField(default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"作废 {self.count} 票：{self.reason[:40]}"


class VoteInvalidation(models.Model):
    vote = models.OneToOneField(Vote, on_delete=models.PROTECT, related_name="invalidation", primary_key=True)
    invalidation = models.ForeignKey(Invalidation, on_delete=models.PROTECT, related_name="votes")

    def __str__(self) -> str:
        return f"{self.vote_id} → {self.invalidation_id}"


class CandidateWarning(models.Model):
    """A warning to a candidate whose supporters were caught stuffing (警告)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="vote_warnings")
    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"警告 {self.nomination}"


class Delegate(models.Model):
    """A member of the closed electorate (e.g. 党代表) with a personal ballot code."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="delegates")
    number = models.CharField("编号", max_length=30)
    name = models.CharField("姓名", max_length=60)
    group = models.CharField("代表团", max_length=120, blank=True)
    code = models.CharField("选票码", max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="one_delegate_number_per_campaign")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Ballot(models.Model):
    """A delegate's ballot in one category, cast online once or entered from paper after double entry."""

    class Channel(models.TextChoices):
        ONLINE = "online", "网上投票"
        PAPER = "paper", "纸质选票"

    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="ballots")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["delegate", "category"], name="one_ballot_per_delegate_category")]

    def __str__(self) -> str:
        return f"{self.delegate} · {self.category_id}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="choices")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "nomination"], name="one_choice_per_ballot_nomination")]

    def __str__(self) -> str:
        return f"{self.ballot_id} → {self.nomination_id}"


class PaperEntry(models.Model):
    """One clerk's typing of one paper ballot; two clerks' entries are reconciled into a Ballot."""

    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="paper_entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField(default=list)
    blank_or_spoilt = models.BooleanField(default=False)
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delegate", "category", "entered_at"]
        constraints = [models.UniqueConstraint(fields=["delegate", "category", "clerk"], name="one_entry_per_clerk")]

    def __str__(self) -> str:
        return f"{self.delegate} · {self.category_id} · {self.clerk_id}"


class VoteLog(models.Model):
    """A vote log exported from another voting platform, uploaded into a campaign and analysed as a background job."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("文件名", max_length=200)
    file = models.FileField(upload_to="votelogs")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    job_id = models.BigIntegerField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    result_csv = models.FileField(upload_to="votelogs", blank=True)
    report_xlsx = models.FileField(upload_to="votelogs", blank=True)
    report_pdf = models.FileField(upload_to="votelogs", blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "外部投票记录"
        verbose_name_plural = "外部投票记录"

    def __str__(self) -> str:
        return self.name


class CountClosure(models.Model):
    """The office closes the count of delegate ballots in one category (计票结束): after it no paper ballot is entered.
    Recorded once per category, never removed."""

    category = models.OneToOneField(Category, on_delete=models.PROTECT, related_name="count_closure")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "计票结束"
        verbose_name_plural = "计票结束"

    def __str__(self) -> str:
        return f"{self.category} · 计票结束"


class TallyPublication(models.Model):
    """The counts and the Merkle root of one category's counted public votes, published at the close of voting.

    Never edited: publishing again (e.g. after votes were invalidated later) adds a new version and marks the
    earlier one superseded. The same numbers are in the audit chain (event `vote.tally_published`)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="tally_publications")
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    counts = models.JSONField(default=dict)
    candidates = models.JSONField(default=list)
    counted = models.PositiveIntegerField(default=0)
    invalidated = models.PositiveIntegerField(default=0)
    root = models.CharField(max_length=64)
    reason = models.TextField(blank=True)
    superseded = models.BooleanField(default=False)
    # The campaign's last invalidation when this version was published: a vote invalidated later is still in this
    # version's counted set, so its receipts' proofs are drawn against the tree that was published.
    invalidations_upto = models.PositiveBigIntegerField("公布时的最后一次作废", null=True, blank=True)

    class Meta:
        ordering = ["category", "-version"]
        constraints = [models.UniqueConstraint(fields=["category", "version"], name="one_tally_version_per_category")]

    def __str__(self) -> str:
        return f"{self.category} 计票公布 v{self.version}"
