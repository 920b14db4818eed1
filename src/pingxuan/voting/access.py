"""Who reaches the organiser's voting pages and API (the campaign's office): lookups shared by pages and API.

The predicates live in `voting.rules`; the campaign office lookup itself is `nominations.access.office_campaign`.
"""

from django.db.models.fields.files import FieldFile
from django.http import Http404

from pingxuan.campaigns.access import get_category
from pingxuan.campaigns.models import Campaign, Category
from pingxuan.nominations import access as nom_access
from pingxuan.nominations.models import Nomination
from pingxuan.orgs.access import Viewer

from . import rules as vote_rules
from .models import Cluster, VoteLog

# The result files of an analysed vote log: name in the address → (model field, content type).
LOG_FILES = {
    "result.csv": ("result_csv", "text/csv; charset=utf-8"),
    "report.xlsx": ("report_xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "report.pdf": ("report_pdf", "application/pdf"),
}


def office_campaign(user: Viewer, code: str) -> Campaign:
    """The campaign whose votes the user's office follows; 404 for everyone else."""
    return nom_access.office_campaign(user, code, "未找到该评选活动。")


def office_category(user: Viewer, code: str, cat: str) -> Category:
    """A category of a campaign whose votes the user's office follows; 404 for everyone else."""
    return get_category(office_campaign(user, code), cat)


def get_candidate(user: Viewer, pk: int | str) -> Nomination:
    """A candidate of a campaign whose votes the user's office follows; 404 for everyone else."""
    return nom_access.office_nomination(user, pk, message="未找到该候选对象。")


def get_cluster(user: Viewer, pk: int | str) -> Cluster:
    """A suspicious cluster of a campaign whose votes the user's office follows; 404 for everyone else."""
    cluster = Cluster.objects.select_related("campaign__owner", "category", "nomination").filter(pk=pk).first()
    if cluster is None or not vote_rules.can_view_votes(user, cluster.campaign):
        raise Http404("未找到该可疑群组。")
    return cluster


def get_log(user: Viewer, pk: int | str) -> VoteLog:
    """An uploaded vote log of a campaign whose votes the user's office follows; 404 for everyone else."""
    log = VoteLog.objects.select_related("campaign", "campaign__owner").filter(pk=pk).first()
    if log is None or not vote_rules.can_view_votes(user, log.campaign):
        raise Http404("未找到该投票记录。")
    return log


def get_log_file(user: Viewer, pk: int | str, name: str) -> tuple[VoteLog, FieldFile, str]:
    """A result file of a vote log (the log, the stored file, its content type); 404 while it is not made."""
    log = get_log(user, pk)
    field, content_type = LOG_FILES.get(name, ("", ""))
    stored = getattr(log, field) if field else None
    if not stored:
        raise Http404("该文件尚未生成。")
    return log, stored, content_type
