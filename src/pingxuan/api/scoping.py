"""Who sees what through the API, beyond the predicates of `orgs.rules` and `campaigns.rules`.

Kept here (not in the areas' rules modules) because only the API needs them for now; each is one predicate
or one queryset, written so that a list costs the same number of queries whatever its length.
"""

from django.db.models import Q
from django.http import Http404

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns import rules as campaign_rules
from pingxuan.campaigns.models import Campaign
from pingxuan.core.errors import PermissionDenied
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Organisation, Role

AUDIT_ROLES = {Role.SUPERVISOR, Role.ORGANISER}


def get_campaign(user, code):
    """A campaign the user may see, or 404 (a campaign outside the user's tree does not exist for them)."""
    campaign = Campaign.objects.select_related("owner").filter(code=code).first()
    if campaign is None or not campaign_rules.can_view_campaign(user, campaign):
        raise Http404("未找到该评选活动。")
    return campaign


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


def visible_events(user):
    """Audit events a user may read.

    - System administrators read every event.
    - A supervisor or an organiser reads, for each such role they hold over a subtree, the events about
      organisations inside that subtree and the events of campaigns whose owner is inside it. A role tied to
      one campaign narrows this to that campaign's events. So the 东宝区 supervisor reads 东宝区's events
      but not those of the city-wide campaign's other districts, and events without an organisation or a
      campaign (system settings) stay with the administrators.
    - Anyone else reads nothing (the endpoint answers 404 for them).
    """
    if org_rules.is_system_admin(user):
        return AuditEvent.objects.all()
    q = Q(pk__in=[])
    for m in org_rules._memberships(user):
        if m.role not in AUDIT_ROLES:
            continue
        path = m.organisation.path
        orgs = Organisation.objects.filter(path__startswith=path).values("pk")
        owned = Campaign.objects.filter(owner__path__startswith=path)
        if m.campaign_id is None:
            q |= Q(organisation_id__in=orgs) | Q(campaign_id__in=owned.values("pk"))
        elif Campaign.objects.filter(pk=m.campaign_id, owner__path__startswith=path).exists():
            q |= Q(campaign_id=m.campaign_id)
        else:
            q |= Q(campaign_id=m.campaign_id, organisation_id__in=orgs)
    return AuditEvent.objects.filter(q)
