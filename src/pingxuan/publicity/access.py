"""Who reaches publications, objections and their evidence: the lookups shared by the pages and the API.

The predicates live in `publicity.rules`. Anyone who may not read a campaign's publicity finds no office page or API
object (404); the public pages need no login.
"""

from django.http import Http404

from pingxuan.campaigns.access import get_campaign_where
from pingxuan.campaigns.models import Campaign
from pingxuan.orgs.access import Viewer

from . import rules
from .models import Evidence, Objection, Publication


def get_campaign(user: Viewer, code: str) -> Campaign:
    """A campaign whose publicity the user may read, or 404."""
    return get_campaign_where(user, code, rules.can_read, "未找到该评选活动。")


def get_publication(user: Viewer, pk: int | str) -> Publication:
    """A publication of a campaign whose publicity the user may read, or 404."""
    pub = Publication.objects.select_related("campaign__owner").filter(pk=pk).first()
    if pub is None or not rules.can_read(user, pub.campaign):
        raise Http404("未找到该公示。")
    return pub


def get_objection(user: Viewer, pk: int | str) -> Objection:
    """An objection to a publication the user may read, or 404."""
    obj = Objection.objects.select_related("publication__campaign__owner", "entry").filter(pk=pk).first()
    if obj is None or not rules.can_read(user, obj.publication.campaign):
        raise Http404("未找到该异议。")
    return obj


def get_evidence(user: Viewer, pk: int | str) -> Evidence:
    """A file of evidence to an objection the user may read, or 404."""
    ev = Evidence.objects.select_related("objection").filter(pk=pk).first()
    if ev is None:
        raise Http404("未找到该文件。")
    get_objection(user, ev.objection_id)
    return ev


def public_publication(pk: int | str) -> Publication:
    """A publication anyone may see (every publication is public once published), or 404."""
    pub = Publication.objects.select_related("campaign").filter(pk=pk).first()
    if pub is None:
        raise Http404("未找到该公示。")
    return pub
