"""Who may do what with votes. The public needs no account; the organisers act through the campaign's office."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.nominations import rules as nom_rules
from pingxuan.nominations.models import Status

if TYPE_CHECKING:
    from pingxuan.campaigns.models import Campaign
    from pingxuan.orgs.actors import AnyUser

# Candidates are nominations that reached 候选 or a later stage of the selection.
CANDIDATE_STATUSES = [Status.CANDIDATE, Status.SHORTLISTED, Status.PUBLISHED, Status.AWARDED, Status.NOT_AWARDED]


def can_view_votes(user: AnyUser, campaign: Campaign) -> bool:
    """The office (organisers, leaders, supervisors) sees tallies, clusters and delegates."""
    return nom_rules.is_office(user, campaign)


def can_manage_votes(user: AnyUser, campaign: Campaign) -> bool:
    """Organisers set the rules, run the analysis, invalidate, warn and disqualify, import delegates."""
    return nom_rules.can_manage(user, campaign)


def can_enter_ballots(user: AnyUser, campaign: Campaign) -> bool:
    """Paper ballots are typed in by the office's people."""
    return nom_rules.is_office(user, campaign)
