"""Who may read the audit trail: one predicate for pages, exports and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from pingxuan.campaigns.models import Campaign
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Organisation, Role

from .models import AuditEvent

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from pingxuan.orgs.actors import AnyUser

AUDIT_ROLES = {Role.SUPERVISOR, Role.ORGANISER}


def visible_events(user: AnyUser) -> QuerySet[AuditEvent]:
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
