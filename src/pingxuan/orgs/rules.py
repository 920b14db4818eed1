"""Who may see and do what with organisations and people. Scoping by organisation subtree lives here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from .models import Membership, Organisation, Role

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from django.db.models import QuerySet

    from pingxuan.campaigns.models import Campaign

    from .actors import AnyUser

ADMIN_ROLES = {Role.ADMIN}


def _memberships(user: AnyUser | None) -> list[Membership]:
    """Active memberships of a user, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Membership] | None = getattr(user, "_px_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user, is_active=True).select_related("organisation").order_by("id"))  # type: ignore[misc]
        user._px_memberships = cached  # type: ignore[union-attr]
    return cached


def forget(user: AnyUser) -> None:
    if hasattr(user, "_px_memberships"):
        del user._px_memberships


def paths_for(user: AnyUser, roles: Collection[str] | None = None, campaign: Campaign | int | None = None) -> list[str]:
    """The subtree paths a user reaches with any of `roles` (all roles when None)."""
    out = []
    for m in _memberships(user):
        if roles is not None and m.role not in roles:
            continue
        if campaign is not None and m.campaign_id not in (None, getattr(campaign, "pk", campaign)):
            continue
        out.append(m.organisation.path)
    return out


def roles_of(user: AnyUser) -> set[str]:
    return {m.role for m in _memberships(user)}


def is_system_admin(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or Role.ADMIN in roles_of(user)))


def in_subtree(path: str, roots: Iterable[str]) -> bool:
    return any(path.startswith(root) for root in roots)


def subtree_q(paths: Iterable[str], field: str = "path") -> Q:
    """A filter matching every organisation below any of the given paths; matches nothing when empty."""
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


def visible_orgs(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations a user may see: the subtrees of their memberships, and the chain of ancestors above them."""
    if is_system_admin(user):
        return Organisation.objects.all()
    paths = paths_for(user)
    ancestor_ids = {int(x) for p in paths for x in p.strip("/").split("/") if x}
    return Organisation.objects.filter(subtree_q(paths) | Q(pk__in=ancestor_ids))


def is_organiser_anywhere(user: AnyUser) -> bool:
    return Role.ORGANISER in roles_of(user) or is_system_admin(user)


def can_view_org(user: AnyUser, org: Organisation | None) -> bool:
    if org is None:
        return False
    if is_system_admin(user):
        return True
    paths = paths_for(user)
    return in_subtree(org.path, paths) or any(p.startswith(org.path) for p in paths)


def can_manage_org(user: AnyUser, org: Organisation | None) -> bool:
    """Organisers and admins manage the organisations inside their subtree."""
    if is_system_admin(user):
        return True
    if org is None:
        return False
    return in_subtree(org.path, paths_for(user, {Role.ORGANISER, Role.ADMIN}))


def can_manage_people(user: AnyUser, org: Organisation | None) -> bool:
    return bool(can_manage_org(user, org))


def can_read_audit(user: AnyUser) -> bool:
    return is_system_admin(user) or bool(roles_of(user) & {Role.SUPERVISOR, Role.ORGANISER})
