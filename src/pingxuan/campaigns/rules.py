"""Who may see and configure a campaign."""

from django.db.models import Q

from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role


def org_in_campaign(org, campaign):
    return org.path.startswith(campaign.owner.path)


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


def can_configure(user, campaign):
    if org_rules.is_system_admin(user):
        return True
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, {Role.ORGANISER}, campaign=campaign))


def can_create_campaign(user, owner):
    if org_rules.is_system_admin(user):
        return True
    return org_rules.in_subtree(owner.path, org_rules.paths_for(user, {Role.ORGANISER}))


def visible_campaigns(user):
    from .models import Campaign

    qs = Campaign.objects.select_related("owner")
    if org_rules.is_system_admin(user):
        return qs
    ids = [c.pk for c in qs if can_view_campaign(user, c)]
    return qs.filter(pk__in=ids)


def can_read_config(user, campaign):
    """The whole configuration document (with every unit's quota) is for the organisers who configure the
    campaign, and for supervisors whose subtree holds its owner. Other viewers see the categories, phases
    and the quota rows of their own units."""
    if can_configure(user, campaign):
        return True
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, {Role.SUPERVISOR}, campaign=campaign))


def visible_unit_q(user, campaign, field="organisation"):
    """Rows about units (quotas, extensions): all of them for configuration readers, else the visible units."""
    if can_read_config(user, campaign):
        return Q()
    return org_rules.subtree_q(org_rules.paths_for(user, campaign=campaign), f"{field}__path")
