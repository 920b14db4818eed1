"""Who reaches commendation: the lookups shared by the pages and the API, public ones included.

The predicates live in `awards.rules`. Outside them an object does not exist for the user (404).
"""

from django.db.models import QuerySet
from django.http import Http404

from pingxuan.campaigns.access import get_campaign_where
from pingxuan.campaigns.models import Campaign
from pingxuan.orgs.access import Viewer

from . import rules, services
from .models import Certificate


def get_campaign(user: Viewer, code: str, manage: bool = False) -> Campaign:
    """The campaign if the user may read (or, with `manage`, run) its commendation; otherwise 404."""
    return get_campaign_where(user, code, rules.can_commend if manage else rules.can_read, "未找到该评选活动。")


def visible_certificates(user: Viewer) -> QuerySet[Certificate]:
    """The certificates of every campaign whose commendation the user may read."""
    ids = [c.pk for c in Campaign.objects.select_related("owner") if rules.can_read(user, c)]
    return Certificate.objects.filter(campaign_id__in=ids).select_related("campaign", "campaign__owner", "category")


def get_certificate(user: Viewer, pk: int | str) -> Certificate:
    """A certificate of a campaign whose commendation the user may read, or 404."""
    cert = visible_certificates(user).filter(pk=pk).first()
    if cert is None:
        raise Http404("未找到该证书。")
    return cert


def verified_certificate(token: str) -> Certificate:
    """The certificate a verification code (the QR code printed on it) names, for anyone; 404 when none."""
    cert = Certificate.objects.select_related("campaign", "category").filter(token=token).first()
    if cert is None:
        raise Http404("查无此证书。")
    return cert


def honour_roll(code: str) -> tuple[Campaign, list[Certificate]]:
    """The campaign and its valid certificates, for anyone; 404 when there is no such campaign or none issued yet."""
    campaign = Campaign.objects.select_related("owner").filter(code=code).first()
    certs = list(services.issued(campaign)) if campaign else []
    if campaign is None or not certs:
        raise Http404("该评选活动尚未公布表彰名单。")
    return campaign, certs
