"""The fraud analysis as a background job: load a campaign's counted votes, find clusters, store them with evidence."""

from django.db import transaction
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.campaigns.models import Campaign
from pingxuan.jobs.services import handler, start_job

from . import fraud
from .models import Cluster, Vote, mask_phone
from .services import _require_manage

ROW_LIMIT = 500


def start_analysis(*, user, campaign):
    _require_manage(user, campaign)
    return start_job(
        user=user, kind="voting.analyse", title=f"{campaign.name} 刷票分析", params={"campaign": campaign.pk}, campaign=campaign
    )


def _rows(category):
    qs = (
        Vote.objects.filter(category=category, invalidation__isnull=True)
        .order_by("id")
        .values_list("id", "nomination_id", "voter_id", "voter__phone", "ip", "device", "cast_at")
    )
    return [
        fraud.Row(i, n, v, p, ip or "", d or "", timezone.localtime(at).replace(tzinfo=None))
        for i, n, v, p, ip, d, at in qs.iterator()
    ]


@handler("voting.analyse")
def run_analysis(job, progress):
    campaign = Campaign.objects.get(pk=job.params["campaign"])
    categories = list(campaign.categories.order_by("sort_order", "id"))
    progress(0, len(categories), "正在分析……")
    found = 0
    for i, category in enumerate(categories, start=1):
        from .services import candidates

        names = {n.pk: str(n) for n in candidates(category)}
        findings = fraud.analyse(_rows(category), names)
        with transaction.atomic():
            known = {tuple(sorted(c.vote_ids)) for c in Cluster.objects.filter(category=category)}
            for f in findings:
                ids = sorted(f.vote_ids)
                if tuple(ids) in known:
                    continue
                cluster = Cluster.objects.create(
                    campaign=campaign,
                    category=category,
                    nomination_id=f.nomination,
                    job_id=job.pk,
                    kind=f.kind,
                    title=f.title[:300],
                    evidence=f.evidence,
                    vote_ids=ids,
                    size=len(ids),
                )
                record(
                    actor=job.user,
                    action="vote.cluster.found",
                    obj=cluster,
                    campaign=campaign,
                    after={"kind": f.kind, "size": len(ids), "nomination": f.nomination},
                )
                found += 1
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
