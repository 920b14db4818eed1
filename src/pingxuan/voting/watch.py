"""Continuous fraud analysis while a campaign's voting runs: by default every 4 minutes, first among the scheduler's
duties (`voting.watch`, VOTE_WATCH_SECONDS), so that an alert comes within 5 minutes of a burst's start. Each category
that got new votes is analysed again over all its counted votes (a group is only unusual against the whole campaign's
traffic); new clusters and candidate inflow anomalies are stored, and the organisers are alerted —
a badge on their dashboard and a message by e-mail and SMS through the notification backends.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from pingxuan.audit.services import record
from pingxuan.campaigns.models import Campaign
from pingxuan.campaigns.services import today
from pingxuan.core.display import clauses
from pingxuan.core.notify import notify
from pingxuan.jobs.models import ScheduleMark
from pingxuan.jobs.schedule import every
from pingxuan.orgs.models import Membership, Role

from . import rules as vote_rules
from .analysis import analyse_category
from .models import Cluster, Vote

log = logging.getLogger(__name__)
INTERVAL = settings.VOTE_WATCH_SECONDS  # 240 s: an alert within 5 minutes of a burst (docs/voting.md)


def organisers(campaign):
    """The people who manage the campaign's votes (organisers over its owner, for it or for every campaign)."""
    people = {}
    for m in Membership.objects.filter(role=Role.ORGANISER, is_active=True).select_related("user", "organisation"):
        if m.campaign_id in (None, campaign.pk) and campaign.owner.path.startswith(m.organisation.path) and m.user.is_active:
            people[m.user_id] = m.user
    return [people[k] for k in sorted(people)]


def voting_now(campaign, on=None):
    on = on or today()
    return campaign.phases.filter(kind="voting", starts_on__lte=on, ends_on__gte=on).exists()


def watch_campaign(campaign):
    """Analyse the categories with votes since the last look; returns the new clusters (and alerts about them)."""
    mark, _ = ScheduleMark.objects.get_or_create(name=f"voting.watch:{campaign.pk}")
    seen = int(mark.last_result or 0)
    fresh = Vote.objects.filter(id__gt=seen, campaign=campaign)  # a range of the primary key: only the new votes
    latest = fresh.aggregate(m=Max("id"))["m"]
    if latest is None:
        return []
    changed = set(fresh.values_list("category_id", flat=True).distinct())
    new = []
    for category in campaign.categories.filter(pk__in=changed).order_by("sort_order", "id"):
        new += analyse_category(category)
    mark.last_result = str(latest)
    mark.save(update_fields=["last_result"])
    if new:
        alert(campaign, new)
    return new


def alert(campaign, clusters):
    """Tell the organisers about new clusters: an audit event, and e-mail/SMS after the commit."""
    people = organisers(campaign)
    lines = [f"{c.category.name}：{c.title}" for c in clusters[:5]]
    more = f"等共 {len(clusters)} 项" if len(clusters) > 5 else f"共 {len(clusters)} 项"
    text = f"“{campaign.name}”投票中发现新的可疑投票{more}：" + clauses(lines, end="。") + "请到投票管理页查看证据并处理。"
    notify(people, "发现可疑投票", text)
    record(
        actor=None,
        action="vote.alert",
        obj=campaign,
        campaign=campaign,
        after={"clusters": [c.pk for c in clusters], "recipients": [p.get_username() for p in people]},
    )


def open_counts(user, campaigns):
    """{campaign id: open clusters} for the campaigns whose votes the user may see (the dashboard's badge)."""
    ids = [c.pk for c in campaigns if vote_rules.can_view_votes(user, c)]
    counts = {}
    for cid in Cluster.objects.filter(campaign_id__in=ids, state=Cluster.State.OPEN).values_list("campaign_id", flat=True):
        counts[cid] = counts.get(cid, 0) + 1
    return counts


@every(INTERVAL, name="voting.watch", first=True)
def watch_all():
    found = 0
    for campaign in Campaign.objects.filter(is_archived=False, phases__kind="voting").distinct().select_related("owner"):
        if not voting_now(campaign):
            continue
        try:
            with transaction.atomic():
                found += len(watch_campaign(campaign))
        except Exception:  # one campaign's failure must not stop the others' watch
            log.exception("continuous analysis of %s failed", campaign.code)
    return f"新发现可疑群组 {found} 个"
