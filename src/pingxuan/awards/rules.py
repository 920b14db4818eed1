"""Who may see and do what in commendation. Outside these rules an object does not exist for the user (404)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.http import Http404

from pingxuan.campaigns import rules as campaign_rules
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from pingxuan.campaigns.models import Campaign
    from pingxuan.orgs.actors import AnyUser

    from .models import Certificate

READERS = {Role.ORGANISER, Role.LEADER, Role.SUPERVISOR}


@rules.predicate
def can_commend(user: AnyUser, campaign: Campaign) -> bool:
    """Organisers of the campaign's owner subtree (and admins) issue, revoke and generate."""
    return bool(campaign_rules.can_configure(user, campaign))


@rules.predicate
def can_read(user: AnyUser, campaign: Campaign) -> bool:
    """Organisers, leading-group members and supervisors over the campaign's owner read everything here."""
    if can_commend(user, campaign):
        return True
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, READERS, campaign=campaign))


def get_campaign(user: AnyUser, code: str, *, manage: bool = False) -> Campaign:
    """The campaign if the user may read (or, with manage, run) its commendation; otherwise 404."""
    from pingxuan.campaigns.models import Campaign

    campaign = Campaign.objects.select_related("owner").filter(code=code).first()
    allowed = campaign is not None and (can_commend(user, campaign) if manage else can_read(user, campaign))
    if not allowed:
        raise Http404("未找到该评选活动。")
    assert campaign is not None
    return campaign


def visible_certificates(user: AnyUser) -> QuerySet[Certificate]:
    from pingxuan.campaigns.models import Campaign

    from .models import Certificate

    ids = [c.pk for c in Campaign.objects.select_related("owner") if can_read(user, c)]
    return Certificate.objects.filter(campaign_id__in=ids).select_related("campaign", "campaign__owner", "category")


def get_certificate(user: AnyUser, pk: int | str) -> Certificate:
    cert = visible_certificates(user).filter(pk=pk).first()
    if cert is None:
        raise Http404("未找到该证书。")
    return cert


rules.add_perm("awards.commend", can_commend)
rules.add_perm("awards.read", can_read)
