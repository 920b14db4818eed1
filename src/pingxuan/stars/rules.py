"""Who may see and do what in a standing programme.

Organisers (and supervisors, read-only) hold a membership at or above the programme's owner; window staff
hold a membership at or above their window inside the owner's subtree and see only their windows. Anyone
else gets 404 for the programme's non-public pages and API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Organisation, OrgKind, Role

if TYPE_CHECKING:
    from collections.abc import Collection

    from django.db.models import QuerySet

    from pingxuan.orgs.actors import AnyUser

    from .models import Programme

MANAGERS = {Role.ORGANISER, Role.ADMIN}
READERS = {Role.ORGANISER, Role.ADMIN, Role.SUPERVISOR, Role.LEADER}
STAFF = {Role.ORGANISER, Role.ADMIN, Role.CLERK, Role.APPROVER}
LEADERS = {Role.LEADER, Role.ORGANISER, Role.ADMIN}


def _covers(user: AnyUser, roles: Collection[str], path: str) -> bool:
    """A membership with one of `roles` at `path` or above it."""
    return any(path.startswith(p) for p in org_rules.paths_for(user, roles))


def can_manage_programme(user: AnyUser, programme: Programme) -> bool:
    return org_rules.is_system_admin(user) or _covers(user, MANAGERS, programme.owner.path)


def can_create_programme(user: AnyUser, org: Organisation) -> bool:
    """Create a standing programme owned by `org` (or by an organisation below it): its organisers and admins."""
    return org_rules.is_system_admin(user) or _covers(user, MANAGERS, org.path)


def can_read_programme(user: AnyUser, programme: Programme) -> bool:
    """The whole programme (every window, every rating and complaint): organisers and supervisors."""
    return org_rules.is_system_admin(user) or _covers(user, READERS, programme.owner.path)


def staff_paths(user: AnyUser, programme: Programme) -> list[str]:
    """The subtrees inside the programme a window's staff reach (their own memberships below the owner)."""
    owner = programme.owner.path
    return [p for p in org_rules.paths_for(user, STAFF | {Role.LEADER}) if p.startswith(owner)]


def can_view_programme(user: AnyUser, programme: Programme) -> bool:
    return can_read_programme(user, programme) or bool(staff_paths(user, programme))


def windows(programme: Programme) -> QuerySet[Organisation]:
    return Organisation.objects.filter(path__startswith=programme.owner.path, kind=OrgKind.WINDOW, is_active=True)


def visible_windows(user: AnyUser, programme: Programme) -> QuerySet[Organisation]:
    qs = windows(programme)
    if can_read_programme(user, programme):
        return qs
    return qs.filter(org_rules.subtree_q(staff_paths(user, programme)))


def can_view_window(user: AnyUser, programme: Programme, window: Organisation) -> bool:
    return can_read_programme(user, programme) or org_rules.in_subtree(window.path, staff_paths(user, programme))


def can_staff_window(user: AnyUser, programme: Programme, window: Organisation) -> bool:
    """Publish commitments, review them, answer complaints, file weekly summaries for this window."""
    if not window.path.startswith(programme.owner.path):
        return False
    return org_rules.is_system_admin(user) or _covers(user, STAFF, window.path)


def can_staff_org(user: AnyUser, programme: Programme, org: Organisation) -> bool:
    return can_staff_window(user, programme, org)


def can_lead(user: AnyUser, programme: Programme, org: Organisation) -> bool:
    """领导点评 of a subject whose organisation is `org`."""
    if not org.path.startswith(programme.owner.path):
        return False
    return org_rules.is_system_admin(user) or _covers(user, LEADERS, org.path)


def visible_programmes(user: AnyUser) -> list[Programme]:
    """The programmes whose staff pages the user reaches (organisers, supervisors, leaders, window staff)."""
    from .models import Programme

    if not user.is_authenticated:
        return []
    return [p for p in Programme.objects.select_related("owner").order_by("id") if can_view_programme(user, p)]
