"""Who may see and do what with organisations and people. Scoping by organisation subtree lives here."""

from django.db.models import Q

from .models import Membership, Organisation, Role

ADMIN_ROLES = {Role.ADMIN}


def _memberships(user):
    """Active memberships of a user, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_px_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user, is_active=True).select_related("organisation").order_by("id"))
        user._px_memberships = cached
    return cached


def forget(user):
    if hasattr(user, "_px_memberships"):
        del user._px_memberships


def paths_for(user, roles=None, campaign=None):
    """The subtree paths a user reaches with any of `roles` (all roles when None)."""
    out = []
    for m in _memberships(user):
        if roles is not None and m.role not in roles:
            continue
        if campaign is not None and m.campaign_id not in (None, getattr(campaign, "pk", campaign)):
            continue
        out.append(m.organisation.path)
    return out


def roles_of(user):
    return {m.role for m in _memberships(user)}


def is_system_admin(user):
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or Role.ADMIN in roles_of(user)))


def in_subtree(path, roots):
    return any(path.startswith(root) for root in roots)


def subtree_q(paths, field="path"):
    """A filter matching every organisation below any of the given paths; matches nothing when empty."""
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


def visible_orgs(user):
    """Organisations a user may see: the subtrees of their memberships, and the chain of ancestors above them."""
    if is_system_admin(user):
        return Organisation.objects.all()
    paths = paths_for(user)
    ancestor_ids = {int(x) for p in paths for x in p.strip("/").split("/") if x}
    return Organisation.objects.filter(subtree_q(paths) | Q(pk__in=ancestor_ids))


def is_organiser_anywhere(user):
    return Role.ORGANISER in roles_of(user) or is_system_admin(user)


def can_view_org(user, org):
    if org is None:
        return False
    if is_system_admin(user):
        return True
    paths = paths_for(user)
    return in_subtree(org.path, paths) or any(p.startswith(org.path) for p in paths)


def can_manage_org(user, org):
    """Organisers and admins manage the organisations inside their subtree."""
    if is_system_admin(user):
        return True
    if org is None:
        return False
    return in_subtree(org.path, paths_for(user, {Role.ORGANISER, Role.ADMIN}))


def can_manage_people(user, org):
    return can_manage_org(user, org)


def can_read_audit(user):
    return is_system_admin(user) or bool(roles_of(user) & {Role.SUPERVISOR, Role.ORGANISER})
