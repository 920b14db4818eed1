"""Who reaches the audit trail's pages and API: one check shared by both (the predicate is `orgs.rules`)."""

from django.http import Http404

from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.access import Viewer


def require_reader(user: Viewer) -> None:
    """404 for anyone who may not read the audit trail: for them it does not exist."""
    if not org_rules.can_read_audit(user):
        raise Http404("未找到。")
