"""Who may see and act on nominations. The office sees all of a campaign; units see their own subtree."""

import rules

from pingxuan.campaigns.rules import OFFICE_ROLES, can_configure, is_office, unit_paths  # noqa: F401  (the office)
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Role

from .models import Status

EDITABLE = {Status.DRAFT, Status.RETURNED}


@rules.predicate
def can_view_nomination(user, nomination):
    if is_office(user, nomination.campaign):
        return True
    return org_rules.in_subtree(nomination.unit.path, unit_paths(user, nomination.campaign))


def can_nominate_for(user, campaign, unit):
    return org_rules.in_subtree(unit.path, unit_paths(user, campaign, roles=(Role.CLERK,)))


@rules.predicate
def can_edit(user, nomination):
    return nomination.status in EDITABLE and can_nominate_for(user, nomination.campaign, nomination.unit)


def can_import_for(user, campaign, unit):
    """The campaign's office may import drafts for every unit of the campaign (one file for all units)."""
    from pingxuan.campaigns import rules as campaign_rules

    return can_manage(user, campaign) and campaign_rules.org_in_campaign(unit, campaign)


def can_manage(user, campaign):
    """The office's actions: receive, disqualify, comment on pre-reviews, grant extensions."""
    return can_configure(user, campaign) or org_rules.in_subtree(
        campaign.owner.path, org_rules.paths_for(user, {Role.ORGANISER}, campaign=campaign)
    )


def visible_nominations(user, campaign):
    from .models import Nomination

    qs = Nomination.objects.filter(campaign=campaign)
    if is_office(user, campaign):
        return qs
    return qs.filter(org_rules.subtree_q(unit_paths(user, campaign), field="unit__path"))
