"""Who may publish, read the register of objections and decide them.

The campaign's office (organisers over the owner) publishes and handles objections; leaders and supervisors over the
owner read the register. Anyone else finds no office page or API object (404). The public pages need no login.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.campaigns import rules as campaign_rules
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

if TYPE_CHECKING:
    from pingxuan.campaigns.models import Campaign
    from pingxuan.orgs.actors import AnyUser


READERS = {Role.ORGANISER, Role.ADMIN, Role.LEADER, Role.SUPERVISOR}


def can_manage(user: AnyUser, campaign: Campaign) -> bool:
    return bool(campaign_rules.can_configure(user, campaign))


def can_read(user: AnyUser, campaign: Campaign) -> bool:
    if can_manage(user, campaign):
        return True
    paths = org_rules.paths_for(user, READERS, campaign=campaign)
    return any(campaign.owner.path.startswith(p) for p in paths)
