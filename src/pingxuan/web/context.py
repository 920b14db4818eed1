from pingxuan.orgs import rules as org_rules


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    roles = org_rules.roles_of(user)
    return {
        "nav_roles": sorted(roles),
        "nav_is_admin": org_rules.is_system_admin(user),
        "nav_is_organiser": org_rules.is_organiser_anywhere(user),
        "nav_can_audit": org_rules.can_read_audit(user),
    }
