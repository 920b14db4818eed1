"""Who may see and do what in commendation. Outside these rules an object does not exist for the user (404)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.campaigns import rules as campaign_rules
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

if TYPE_CHECKING:
    from pingxuan.campaigns.models import Campaign
    from pingxuan.orgs.actors import AnyUser


READERS = {Role.ORGANISER, Role.LEADER, Role.SUPERVISOR}


def can_commend(user: AnyUser, campaign: Campaign) -> bool:
    """Organisers of the campaign's owner subtree (and admins) issue, revoke and generate."""
    return bool(campaign_rules.can_configure(user, campaign))


def can_read(user: AnyUser, campaign: Campaign) -> bool:
    """Organisers, leading-group members and supervisors over the campaign's owner read everything here."""
    if can_commend(user, campaign):
        return True
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, READERS, campaign=campaign))
