"""Who reaches which campaign and category: the lookups shared by the pages and the API of every area.

The predicates live in `campaigns.rules`; here they are composed with the lookups. A campaign the user may not see
does not exist for them (404); one they see but may not change is refused with the reason (403).
"""

from collections.abc import Callable

from django.http import Http404

from pingxuan.core.errors import PermissionDenied
from pingxuan.orgs.access import Viewer

from . import rules as campaign_rules
from .models import Campaign, Category

CampaignPredicate = Callable[[Viewer, Campaign], bool]


def get_campaign(user: Viewer, code: str, manage: bool = False) -> Campaign:
    """The campaign the user may see (404 otherwise); with `manage`, one they may configure (403 otherwise)."""
    campaign = Campaign.objects.select_related("owner").filter(code=code).first()
    if campaign is None or not campaign_rules.can_view_campaign(user, campaign):
        raise Http404("未找到该评选活动。")
    if manage and not campaign_rules.can_configure(user, campaign):
        raise PermissionDenied(f"您无权修改评选活动“{campaign.name}”的配置（只有本活动的活动办公室或系统管理员可以修改）。")
    return campaign


def get_campaign_where(user: Viewer, code: str, allowed: CampaignPredicate, message: str) -> Campaign:
    """A visible campaign on which `allowed(user, campaign)` holds; otherwise 404 with the area's `message`."""
    campaign = get_campaign(user, code)
    if not allowed(user, campaign):
        raise Http404(message)
    return campaign


def get_category(campaign: Campaign, code: str) -> Category:
    """The campaign's category with this code (its campaign and owner loaded), or 404."""
    category = campaign.categories.filter(code=code).select_related("campaign__owner").first()
    if category is None:
        raise Http404("未找到该奖项。")
    return category


def config_reader(user: Viewer, campaign: Campaign) -> None:
    """Refuse (403), with the reason, a viewer of the campaign who may not read its whole configuration."""
    if not campaign_rules.can_read_config(user, campaign):
        raise PermissionDenied("只有本活动的活动办公室和监督员可以查看完整配置和名额总表。")


def public_campaign(code: str) -> Campaign:
    """A campaign by its code for the public pages (rules, honour roll), which need no login; 404 when none."""
    campaign = Campaign.objects.select_related("owner").filter(code=code).first()
    if campaign is None:
        raise Http404("未找到该评选活动。")
    return campaign
