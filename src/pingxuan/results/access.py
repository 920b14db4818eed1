"""Who reaches the results pages and API (the campaign's office): lookups shared by pages and API.

The predicates live in `results.rules`; the campaign office lookup itself is `nominations.access.office_campaign`.
"""

from typing import Any

from django.http import Http404

from pingxuan.campaigns.access import get_category
from pingxuan.campaigns.models import Campaign, Category
from pingxuan.nominations import access as nom_access
from pingxuan.nominations.models import Nomination
from pingxuan.orgs.access import Viewer

from . import rules
from .explain import explain
from .models import ResultList


def office_campaign(user: Viewer, code: str) -> Campaign:
    """The campaign whose results the user's office reads; 404 for everyone else."""
    return nom_access.office_campaign(user, code, "未找到该评选活动的结果。")


def office_category(user: Viewer, code: str, cat: str) -> Category:
    """A category of a campaign whose results the user's office reads; 404 for everyone else."""
    return get_category(office_campaign(user, code), cat)


office_nomination = nom_access.office_nomination


def explanation(nomination: Nomination) -> dict[str, Any]:
    """The explanation of a nomination's total, or 404 while it is not ranked."""
    data: dict[str, Any] | None = explain(nomination)  # type: ignore[no-untyped-call]
    if data is None:
        raise Http404("该申报不在排名中（尚未成为候选对象，或已取消资格）。")
    return data


def office_list(user: Viewer, pk: int | str, campaign: Campaign | None = None) -> ResultList:
    """A staged list (of `campaign` when given) whose campaign's results the user's office reads; 404 otherwise."""
    result_list = ResultList.objects.select_related("campaign__owner", "category").filter(pk=pk).first()
    if result_list is None or not rules.can_view(user, result_list.campaign):
        raise Http404("未找到该名单。")
    if campaign is not None and result_list.campaign_id != campaign.pk:
        raise Http404("未找到该名单。")
    return result_list
