"""Who may see and configure a campaign."""

import rules
from django.http import Http404

from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

# A campaign's office: organisers, leaders and supervisors over its owner's subtree (the nominations, judging, voting
# and results areas read it through their own rules).
OFFICE_ROLES = {Role.ORGANISER, Role.LEADER, Role.SUPERVISOR}


def is_office(user, campaign):
    if org_rules.is_system_admin(user):
        return True
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, OFFICE_ROLES, campaign=campaign))


def unit_paths(user, campaign, roles=(Role.CLERK, Role.APPROVER)):
    """The subtrees where the user holds one of `roles` (by default a unit's clerk or approver) in the campaign."""
    return org_rules.paths_for(user, set(roles), campaign=campaign)


def org_in_campaign(org, campaign):
    return org.path.startswith(campaign.owner.path)


@rules.predicate
def can_view_campaign(user, campaign):
    """Anyone with a role in the campaign's tree (above or below its owner), or tied to the campaign."""
    if org_rules.is_system_admin(user):
        return True
    owner_path = campaign.owner.path
    for m in org_rules._memberships(user):
        if m.campaign_id not in (None, campaign.pk):
            continue
        path = m.organisation.path
        if path.startswith(owner_path) or owner_path.startswith(path):
            return True
    return False


@rules.predicate
def can_configure(user, campaign):
    if org_rules.is_system_admin(user):
        return True
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, {Role.ORGANISER}, campaign=campaign))


@rules.predicate
def can_create_campaign(user, owner):
    if org_rules.is_system_admin(user):
        return True
    return org_rules.in_subtree(owner.path, org_rules.paths_for(user, {Role.ORGANISER}))


def get_visible_campaign(user, code):
    """A campaign the user may see, or 404 (a campaign outside the user's tree does not exist for them)."""
    from .models import Campaign

    campaign = Campaign.objects.select_related("owner").filter(code=code).first()
    if campaign is None or not can_view_campaign(user, campaign):
        raise Http404("未找到该评选活动。")
    return campaign


def visible_campaigns(user):
    from .models import Campaign

    qs = Campaign.objects.select_related("owner")
    if org_rules.is_system_admin(user):
        return qs
    ids = [c.pk for c in qs if can_view_campaign(user, c)]
    return qs.filter(pk__in=ids)


rules.add_perm("campaigns.view_campaign", can_view_campaign)
rules.add_perm("campaigns.change_campaign", can_configure)
