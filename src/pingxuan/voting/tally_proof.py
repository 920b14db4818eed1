"""The published tally of the public vote: counts, a Merkle root over the counted votes, inclusion proofs, the
anonymised export (docs/audit.md).

Leaves are the counted votes of one category, sorted by receipt hash. The receipt hash is
SHA-256("pingxuan-receipt|<category id>|<receipt>"): it names a vote without revealing the receipt code (which
opens the receipt page) nor anything about the voter. A leaf hashes "<receipt hash>|<candidate id>|<day>", so
changing a vote's candidate or day, dropping a counted vote or adding one changes the root. The same arithmetic
is in scripts/verify_tally.py (standard library only), which anyone can run over the public export.
"""

from __future__ import annotations

import csv
import hashlib
import io
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.campaigns.models import PhaseKind
from pingxuan.core.chinese import date_zh
from pingxuan.core.errors import NotFound, PhaseClosed, ServiceError
from pingxuan.jobs.schedule import every

from .models import Invalidation, TallyPublication, Vote
from .rules import candidates, public_rules

if TYPE_CHECKING:
    from typing import Any

EXPORT_COLUMNS = ["receipt_hash", "category", "candidate", "day", "status", "reason_code"]
EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


# Arithmetic (kept identical to scripts/verify_tally.py) -----------------------------------------------------


def receipt_hash(category_id, receipt):
    return hashlib.sha256(f"pingxuan-receipt|{category_id}|{receipt}".encode()).hexdigest()


def leaf_hash(rhash, candidate, day):
    return hashlib.sha256(b"\x00" + f"{rhash}|{candidate}|{day}".encode()).hexdigest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + bytes.fromhex(left) + bytes.fromhex(right)).hexdigest()


def merkle_levels(leaves):
    """All levels bottom-up; an odd node at the end of a level is carried up unchanged."""
    levels = [list(leaves)]
    while len(levels[-1]) > 1:
        level = levels[-1]
        up = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            up.append(level[-1])
        levels.append(up)
    return levels


def merkle_root(leaves):
    return merkle_levels(leaves)[-1][0] if leaves else EMPTY_ROOT


def inclusion_proof(levels, index):
    """[{"side": "left"|"right", "hash": ...}] from the leaf up to the root."""
    path = []
    for level in levels[:-1]:
        sibling = index ^ 1
        if sibling < len(level):
            path.append({"side": "left" if sibling < index else "right", "hash": level[sibling]})
        index //= 2
    return path


def fold_proof(leaf, path):
    h = leaf
    for step in path:
        h = node_hash(step["hash"], h) if step["side"] == "left" else node_hash(h, step["hash"])
    return h


# Reading today's rows ----------------------------------------------------------------------------------------


def reason_code(invalidation: Invalidation) -> str:
    """A short public code for why a vote was invalidated: the kind of fraud cluster, or `organiser`."""
    if invalidation.cluster_id:
        return f"cluster:{invalidation.cluster.kind}"  # type: ignore[union-attr]  # cluster_id is set
    return "organiser"


def vote_rows(category, upto=None):
    """Every public vote of the category as export rows, sorted by receipt hash (no phone numbers, no IPs). With
    `upto` (an invalidation id), as the rows stood when that was the last invalidation: later ones still count."""
    rows = []
    votes = Vote.objects.filter(category=category).values_list(
        "receipt", "nomination_id", "day", "invalidation__invalidation_id", "invalidation__invalidation__cluster__kind"
    )
    for receipt, candidate, day, inv, kind in votes.iterator(chunk_size=5000):
        voided = inv is not None and (upto is None or inv <= upto)
        rows.append(
            {
                "receipt_hash": receipt_hash(category.pk, receipt),
                "category": category.pk,
                "candidate": candidate,
                "day": day.isoformat(),
                "status": "invalidated" if voided else "counted",
                "reason_code": (f"cluster:{kind}" if kind else "organiser") if voided else "",
            }
        )
    rows.sort(key=lambda r: r["receipt_hash"])
    return rows


def compute(category, upto=None):
    """{"counts": {candidate id (str): n}, "counted", "invalidated", "root", "leaves"} from today's rows (with `upto`,
    as they stood when that invalidation was the last: see `vote_rows`)."""
    rows = vote_rows(category, upto)
    counts = {str(pk): 0 for pk in candidates(category).values_list("pk", flat=True)}
    leaves = []
    for row in rows:
        if row["status"] == "counted":
            counts[str(row["candidate"])] = counts.get(str(row["candidate"]), 0) + 1
            leaves.append(leaf_hash(row["receipt_hash"], row["candidate"], row["day"]))
    return {
        "counts": dict(sorted(counts.items(), key=lambda kv: int(kv[0]))),
        "counted": len(leaves),
        "invalidated": len(rows) - len(leaves),
        "root": merkle_root(leaves),
        "rows": rows,
        "leaves": leaves,
    }


def export_csv(category):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(vote_rows(category))
    return buf.getvalue()


# Publishing --------------------------------------------------------------------------------------------------


def _voting_end(category):
    phase = category.campaign.phases.filter(kind=PhaseKind.VOTING).first()
    return phase.ends_on if phase else None


def latest(category):
    return TallyPublication.objects.filter(category=category, superseded=False).order_by("-version").first()


