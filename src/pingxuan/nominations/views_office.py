"""The campaign office's pages: every nomination with filters and counts, quotas used per recommending unit, units
missing or late, the checks on one nomination (eligibility, duplicates), disqualification and pre-review comments."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pingxuan.campaigns.access import get_campaign, get_category
from pingxuan.campaigns.models import Quota
from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.orgs.models import Organisation

from . import rules as nom_rules
from . import services
from .access import get_nomination, get_prereview, office_campaign
from .forms import CommentForm, OfficeFilterForm
from .models import Nomination, PreReview, Status
from .views import change_with_reason, optional, refused

NOT_YET_SUBMITTED = [Status.DRAFT, Status.RETURNED]
ACTIVE = [s for s in Status.values if s not in (Status.DRAFT,)]


def _recommenders(campaign):
    ids = Quota.objects.filter(category__campaign=campaign).values_list("organisation_id", flat=True)
    return list(Organisation.objects.filter(pk__in=ids).order_by("path"))


@login_required
def office_list(request, code):
    campaign = office_campaign(request.user, code)
    categories = list(campaign.categories.all())
    recommenders = _recommenders(campaign)
    form = OfficeFilterForm(request.GET or None, categories=categories, recommenders=recommenders)
    qs = Nomination.objects.filter(campaign=campaign)
    f = form.cleaned_data if form.is_valid() else {}
    if f.get("category"):
        qs = qs.filter(category_id=f["category"])
    if f.get("recommender"):
        qs = qs.filter(recommender_id=f["recommender"])
    if f.get("q"):
        qs = qs.filter(Q(title__icontains=f["q"]) | Q(unit__name__icontains=f["q"]) | Q(recommender__name__icontains=f["q"]))
    counts = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    if f.get("status") == "active":
        qs = qs.filter(status__in=ACTIVE)
    elif f.get("status"):
        qs = qs.filter(status=f["status"])
    rows = list(
        qs.select_related("category", "unit", "recommender").order_by("category__sort_order", "recommender__path", "rank", "id")
    )
    by_category = []
    for category in categories:
        mine = [n for n in rows if n.category_id == category.pk]
        if mine:
            by_category.append({"category": category, "rows": mine})
    context = {
        "campaign": campaign,
        "form": form,
        "groups": by_category,
        "total": len(rows),
        "counts": [(Status(s).label, counts[s], s) for s in Status.values if counts.get(s)],
        "paper_ready": optional("paper") is not None,
        "can_import": nom_rules.can_manage(request.user, campaign),
    }
    return render(request, "nominations/office.html", context)


def quota_usage(campaign):
    """Per quota row: allocated (推荐 + 递补), live nominations, and how many of them have been submitted."""
    live = {
        (r["category_id"], r["recommender_id"]): r
        for r in Nomination.objects.filter(campaign=campaign, status__in=services.LIVE)
        .values("category_id", "recommender_id")
        .annotate(n=Count("id"), pending=Count("id", filter=Q(status__in=NOT_YET_SUBMITTED)))
        .order_by()
    }
    out = []
    for q in (
        Quota.objects.filter(category__campaign=campaign)
        .select_related("category", "organisation")
        .order_by("category__sort_order", "sort_order", "organisation__path")
    ):
        r = live.get((q.category_id, q.organisation_id), {"n": 0, "pending": 0})
        out.append(
            {
                "quota": q,
                "used": r["n"],
                "pending": r["pending"],
                "submitted": r["n"] - r["pending"],
                "over": r["n"] > q.nominate_max,
            }
        )
    return out


@login_required
def office_units(request, code):
    campaign = office_campaign(request.user, code)
    reminders = optional("reminders")
    context = {
        "campaign": campaign,
        "usage": quota_usage(campaign),
        "units_status": reminders.units_status(campaign) if reminders is not None else None,
        "paper_ready": optional("paper") is not None,
    }
    return render(request, "nominations/office_units.html", context)


@login_required
@require_POST
def disqualify(request, pk):
    return change_with_reason(request, pk, services.disqualify, "已取消“{}”的资格。")


@login_required
@require_POST
def fill_vacancy(request, pk):
    """The office's recorded back-fill of the place a disqualified nomination left (where the campaign allows it)."""

    def fill(*, user, nomination, reason):
        return services.fill_vacancy(user=user, vacated=nomination, reason=reason)

    return change_with_reason(request, pk, fill, "已安排递补“{}”的名额。")


@login_required
def office_prereview(request, code, pk=None):
    campaign = office_campaign(request.user, code)
    items = list(
        PreReview.objects.filter(campaign=campaign)
        .select_related("unit", "sent_by", "commented_by")
        .prefetch_related("nominations__category")
    )
    forms = {p.pk: CommentForm(initial={"comment": p.comment}) for p in items}
    status = 200
    if request.method == "POST" and pk is not None:
        pre = get_prereview(request.user, pk, campaign)
        form = forms[pk] = CommentForm(request.POST)
        form.is_valid()
        try:
            services.comment_prereview(user=request.user, prereview=pre, comment=form.cleaned_data.get("comment", ""))
            messages.success(request, f"已回复“{pre.unit.name}”的预审。")
            return redirect("nom-office-prereview", campaign.code)
        except PermissionDenied as exc:
            return refused(request, exc.message)
        except ServiceError as exc:
            form.add_error("comment", exc.message)
            status = 400
    rows = [{"p": p, "form": forms[p.pk]} for p in items]
    return render(request, "nominations/office_prereview.html", {"campaign": campaign, "rows": rows}, status=status)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": XLSX,
}


def _file(content, fmt, name):
    response = HttpResponse(content, content_type=TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return response


def _paper():
    paper = optional("paper")
    if paper is None:
        raise Http404("打印文件暂不可用。")
    return paper


@login_required
def paper_download(request, pk, fmt):
    """DOCX / PDF of one nomination in its seed form's layout, for anyone who may see it."""
    nomination = get_nomination(request.user, pk)
    paper = _paper()
    if fmt not in ("docx", "pdf"):
        raise Http404("只提供 DOCX 和 PDF。")
    content = getattr(paper, f"nomination_{fmt}")(nomination)
    return _file(content, fmt, f"{nomination.category.name}-{nomination.rank or nomination.pk}-{nomination}")


@login_required
def unit_paper(request, code, recommender, kind, fmt):
    """The recommending unit's cover report (推荐情况的报告) or a category's 排序表: the office, or that unit's clerk."""
    campaign = get_campaign(request.user, code)
    org = Organisation.objects.filter(pk=recommender).first()
    allowed = org is not None and (
        nom_rules.is_office(request.user, campaign) or nom_rules.can_nominate_for(request.user, campaign, org)
    )
    if not allowed or fmt not in ("docx", "pdf"):
        raise Http404("未找到该单位的报表。")
    paper = _paper()
    if kind == "report":
        return _file(getattr(paper, f"cover_report_{fmt}")(campaign, org), fmt, f"{org.name}推荐情况的报告")
    category = get_category(campaign, kind)
    return _file(getattr(paper, f"ranking_table_{fmt}")(category, org), fmt, f"{org.name}{category.name}排序表")


@login_required
def summary(request, code):
    campaign = office_campaign(request.user, code)
    paper = _paper()
    try:
        content = paper.summary_xlsx(campaign, request.user)
    except PermissionDenied as exc:
        return refused(request, exc.message)
    return _file(content, "xlsx", f"{campaign.name}推荐对象汇总表")
