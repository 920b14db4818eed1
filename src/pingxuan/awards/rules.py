"""Who may see and do what in commendation. Outside these rules an object does not exist for the user (404)."""

import rules
from django.http import Http404

from pingxuan.campaigns import rules as campaign_rules
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

READERS = {Role.ORGANISER, Role.LEADER, Role.SUPERVISOR}


@rules.predicate
def can_commend(user, campaign):
    """Organisers of the campaign's owner subtree (and admins) issue, revoke and generate."""
    return campaign_rules.can_configure(user, campaign)


@rules.predicate
def can_read(user, campaign):
    """Organisers, leading-group members and supervisors over the campaign's owner read everything here."""
    if can_commend(user, campaign):
        return True
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, READERS, campaign=campaign))


def get_campaign(user, code, *, manage=False):
    """The campaign if the user may read (or, with manage, run) its commendation; otherwise 404."""
    from pingxuan.campaigns.models import Campaign

    campaign = Campaign.objects.select_related("owner").filter(code=code).first()
    allowed = campaign is not None and (can_commend(user, campaign) if manage else can_read(user, campaign))
    if not allowed:
        raise Http404("未找到该评选活动。")
    return campaign


def visible_certificates(user):
    from pingxuan.campaigns.models import Campaign

    from .models import Certificate

    ids = [c.pk for c in Campaign.objects.select_related("owner") if can_read(user, c)]
    return Certificate.objects.filter(campaign_id__in=ids).select_related("campaign", "campaign__owner", "category")


def get_certificate(user, pk):
    cert = visible_certificates(user).filter(pk=pk).first()
    if cert is None:
        raise Http404("未找到该证书。")
    return cert


rules.add_perm("awards.commend", can_commend)
rules.add_perm("awards.read", can_read)
