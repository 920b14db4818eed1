"""Who may see and act on nominations. The office sees all of a campaign; units see their own subtree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.campaigns.rules import OFFICE_ROLES, can_configure, is_office, unit_paths  # noqa: F401  (the office)
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

from .models import Status

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from pingxuan.campaigns.models import Campaign
    from pingxuan.orgs.actors import AnyUser
    from pingxuan.orgs.models import Organisation

    from .models import Nomination, PreReview

EDITABLE = {Status.DRAFT, Status.RETURNED}


def can_view_nomination(user: AnyUser, nomination: Nomination) -> bool:
    if is_office(user, nomination.campaign):
        return True
    return org_rules.in_subtree(nomination.unit.path, unit_paths(user, nomination.campaign))


def can_nominate_for(user: AnyUser, campaign: Campaign, unit: Organisation) -> bool:
    return org_rules.in_subtree(unit.path, unit_paths(user, campaign, roles=(Role.CLERK,)))


def can_edit(user: AnyUser, nomination: Nomination) -> bool:
    return nomination.status in EDITABLE and can_nominate_for(user, nomination.campaign, nomination.unit)


def can_import_for(user: AnyUser, campaign: Campaign, unit: Organisation) -> bool:
    """The campaign's office may import drafts for every unit of the campaign (one file for all units)."""
    from pingxuan.campaigns import rules as campaign_rules

    return can_manage(user, campaign) and campaign_rules.org_in_campaign(unit, campaign)


def can_manage(user: AnyUser, campaign: Campaign) -> bool:
    """The office's actions: receive, disqualify, comment on pre-reviews, grant extensions."""
    return can_configure(user, campaign) or org_rules.in_subtree(
        campaign.owner.path, org_rules.paths_for(user, {Role.ORGANISER}, campaign=campaign)
    )


def visible_prereviews(user: AnyUser, campaign: Campaign) -> QuerySet[PreReview]:
    """Pre-reviews of the campaign: all of them for its office, else those of the user's units (newest first)."""
    from .models import PreReview

    qs = (
        PreReview.objects.filter(campaign=campaign)
        .select_related("campaign", "unit", "sent_by", "commented_by")
        .prefetch_related("nominations__category", "nominations__unit")
        .order_by("-sent_at", "-id")
    )
    if is_office(user, campaign):
        return qs
    return qs.filter(org_rules.subtree_q(unit_paths(user, campaign), field="unit__path"))


def visible_nominations(user: AnyUser, campaign: Campaign) -> QuerySet[Nomination]:
    from .models import Nomination

    qs = Nomination.objects.filter(campaign=campaign)
    if is_office(user, campaign):
        return qs
    return qs.filter(org_rules.subtree_q(unit_paths(user, campaign), field="unit__path"))
