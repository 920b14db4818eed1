"""The approval chain (逐级审核): which organisation gives the opinion at each level of a category's chain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.orgs.models import Organisation, Role

from .models import Status

if TYPE_CHECKING:
    from typing import Any

    from pingxuan.campaigns.models import Category
    from pingxuan.orgs.actors import AnyUser

    from .models import Nomination

APPROVING_ROLES = {Role.APPROVER, Role.LEADER, Role.ORGANISER}


def levels(category: Category) -> list[dict[str, Any]]:
    return category.approval or []


def chain_of(nomination: Nomination) -> list[Organisation]:
    """Ancestors-or-self of the nominating unit, nearest first."""
    ids = [int(x) for x in nomination.unit.path.strip("/").split("/") if x]
    by_id = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    return [by_id[i] for i in reversed(ids) if i in by_id]


def approver_org(nomination: Nomination, level_index: int, chain: list[Organisation] | None = None) -> Organisation | None:
    """The organisation whose responsible person decides at this level.

    A level names the kind of organisation (`org_kind`); the nearest ancestor-or-self of that kind decides.
    Without a kind: the first level is the nominating unit, the last is the campaign's owner, others the
    recommending unit.
    """
    all_levels = levels(nomination.category)
    level = all_levels[level_index]
    chain = chain if chain is not None else chain_of(nomination)
    kind = level.get("org_kind")
    if kind:
        if kind == "leading_group":
            return nomination.campaign.owner
        for org in chain:
            if org.kind == kind:
                return org
        if kind == "recommending_unit":
            return nomination.recommender
        return None
    if level_index == 0:
        return nomination.unit
    if level_index == len(all_levels) - 1:
        return nomination.campaign.owner
    return nomination.recommender


def approver_roles(nomination: Nomination, org: Organisation) -> set[Role]:
    """At the owner's level the leading group's members and the office decide too; elsewhere the unit's approver."""
    if org == nomination.campaign.owner:
        return {Role.APPROVER, Role.LEADER, Role.ORGANISER}
    return {Role.APPROVER}


def is_their_turn(user: AnyUser, nomination: Nomination, chain: list[Organisation] | None = None) -> bool:
    from pingxuan.orgs import rules as org_rules

    if nomination.status != Status.SUBMITTED or not levels(nomination.category):
        return False
    org = approver_org(nomination, nomination.level, chain)
    if org is None:
        return False
    roles = approver_roles(nomination, org)
    return any(
        m.organisation_id == org.pk and m.role in roles and m.campaign_id in (None, nomination.campaign_id)
        for m in org_rules._memberships(user)
    )


def awaiting(user: AnyUser) -> list[dict[str, Any]]:
    """Nominations (all campaigns) whose current level is this person's: a fixed number of queries for any number."""
    from pingxuan.orgs import rules as org_rules

    from .models import Nomination

    paths = org_rules.paths_for(user, APPROVING_ROLES)
    if not paths:
        return []
    candidates = list(
        Nomination.objects.filter(status=Status.SUBMITTED)
        .filter(org_rules.subtree_q(paths, field="unit__path"))
        .select_related("campaign__owner", "category", "unit", "recommender")
        .order_by("campaign_id", "submitted_at", "id")
    )
    ids = {int(x) for n in candidates for x in n.unit.path.strip("/").split("/") if x}
    orgs = Organisation.objects.in_bulk(ids)
    rows = []
    for n in candidates:
        chain = [orgs[int(x)] for x in reversed(n.unit.path.strip("/").split("/")) if x and int(x) in orgs]
        if is_their_turn(user, n, chain=chain):
            chain_levels = levels(n.category)
            rows.append(
                {
                    "n": n,
                    "level": chain_levels[n.level],
                    "step": f"{n.level + 1}/{len(chain_levels)}",
                    "org": approver_org(n, n.level, chain),
                }
            )
    return rows
