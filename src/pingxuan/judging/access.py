"""Who reaches the office's judging pages and API, and the on-site sessions: lookups shared by pages and API.

The predicates live in `judging.rules`; the campaign office lookup itself is `nominations.access.office_campaign`.
"""

from django.http import Http404

from pingxuan.campaigns.access import get_category
from pingxuan.campaigns.models import Campaign, Category
from pingxuan.core.errors import PermissionDenied
from pingxuan.nominations import access as nom_access
from pingxuan.orgs.access import Viewer

from . import rules
from .models import OnsiteSession, ScoreSheet

office_nomination = nom_access.office_nomination


def office_campaign(user: Viewer, code: str) -> Campaign:
    """The campaign whose judging the user's office runs or follows; 404 for everyone else."""
    return nom_access.office_campaign(user, code, "未找到该评选活动的评审。")


def office_category(user: Viewer, code: str, cat: str) -> Category:
    """A category of a campaign whose judging the user's office runs or follows; 404 for everyone else."""
    return get_category(office_campaign(user, code), cat)


def office_sheet(user: Viewer, pk: int | str, campaign: Campaign | None = None) -> ScoreSheet:
    """A score sheet (of `campaign` when given) of a campaign whose judging the user's office follows; else 404."""
    sheet = ScoreSheet.objects.select_related("nomination__campaign__owner", "nomination__category").filter(pk=pk).first()
    if sheet is None or not rules.can_view_results(user, sheet.nomination.campaign):
        raise Http404("未找到该评分表。")
    if campaign is not None and sheet.nomination.campaign_id != campaign.pk:
        raise Http404("未找到该评分表。")
    return sheet


def require_manage(user: Viewer, campaign: Campaign, what: str) -> None:
    """Refuse (403) anyone but the office's organisers (review, candidates, panels, on-site control); `what` names it."""
    if not rules.can_manage(user, campaign):
        raise PermissionDenied(f"只有本活动的活动办公室可以{what}。")


def get_session(user: Viewer, pk: int | str, manage: bool = False) -> OnsiteSession:
    """An on-site session seen by the office or (without `manage`) by the panel's judges; 404 for anyone else."""
    session = OnsiteSession.objects.select_related("category__campaign__owner").filter(pk=pk).first()
    if session is None:
        raise Http404("未找到该汇报展示会。")
    if rules.can_view_results(user, session.category.campaign):
        return session
    if not manage and user.is_authenticated and session.category.panel.judges.filter(pk=user.pk).exists():
        return session
    raise Http404("未找到该汇报展示会。")
