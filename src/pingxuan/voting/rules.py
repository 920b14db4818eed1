"""Who may do what with votes. The public needs no account; the organisers act through the campaign's office."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.nominations import rules as nom_rules
from pingxuan.nominations.models import CANDIDATE_OR_LATER, Nomination

if TYPE_CHECKING:
    from typing import Any

    from django.db.models import QuerySet

    from pingxuan.campaigns.models import Campaign, Category
    from pingxuan.orgs.actors import AnyUser

# Candidates are nominations that reached 候选 or a later stage of the selection.
CANDIDATE_STATUSES = CANDIDATE_OR_LATER
# The public vote's rules where the campaign's configuration leaves them out.
DEFAULTS = {
    "enabled": False,
    "votes_per_day": 1,
    "per_candidate_per_day": 1,
    "hours": "00:00-23:59",
    "channel": "",
    "live_counts": False,
    "ip_per_day": 0,
    "device_per_day": 0,
    "captcha_after": 20,
}


def public_rules(campaign: Campaign) -> dict[str, Any]:
    return {**DEFAULTS, **((campaign.voting or {}).get("public") or {})}


def candidates(category: Category) -> QuerySet[Nomination]:
    return Nomination.objects.filter(category=category, status__in=CANDIDATE_STATUSES).select_related("unit")


def can_view_votes(user: AnyUser, campaign: Campaign) -> bool:
    """The office (organisers, leaders, supervisors) sees tallies, clusters and delegates."""
    return nom_rules.is_office(user, campaign)


def can_manage_votes(user: AnyUser, campaign: Campaign) -> bool:
    """Organisers set the rules, run the analysis, invalidate, warn and disqualify, import delegates."""
    return nom_rules.can_manage(user, campaign)


def can_enter_ballots(user: AnyUser, campaign: Campaign) -> bool:
    """Paper ballots are typed in by the office's people."""
    return nom_rules.is_office(user, campaign)
