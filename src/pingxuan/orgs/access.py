"""Who reaches which organisations and people: the lookups shared by the pages and the API.

Scoping by organisation subtree: the predicates live in `orgs.rules`; this module composes them with the lookups
(404 for what the user may not see). Every area's `access` module builds on `Viewer`.
"""

from django.db.models import QuerySet
from django.http import Http404

from . import accounts
from . import rules as org_rules
from .actors import AnyUser
from .models import Membership, Organisation, Role, User

# The user of a request: signed in or anonymous (the same type the rules take).
Viewer = AnyUser

MANAGER_ROLES = {Role.ORGANISER, Role.ADMIN}


def managed_memberships(user: Viewer) -> QuerySet[Membership]:
    """Memberships (active or ended) over organisations inside the subtrees the user manages."""
    qs = Membership.objects.select_related("user", "organisation", "campaign")
    if org_rules.is_system_admin(user):
        return qs
    return qs.filter(org_rules.subtree_q(org_rules.paths_for(user, MANAGER_ROLES), "organisation__path"))


def managed_users(user: Viewer) -> QuerySet[User]:
    """People holding (or having held) a role inside the user's managed subtrees."""
    if org_rules.is_system_admin(user):
        return User.objects.all()
    paths = org_rules.paths_for(user, MANAGER_ROLES)
    return User.objects.filter(pk__in=Membership.objects.filter(org_rules.subtree_q(paths, "organisation__path")).values("user"))


def get_person(user: Viewer, pk: int | str) -> User:
    """A person whose account the user manages, or 404 (people outside the user's subtrees do not exist for them)."""
    person = managed_users(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if person is None:
        raise Http404("未找到。")
    if not accounts.may_manage_person(user, person):
        raise Http404("未找到该人员。")
    return person


def get_org(user: Viewer, pk: int | str) -> Organisation:
    """An organisation the user may see (its subtree or the chain above it), or 404."""
    org = Organisation.objects.select_related("parent").filter(pk=pk).first()
    if org is None or not org_rules.can_view_org(user, org):
        raise Http404("未找到该组织。")
    return org
