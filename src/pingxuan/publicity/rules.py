"""Who may publish, read the register of objections and decide them.

The campaign's office (organisers over the owner) publishes and handles objections; leaders and supervisors over the
owner read the register. Anyone else finds no office page or API object (404). The public pages need no login.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from pingxuan.campaigns import rules as campaign_rules
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

if TYPE_CHECKING:
    from pingxuan.campaigns.models import Campaign
    from pingxuan.orgs.actors import AnyUser

    from .models import Objection, Publication

READERS = {Role.ORGANISER, Role.ADMIN, Role.LEADER, Role.SUPERVISOR}


def can_manage(user: AnyUser, campaign: Campaign) -> bool:
    return bool(campaign_rules.can_configure(user, campaign))


def can_read(user: AnyUser, campaign: Campaign) -> bool:
    if can_manage(user, campaign):
        return True
    paths = org_rules.paths_for(user, READERS, campaign=campaign)
    return any(campaign.owner.path.startswith(p) for p in paths)


def get_campaign(user: AnyUser, code: str) -> Campaign:
    """A campaign whose publicity the user may read, or 404."""
    from pingxuan.campaigns.models import Campaign

    campaign = Campaign.objects.select_related("owner").filter(code=code).first()
    if campaign is None or not can_read(user, campaign):
        raise Http404("未找到该评选活动。")
    return campaign


def get_publication(user: AnyUser, pk: int | str) -> Publication:
    from .models import Publication

    pub = Publication.objects.select_related("campaign__owner").filter(pk=pk).first()
    if pub is None or not can_read(user, pub.campaign):
        raise Http404("未找到该公示。")
    return pub


def get_objection(user: AnyUser, pk: int | str) -> Objection:
    from .models import Objection

    obj = Objection.objects.select_related("publication__campaign__owner", "entry").filter(pk=pk).first()
    if obj is None or not can_read(user, obj.publication.campaign):
        raise Http404("未找到该异议。")
    return obj


def public_publication(pk: int | str) -> Publication:
    """A publication anyone may see (every publication is public once published)."""
    from .models import Publication

    pub = Publication.objects.select_related("campaign").filter(pk=pk).first()
    if pub is None:
        raise Http404("未找到该公示。")
    return pub
