"""Results pages for the office (organisers, leading-group members, supervisors): the campaign's results, the
ranking of a category with charts, the explanation of one nomination's total, the Excel export. Anyone else: 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from pingxuan.campaigns.lookups import category_of
from pingxuan.campaigns.models import Campaign
from pingxuan.nominations.models import Nomination

from . import rules
from .explain import explain
from .export import ranking_workbook
from .models import ListStatus, ResultList
from .ranking import category_ranking, chart_data, latest_decision

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def office_campaign(user, code):
    campaign = Campaign.objects.select_related("owner").filter(code=code).first()
    if campaign is None or not rules.can_view(user, campaign):
        raise Http404("未找到该评选活动的结果。")
    return campaign


def office_category(user, code, cat):
    return category_of(office_campaign(user, code), cat)


def office_nomination(user, code, pk):
    campaign = office_campaign(user, code)
    n = Nomination.objects.select_related("category__campaign", "unit", "recommender").filter(pk=pk, campaign=campaign).first()
    if n is None:
        raise Http404("未找到该申报。")
    return n


def roles(user, campaign):
    return {"can_stage": rules.can_stage(user, campaign), "can_decide": rules.can_decide(user, campaign)}


@login_required
def index(request, code):
    campaign = office_campaign(request.user, code)
    cats = []
    for category in campaign.categories.order_by("sort_order", "id"):
        data = category_ranking(category)
        applied = {
            s: ResultList.objects.filter(category=category, stage=s, status=ListStatus.APPLIED).first()
            for s in ("shortlist", "final")
        }
        cats.append(
            {
                "category": category,
                "count": len(data["rows"]),
                "selected": sum(1 for r in data["rows"] if r["selected"]),
                "top": data["rows"][:3],
                "applied": applied,
                "draft": ResultList.objects.filter(category=category, status=ListStatus.DRAFT).first(),
            }
        )
    context = {"campaign": campaign, "cats": cats, "decision": latest_decision(campaign), **roles(request.user, campaign)}
    return render(request, "results/index.html", context)


@login_required
def category(request, code, cat):
    category = office_category(request.user, code, cat)
    data = category_ranking(category)
    charts = chart_data(data["rows"], data["components"])
    context = {
        "campaign": category.campaign,
        "category": category,
        "charts": charts,
        **data,
        **roles(request.user, category.campaign),
    }
    return render(request, "results/category.html", context)


@login_required
def explain_page(request, code, pk):
    nomination = office_nomination(request.user, code, pk)
    data = explain(nomination)
    if data is None:
        raise Http404("该申报不在排名中（尚未成为候选对象，或已取消资格）。")
    context = {"campaign": nomination.campaign, "category": nomination.category, "n": nomination, "x": data}
    return render(request, "results/explain.html", context)


@login_required
def export(request, code):
    campaign = office_campaign(request.user, code)
    response = HttpResponse(ranking_workbook(campaign), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{campaign.code}-评选结果.xlsx")
    return response
