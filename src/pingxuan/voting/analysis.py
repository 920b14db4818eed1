"""The fraud analysis as a background job: load a campaign's counted votes, find clusters, store them with evidence."""

import datetime

import numpy as np
from django.db import transaction
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.campaigns.models import Campaign
from pingxuan.jobs.services import handler, start_job

from . import fraudstats
from .models import Cluster, Vote, VoteInvalidation, Voter, mask_phone
from .services import _require_manage

ROW_LIMIT = 500


def start_analysis(*, user, campaign):
    _require_manage(user, campaign)
    return start_job(
        user=user, kind="voting.analyse", title=f"{campaign.name} 刷票分析", params={"campaign": campaign.pk}, campaign=campaign
    )


def votes_of(category):
    """A category's counted votes as the analysis's columns (local time), and their ids: one query, rows read
    straight from the cursor (no model objects), so a million votes load in seconds."""
    from django.db import connection

    vote, voter, inv = Vote._meta.db_table, Voter._meta.db_table, VoteInvalidation._meta.db_table
    sql = (
        f"SELECT v.id, v.nomination_id, p.phone, v.ip, v.device, v.user_agent, v.cast_at, v.verify_delay "
        f"FROM {vote} v JOIN {voter} p ON p.id = v.voter_id LEFT JOIN {inv} i ON i.vote_id = v.id "
        f"WHERE v.category_id = %s AND i.vote_id IS NULL ORDER BY v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [category.pk])
        rows = cursor.fetchall()
    if not rows:
        return None, np.zeros(0, np.int64)
    ids, cand, phone, ip, device, ua, at, delay = zip(*rows, strict=True)
    seconds = np.array([_epoch(a) for a in at], dtype=np.int64)
    first = datetime.datetime.fromtimestamp(int(seconds[0]), tz=datetime.UTC)
    offset = int(timezone.localtime(first).utcoffset().total_seconds())  # type: ignore[union-attr]  # the campaign's zone (Asia/Shanghai: no DST)
    votes = fraudstats.Votes(
        t=seconds + offset,
        phone=[str(p) for p in phone],
        ip=[str(x) if x else "" for x in ip],
        device=list(device),
        ua=list(ua),
        cand=np.array(cand, dtype=str),
        delay=np.array([np.nan if d is None else d for d in delay], dtype=float),
    )
    return votes, np.array(ids, dtype=np.int64)


def _epoch(value):
    """Seconds since 1970 of a stored time (a datetime from PostgreSQL, text in UTC from SQLite's raw cursor)."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.timestamp()


def _chart(votes, rows):
    hours = (votes.t[rows] // 3600).astype(np.int64)
    uniq, counts = np.unique(hours, return_counts=True)
    labels = [str(np.datetime64(int(h) * 3600, "s")).replace("T", " ")[5:13] + ":00" for h in uniq]
    return {"type": "bar", "x": labels, "y": counts.tolist()}


def findings(category, names):
    """The analysis of a category as (kind, nomination id, vote ids, title, evidence) tuples."""
    votes, ids = votes_of(category)
    if votes is None:
        return []
    result = fraudstats.analyse(votes, labels={str(k): str(v) for k, v in names.items()})
    out = []
    for c in result.clusters:
        nomination = int(c.candidate)
        evidence = {"chart": _chart(votes, c.rows), "reason": c.evidence["reason"], "p": c.evidence["p"]}
        out.append((c.kind, nomination, sorted(ids[c.rows].tolist()), c.title, evidence))
    for a in result.anomalies:
        nomination = int(a.candidate)
        inside = np.flatnonzero((votes.cand == str(a.candidate)) & (votes.t >= a.start) & (votes.t < a.end))
        title = f"“{names.get(nomination, nomination)}”约 {a.excess:,.0f} 票异常流入"
        data = {"chart": _chart(votes, inside), "reason": a.evidence, "p": a.p, "excess_votes": round(a.excess)}
        out.append(("inflow", nomination, sorted(ids[inside].tolist()), title, data))
    return out


def store_findings(*, campaign, category, found, job_id=None, actor=None):
    """Store the analysis's findings as clusters; returns the new ones. A finding that mostly repeats a cluster of
    the same kind and candidate is not new: an open one grows by the finding's further votes (decided ones stay as
    decided). Votes already invalidated are not analysed, so an operation that goes on after its cluster was voided
    is found again as a new cluster."""
    new = []
    with transaction.atomic():
        existing = list(Cluster.objects.select_for_update().filter(category=category).order_by("id"))
        for kind, nomination, ids, title, evidence in found:
            idset = set(ids)
            same = next(
                (
                    c
                    for c in existing
                    if c.kind == kind
                    and c.nomination_id == nomination
                    and len(idset & set(c.vote_ids)) * 2 >= min(len(idset), len(c.vote_ids))
                ),
                None,
            )
            if same is not None:
                if same.state == Cluster.State.OPEN and not idset <= set(same.vote_ids):
                    before = same.size
                    same.vote_ids = sorted(idset | set(same.vote_ids))
                    same.size, same.title, same.evidence = len(same.vote_ids), title[:300], evidence
                    same.save(update_fields=["vote_ids", "size", "title", "evidence"])
                    record(
                        actor=actor,
                        action="vote.cluster.grown",
                        obj=same,
                        campaign=campaign,
                        before={"size": before},
                        after={"size": same.size},
                    )
                continue
            cluster = Cluster.objects.create(
                campaign=campaign,
                category=category,
                nomination_id=nomination,
                job_id=job_id,
                kind=kind,
                title=title[:300],
                evidence=evidence,
                vote_ids=ids,
                size=len(ids),
            )
            record(
                actor=actor,
                action="vote.cluster.found",
                obj=cluster,
                campaign=campaign,
                after={"kind": kind, "size": len(ids), "nomination": nomination},
            )
            existing.append(cluster)
            new.append(cluster)
    return new


def analyse_category(category, **store):
    from .services import candidates

    names = {n.pk: str(n) for n in candidates(category)}
    return store_findings(campaign=category.campaign, category=category, found=findings(category, names), **store)


@handler("voting.analyse")
def run_analysis(job, progress):
    campaign = Campaign.objects.get(pk=job.params["campaign"])
    categories = list(campaign.categories.order_by("sort_order", "id"))
    progress(0, len(categories), "正在分析……")
    found = 0
    for i, category in enumerate(categories, start=1):
        found += len(analyse_category(category, job_id=job.pk, actor=job.user))
        progress(i, len(categories), f"已分析 {category.name}")
    return {"clusters": found}


def cluster_rows(cluster, limit=ROW_LIMIT):
    """The votes of a cluster as table rows (numbers masked), for the evidence page and the API."""
    votes = Vote.objects.filter(pk__in=cluster.vote_ids[:limit]).select_related("voter", "nomination").order_by("cast_at")
    return [
        {
            "id": v.pk,
            "receipt": v.receipt,
            "candidate": str(v.nomination),
            "voter": mask_phone(v.voter.phone),
            "ip": v.ip or "",
            "device": v.device,
            "cast_at": timezone.localtime(v.cast_at).strftime("%Y-%m-%d %H:%M:%S"),
            "invalidated": hasattr(v, "invalidation"),
        }
        for v in votes
    ]
