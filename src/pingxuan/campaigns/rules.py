"""Who may see and configure a campaign."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from pingxuan.orgs.actors import AnyUser
    from pingxuan.orgs.models import Organisation

    from .models import Campaign


# A campaign's office: organisers, leaders and supervisors over its owner's subtree (the nominations, judging, voting
# and results areas read it through their own rules).
OFFICE_ROLES = {Role.ORGANISER, Role.LEADER, Role.SUPERVISOR}


def is_office(user: AnyUser, campaign: Campaign) -> bool:
    if org_rules.is_system_admin(user):
        return True
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, OFFICE_ROLES, campaign=campaign))


def unit_paths(user: AnyUser, campaign: Campaign, roles: Iterable[Role] = (Role.CLERK, Role.APPROVER)) -> list[str]:
    """The subtrees where the user holds one of `roles` (by default a unit's clerk or approver) in the campaign."""
    return org_rules.paths_for(user, set(roles), campaign=campaign)


def org_in_campaign(org: Organisation, campaign: Campaign) -> bool:
    return org.path.startswith(campaign.owner.path)


def can_view_campaign(user: AnyUser, campaign: Campaign) -> bool:
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


def can_configure(user: AnyUser, campaign: Campaign) -> bool:
    if org_rules.is_system_admin(user):
        return True
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, {Role.ORGANISER}, campaign=campaign))


def can_create_campaign(user: AnyUser, owner: Organisation) -> bool:
    if org_rules.is_system_admin(user):
        return True
    return org_rules.in_subtree(owner.path, org_rules.paths_for(user, {Role.ORGANISER}))


def visible_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    from .models import Campaign

    qs = Campaign.objects.select_related("owner")
    if org_rules.is_system_admin(user):
        return qs
    ids = [c.pk for c in qs if can_view_campaign(user, c)]
    return qs.filter(pk__in=ids)


def can_read_config(user: AnyUser, campaign: Campaign) -> bool:
    """The whole configuration document (with every unit's quota) is for the organisers who configure the
    campaign, and for supervisors whose subtree holds its owner. Other viewers see the categories, phases
    and the quota rows of their own units."""
    if can_configure(user, campaign):
        return True
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, {Role.SUPERVISOR}, campaign=campaign))


def visible_unit_q(user: AnyUser, campaign: Campaign, field: str = "organisation") -> Q:
    """Rows about units (quotas, extensions): all of them for configuration readers, else the visible units."""
    if can_read_config(user, campaign):
        return Q()
    return org_rules.subtree_q(org_rules.paths_for(user, campaign=campaign), f"{field}__path")
