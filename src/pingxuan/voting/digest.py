"""Vote digests in the audit chain: every few minutes the votes cast since the last digest are hashed, chained to
the previous digest, and recorded as one audit event. Votes stay out of the per-event chain (see
docs/architecture.md) yet changing, removing or inserting a vote row afterwards is detected by `verify_digests`."""

import hashlib
from datetime import timedelta

from django.utils import timezone

from pingxuan.audit.models import AuditEvent
from pingxuan.audit.services import record
from pingxuan.campaigns.models import Campaign
from pingxuan.jobs.schedule import every

from .models import Vote

SETTLE = timedelta(seconds=60)  # a vote's transaction has long committed a minute after it was cast
GENESIS = "0" * 64


def _line(pk, receipt, nomination, voter, cast_at):
    return f"{pk}|{receipt}|{nomination}|{voter}|{cast_at.isoformat()}\n".encode()


def _digests(campaign):
    return AuditEvent.objects.filter(action="vote.digest", campaign_id=campaign.pk).order_by("id")


BATCH = 500  # votes per sealed batch: each batch event lists the digest of each of its votes


def record_digest(campaign, now=None):
    """Seal the votes cast since the last batch (up to a minute ago) in batches of at most BATCH votes.

    Each batch is one audit event carrying the digest of each of its vote rows (`covers`) and a running hash chained
    to the previous batch. Returns the last event written, or None when there was nothing to seal."""
    now = now or timezone.now()
    last = _digests(campaign).last()
    after_id, chain = (last.after["last_vote"], last.after["chain"]) if last else (0, GENESIS)
    event = None
    while True:
        rows = list(
            Vote.objects.filter(campaign=campaign, pk__gt=after_id, cast_at__lte=now - SETTLE)
            .order_by("pk")
            .values_list("pk", "receipt", "nomination_id", "voter_id", "cast_at")[:BATCH]
        )
        if not rows:
            return event
        h = hashlib.sha256(chain.encode())
        for row in rows:
            h.update(_line(*row))
        first, last_id, chain = rows[0][0], rows[-1][0], h.hexdigest()
        event = record(
            actor="系统",
            action="vote.digest",
            object_type="voting.vote",
            object_id=f"{first}-{last_id}",
            object_repr=f"投票摘要：{len(rows)} 票",
            campaign=campaign,
            after={"first_vote": first, "last_vote": last_id, "count": len(rows), "chain": chain},
            covers={"voting_vote": [r[0] for r in rows]},
        )
        after_id = last_id
        if len(rows) < BATCH:
            return event


def verify_digests(campaign):
    """Recompute every batch's running hash from the vote rows; returns the Chinese descriptions of the mismatches
    (empty: intact). `verify_audit` also names the row (audit/coverage.py)."""
    problems, chain, after_id = [], GENESIS, 0
    for event in _digests(campaign):
        info = event.after
        rows = (
            Vote.objects.filter(campaign=campaign, pk__gt=after_id, pk__lte=info["last_vote"])
            .order_by("pk")
            .values_list("pk", "receipt", "nomination_id", "voter_id", "cast_at")
        )
        h, count = hashlib.sha256(chain.encode()), 0
        for row in rows.iterator():
            h.update(_line(*row))
            count += 1
        if h.hexdigest() != info["chain"] or count != info["count"]:
            problems.append(
                f"第 {info['first_vote']}—{info['last_vote']} 号投票与 {event.at:%Y-%m-%d %H:%M} 的摘要不符（记录 {info['count']} 票，现有 {count} 票）。"
            )
        chain, after_id = info["chain"], info["last_vote"]
    return problems


@every(300, name="voting.digest")
def digest_all():
    total = 0
    for campaign in Campaign.objects.filter(is_archived=False, phases__kind="voting").distinct():
        before = _digests(campaign).count()
        record_digest(campaign)
        total += sum(e.after["count"] for e in _digests(campaign)[before:])
    return f"摘要 {total} 票"
