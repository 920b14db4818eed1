"""Who reaches the standing programme's objects: the lookups shared by the pages and the API, public ones included.

The predicates live in `stars.rules`. Organisers and supervisors whose membership covers the programme's owner see
everything; window staff see their windows; anyone else finds nothing (404).
"""

from django.db.models import QuerySet
from django.http import Http404

from pingxuan.orgs.access import Viewer
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.rules import subtree_q

from . import rules
from .models import Commitment, Complaint, DutyMember, Notice, Programme


def get_programme(user: Viewer, code: str) -> Programme:
    """A programme the user may see, or 404."""
    programme = Programme.objects.select_related("owner").filter(code=code).first()
    if programme is None or not rules.can_view_programme(user, programme):
        raise Http404("未找到该常态化活动。")
    return programme


def reader_programme(user: Viewer, code: str, message: str) -> Programme:
    """A programme whose registers (notices, runs) the user reads; 404 (with `message`) for anyone else."""
    programme = get_programme(user, code)
    if not rules.can_read_programme(user, programme):
        raise Http404(message)
    return programme


def public_programme(code: str) -> Programme:
    """A programme by its code for the public pages, which need no login; 404 when none."""
    programme = Programme.objects.select_related("owner").filter(code=code).first()
    if programme is None:
        raise Http404("未找到该常态化活动。")
    return programme


def public_window(programme: Programme, pk: int | str) -> Organisation:
    """A window of the programme, for anyone; 404 when none."""
    window = rules.windows(programme).filter(pk=pk).first()
    if window is None:
        raise Http404("未找到该窗口。")
    return window


def scoped_org(user: Viewer, programme: Programme, pk: int | str, label: str = "组织") -> Organisation:
    """An organisation of the programme the user reaches; 404 (naming it `label`) otherwise."""
    org = Organisation.objects.filter(pk=pk, path__startswith=programme.owner.path).first()
    if org is None or not (rules.can_read_programme(user, programme) or rules.can_view_window(user, programme, org)):
        raise Http404(f"未找到该{label}。")
    return org


def scoped_member(user: Viewer, programme: Programme, pk: int | str) -> DutyMember:
    """A person on duty at a window of the programme the user reaches; 404 otherwise."""
    member = DutyMember.objects.select_related("window", "programme__owner").filter(programme=programme, pk=pk).first()
    if member is None or not rules.can_view_window(user, programme, member.window):
        raise Http404("未找到该在岗人员。")
    return member


def visible_commitments(user: Viewer, programme: Programme) -> QuerySet[Commitment]:
    """The programme's commitments the user sees: all for its readers, else those of the user's windows."""
    qs = Commitment.objects.filter(programme=programme).select_related("organisation", "superseded_by")
    if rules.can_read_programme(user, programme):
        return qs
    return qs.filter(subtree_q(rules.staff_paths(user, programme), "organisation__path"))


def _reaches(user: Viewer, of: Programme, window: Organisation, programme: Programme | None) -> bool:
    """Whether an object of programme `of` about `window` is the user's to see (and of `programme` when given)."""
    if programme is not None and of.pk != programme.pk:
        return False
    return bool(rules.can_view_programme(user, of) and rules.can_view_window(user, of, window))


def get_commitment(user: Viewer, pk: int | str, programme: Programme | None = None) -> Commitment:
    """A commitment (of `programme` when given) of a window the user reaches; 404 otherwise."""
    c = (
        Commitment.objects.select_related("programme__owner", "organisation", "member", "supersedes", "superseded_by")
        .filter(pk=pk)
        .first()
    )
    if c is None or not _reaches(user, c.programme, c.organisation, programme):
        raise Http404("未找到该承诺。")
    return c


def get_complaint(user: Viewer, pk: int | str, programme: Programme | None = None) -> Complaint:
    """A complaint (about a window of `programme` when given) the user reaches; 404 otherwise."""
    c = Complaint.objects.select_related("programme__owner", "window", "member", "notice", "created_by").filter(pk=pk).first()
    if c is None or not _reaches(user, c.programme, c.window, programme):
        raise Http404("未找到该投诉。")
    return c


def get_notice(user: Viewer, code: str, pk: int | str) -> tuple[Programme, Notice]:
    """A notice of a programme whose registers the user reads (with its programme); 404 otherwise."""
    programme = reader_programme(user, code, "未找到该通报。")
    notice = Notice.objects.filter(programme=programme, pk=pk).first()
    if notice is None:
        raise Http404("未找到该通报。")
    return programme, notice