def publish(*, category, user=None, reason="", now=None):
    """Publish the counts and the root of the counted votes once voting has closed.

    Called by the scheduler the day after the voting phase ends, or by the office (e.g. again after votes were
    invalidated later, with a reason). Returns the publication; publishing an unchanged tally again returns the
    current one without a new version."""
    from pingxuan.voting import rules as vote_rules

    campaign = category.campaign
    if user is not None:
        if not vote_rules.can_view_votes(user, campaign):
            raise NotFound("未找到该评选活动。")
        if not vote_rules.can_manage_votes(user, campaign):
            from pingxuan.core.errors import PermissionDenied

            raise PermissionDenied("只有活动办公室的组织者可以公布计票结果。")
    now = now or timezone.now()
    end = _voting_end(category)
    if end is None:
        raise ServiceError("本活动没有设置投票阶段，无可公布的计票结果。", code="no_voting")
    if timezone.localtime(now).date() <= end:
        raise PhaseClosed(f"投票阶段于{date_zh(end)}结束，结束后才能公布计票结果。")
    with transaction.atomic():
        from .digest import record_digest

        record_digest(campaign, now=now)  # every vote is in a sealed batch before its count is published
        current = TallyPublication.objects.select_for_update().filter(category=category, superseded=False).first()
        # The counted set is defined by the last invalidation so far: one read, so an invalidation made meanwhile
        # is either in both the counts and `invalidations_upto` or in neither.
        upto = Invalidation.objects.filter(campaign=campaign).aggregate(m=Max("pk"))["m"] or 0
        data = compute(category, upto)
        if current and current.root == data["root"] and current.counts == data["counts"]:
            return current
        if current and not (reason or "").strip():
            raise ServiceError("计票结果已公布过；重新公布须写明理由（例如公布后又作废了部分投票）。", field="reason")
        pub = TallyPublication.objects.create(
            campaign=campaign,
            category=category,
            version=(current.version + 1) if current else 1,
            published_at=now,
            published_by=user if getattr(user, "is_authenticated", False) else None,
            counts=data["counts"],
            candidates=[{"id": n.pk, "name": str(n)} for n in candidates(category).order_by("pk")],
            counted=data["counted"],
            invalidated=data["invalidated"],
            root=data["root"],
            reason=(reason or "").strip(),
            invalidations_upto=upto,
        )
        if current:
            TallyPublication.objects.filter(pk=current.pk).update(superseded=True)
        record(
            actor=user or "系统",
            action="vote.tally_published",
            obj=pub,
            campaign=campaign,
            reason=pub.reason,
            after={
                "category": category.pk,
                "version": pub.version,
                "counts": pub.counts,
                "counted": pub.counted,
                "invalidated": pub.invalidated,
                "root": pub.root,
            },
        )
        from pingxuan.audit import anchors

        anchors.milestone(campaign=campaign, kind="voting_closed", label=f"{category.name}投票结束计票公布", now=now)
    return pub


def as_dict(pub):
    return {
        "campaign": pub.campaign.code,
        "category": pub.category_id,
        "category_name": pub.category.name,
        "version": pub.version,
        "published_at": pub.published_at,
        "counts": pub.counts,
        "candidates": pub.candidates,
        "counted": pub.counted,
        "invalidated": pub.invalidated,
        "root": pub.root,
        "reason": pub.reason,
    }


def public_category(cat):
    from pingxuan.campaigns.models import Category

    category = Category.objects.select_related("campaign").filter(pk=cat).first()
    if category is None or latest(category) is None:
        raise NotFound("该奖项的计票结果尚未公布。")
    return category


PROOF_TTL = 600  # seconds the tree of a publication is kept for receipt lookups


def _levels(category, pub):
    """The Merkle levels of the votes the publication counted (today's rows, with the invalidations made since it was
    published left out), kept a few minutes per publication (a lookup is then cheap). A vote row changed since then
    changes its leaf, and its proof no longer reaches the published root."""
    from django.core.cache import cache

    key = f"tally:levels:{pub.pk}:{pub.root}"  # never shared by two publications, even across test databases
    levels = cache.get(key)
    if levels is None:
        levels = merkle_levels(compute(category, pub.invalidations_upto)["leaves"])
        cache.set(key, levels, PROOF_TTL)
    return levels


def proof_for(vote: Vote) -> dict[str, Any] | None:
    """The voter's inclusion proof against the latest publication, or None before publication. The leaf is computed
    from the vote's row as it is now, so a vote changed after publication is shown as not included."""
    pub = latest(vote.category)
    if pub is None:
        return None
    rhash = receipt_hash(vote.category_id, vote.receipt)
    leaf = leaf_hash(rhash, vote.nomination_id, vote.day.isoformat())
    levels = _levels(vote.category, pub)
    index = levels[0].index(leaf) if leaf in levels[0] else None
    path = inclusion_proof(levels, index) if index is not None else []
    return {
        "version": pub.version,
        "root": pub.root,
        "receipt_hash": rhash,
        "leaf": leaf,
        "included": index is not None and fold_proof(leaf, path) == pub.root,
        "path": path,
    }


@every(3600, name="voting.publish_tallies")
def publish_due(now=None):
    """The scheduler's duty: publish every category whose voting phase has ended and that has no publication."""
    from pingxuan.campaigns.models import Category

    now = now or timezone.now()
    today = timezone.localtime(now).date()
    done = 0
    cats = Category.objects.filter(
        campaign__is_archived=False,
        campaign__phases__kind=PhaseKind.VOTING,
        campaign__phases__ends_on__lt=today,
        tally_publications__isnull=True,
    ).select_related("campaign")
    for category in cats.distinct():
        if not public_rules(category.campaign)["enabled"]:
            continue
        publish(category=category, now=now)
        done += 1
    return done
