"""The campaign office's pages: every nomination with filters and counts, quotas used per recommending unit, units
missing or late, the checks on one nomination (eligibility, duplicates), disqualification and pre-review comments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pingxuan.campaigns.models import Quota
from pingxuan.campaigns.services import phase_window, today
from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.orgs.models import Organisation

from . import rules as nom_rules
from . import services
from .forms import CommentForm, OfficeFilterForm
from .models import Nomination, PreReview, Status
from .views import STATUS_STYLE, get_campaign, get_nomination, optional, refused

NOT_YET_SUBMITTED = [Status.DRAFT, Status.RETURNED]
ACTIVE = [s for s in Status.values if s not in (Status.DRAFT,)]


def office_campaign(user, code):
    campaign = get_campaign(user, code)
    if not nom_rules.is_office(user, campaign):
        raise Http404("未找到该评选活动的申报汇总。")
    return campaign


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
        "style": STATUS_STYLE,
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
                "limit": q.nominate_max + q.alternates,
                "over": r["n"] > q.nominate_max,
            }
        )
    return out


def simple_units_status(campaign, usage):
    """Units missing or late, computed here while `nominations.reminders` is not available."""
    phase = campaign.phases.filter(kind="nomination").first()
    on = today()
    seen, out = set(), []
    for row in usage:
        org = row["quota"].organisation
        if org.pk in seen:
            continue
        seen.add(org.pk)
        mine = [r for r in usage if r["quota"].organisation_id == org.pk]
        submitted = sum(r["submitted"] for r in mine)
        pending = sum(r["pending"] for r in mine)
        end = phase_window(phase, org)[1] if phase else None
        late = bool(end and on > end)
        if submitted and not pending:
            continue
        state = "尚未申报" if not submitted and not pending else "有未提交的申报"
        out.append(
            {
                "unit": org,
                "state": state + ("（已逾期）" if late else ""),
                "late": late,
                "end": end,
                "submitted": submitted,
                "pending": pending,
            }
        )
    return out


@login_required
def office_units(request, code):
    campaign = office_campaign(request.user, code)
    usage = quota_usage(campaign)
    reminders = optional("reminders")
    if reminders is not None and hasattr(reminders, "units_status"):
        status, computed_here = reminders.units_status(campaign), False
    else:
        status, computed_here = simple_units_status(campaign, usage), True
    context = {"campaign": campaign, "usage": usage, "units_status": status, "computed_here": computed_here}
    return render(request, "nominations/office_units.html", context)


def office_panel(nomination):
    """What the office sees on a nomination page besides the form: checklist, duplicate flags, paper downloads."""
    eligibility, duplicates, paper = optional("eligibility"), optional("duplicates"), optional("paper")
    return {
        "checklist": eligibility.checklist(nomination) if eligibility and hasattr(eligibility, "checklist") else None,
        "flags": duplicates.flags_for(nomination) if duplicates and hasattr(duplicates, "flags_for") else None,
        "paper_ready": paper is not None,
    }


@login_required
@require_POST
def disqualify(request, pk):
    nomination = get_nomination(request.user, pk)
    try:
        services.disqualify(user=request.user, nomination=nomination, reason=request.POST.get("reason", ""))
        messages.success(request, f"已取消“{nomination}”的资格。")
    except PermissionDenied as exc:
        return refused(request, exc.message)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("nom-detail", nomination.pk)


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
        pre = next((p for p in items if p.pk == pk), None)
        if pre is None:
            raise Http404("未找到该预审。")
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


@login_required
def paper_download(request, pk, fmt):
    """DOCX / PDF of one nomination, when the paper module exists."""
    nomination = get_nomination(request.user, pk)
    paper = optional("paper")
    if paper is None or fmt not in ("docx", "pdf"):
        raise Http404("打印文件暂不可用。")
    render_fn = getattr(paper, f"nomination_{fmt}", None)
    if render_fn is None:
        raise Http404("打印文件暂不可用。")
    content = render_fn(nomination)
    types = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"}
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f"attachment; filename=nomination-{nomination.pk}.{fmt}"
    return response
