"""Who sees what through the API, beyond the predicates of `orgs.rules` and `campaigns.rules`.

Kept here (not in the areas' rules modules) because only the API needs them for now; each is one predicate
or one queryset, written so that a list costs the same number of queries whatever its length.
"""

from django.db.models import Q

from pingxuan.campaigns import rules as campaign_rules
from pingxuan.core.errors import PermissionDenied
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

# A campaign the user may see, or 404 (a campaign outside the user's tree does not exist for them).
get_campaign = campaign_rules.get_visible_campaign


def can_read_config(user, campaign):
    """The whole configuration document (with every unit's quota) is for the organisers who configure the
    campaign, and for supervisors whose subtree holds its owner. Other viewers see the categories, phases
    and the quota rows of their own units."""
    if campaign_rules.can_configure(user, campaign):
        return True
    return org_rules.in_subtree(campaign.owner.path, org_rules.paths_for(user, {Role.SUPERVISOR}, campaign=campaign))


def config_reader(user, campaign):
    """Refuse, with the reason, a viewer of the campaign who may not read its whole configuration."""
    if not can_read_config(user, campaign):
        raise PermissionDenied("只有本活动的活动办公室和监督员可以查看完整配置和名额总表。")


def visible_unit_q(user, campaign, field="organisation"):
    """Rows about units (quotas, extensions): all of them for configuration readers, else the visible units."""
    if can_read_config(user, campaign):
        return Q()
    return org_rules.subtree_q(org_rules.paths_for(user, campaign=campaign), f"{field}__path")
