"""Who reaches which nomination and which campaign office: the lookups shared by the pages and the API.

The predicates live in `nominations.rules`. The campaign office (organisers, leaders, supervisors over the owner)
is one lookup here, used by every later area (judging, voting, results): a campaign whose office the user is not
part of does not exist for them (404). Refusals of a visible object name the rule (403).
"""

from django.http import Http404

from pingxuan.campaigns.access import get_campaign, get_campaign_where
from pingxuan.campaigns.models import Campaign
from pingxuan.core.errors import PermissionDenied
from pingxuan.orgs.access import Viewer
from pingxuan.orgs.models import Role

from . import rules as nom_rules
from .models import Attachment, Attestation, Nomination, PreReview

MANAGE_ONLY = "只有活动办公室的组织者可以{}。"


def office_campaign(user: Viewer, code: str, message: str = "未找到该评选活动的申报汇总。") -> Campaign:
    """The campaign whose office the user belongs to; 404 (with the area's `message`) for everyone else."""
    return get_campaign_where(user, code, nom_rules.is_office, message)


def import_campaign(user: Viewer, code: str) -> Campaign:
    """The campaign, for its clerks and its office; 404 for everyone else."""
    campaign = get_campaign(user, code)
    if not (nom_rules.is_office(user, campaign) or nom_rules.unit_paths(user, campaign, roles=(Role.CLERK,))):
        raise Http404("您在该评选活动中没有可以导入申报的单位。")
    return campaign


def get_nomination(user: Viewer, pk: int | str) -> Nomination:
    """A nomination the user may see (its campaign, category, unit and recommender loaded), or 404."""
    nomination = Nomination.objects.select_related("campaign__owner", "category", "unit", "recommender").filter(pk=pk).first()
    if nomination is None or not nom_rules.can_view_nomination(user, nomination):
        raise Http404("未找到该申报。")
    return nomination


def office_nomination(
    user: Viewer, pk: int | str, campaign: Campaign | None = None, message: str = "未找到该申报。"
) -> Nomination:
    """A nomination (of `campaign` when given) whose campaign's office the user is part of; 404 (`message`) otherwise."""
    nomination = Nomination.objects.select_related("campaign__owner", "category", "unit", "recommender").filter(pk=pk).first()
    if nomination is None or not nom_rules.is_office(user, nomination.campaign):
        raise Http404(message)
    if campaign is not None and nomination.campaign_id != campaign.pk:
        raise Http404(message)
    return nomination


def require_office(user: Viewer, campaign: Campaign, what: str) -> None:
    """Refuse (403) a viewer of the campaign who is not part of its office; `what` names the action."""
    if not nom_rules.is_office(user, campaign):
        raise PermissionDenied(f"只有本活动的活动办公室可以{what}。")


def require_manager(user: Viewer, campaign: Campaign, what: str) -> None:
    """Refuse (403) anyone of the office but its organisers (and system administrators); `what` names the action."""
    if not nom_rules.can_manage(user, campaign):
        raise PermissionDenied(MANAGE_ONLY.format(what))


def get_attachment(user: Viewer, pk: int | str) -> Attachment:
    """A file of a nomination the user may see (removed ones too: the history keeps them), or 404."""
    attachment = (
        Attachment.objects.select_related("nomination__campaign__owner", "nomination__unit", "uploaded_by").filter(pk=pk).first()
    )
    if attachment is None or not nom_rules.can_view_nomination(user, attachment.nomination):
        raise Http404("未找到该文件。")
    return attachment


def get_evidence(user: Viewer, pk: int | str) -> Attestation:
    """An attestation with an evidence file (current or superseded) of a nomination the user may see, or 404."""
    attestation = Attestation.objects.select_related("nomination__campaign__owner", "nomination__unit").filter(pk=pk).first()
    if attestation is None or not attestation.evidence or not nom_rules.can_view_nomination(user, attestation.nomination):
        raise Http404("未找到该证明材料。")
    return attestation


def get_prereview(user: Viewer, pk: int | str, campaign: Campaign | None = None) -> PreReview:
    """A pre-review (of `campaign` when given) the user sees: the office all, a unit its own line; 404 otherwise."""
    pre = PreReview.objects.select_related("campaign__owner").filter(pk=pk).first()
    if pre is None or (campaign is not None and pre.campaign_id != campaign.pk):
        raise Http404("未找到该预审。")
    if not nom_rules.visible_prereviews(user, pre.campaign).filter(pk=pre.pk).exists():
        raise Http404("未找到该预审。")
    return pre
