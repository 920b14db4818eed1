"""Who may see and act on results. The office (organisers, leaders, supervisors) reads; organisers and leading-group
members stage and apply lists; only leading-group members (or a system administrator) record the decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.nominations import rules as nom_rules
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

if TYPE_CHECKING:
    from pingxuan.campaigns.models import Campaign
    from pingxuan.orgs.actors import AnyUser


def can_view(user: AnyUser, campaign: Campaign) -> bool:
    return nom_rules.is_office(user, campaign)


def is_leader(user: AnyUser, campaign: Campaign) -> bool:
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, {Role.LEADER}, campaign=campaign))


def can_stage(user: AnyUser, campaign: Campaign) -> bool:
    """Prepare and apply a shortlist or final list: the office that runs the campaign, or the leading group."""
    return nom_rules.can_manage(user, campaign) or is_leader(user, campaign)


def can_decide(user: AnyUser, campaign: Campaign) -> bool:
    """The final list is the leading group's decision (领导小组审定), not the office's."""
    return org_rules.is_system_admin(user) or is_leader(user, campaign)
