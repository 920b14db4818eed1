"""Results pages for the office (organisers, leading-group members, supervisors): the campaign's results, the
ranking of a category with charts, the explanation of one nomination's total, the Excel export. Anyone else: 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from pingxuan.campaigns.access import public_campaign
from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.schema import COMPONENT_KINDS, TIE_BREAKS, VOTE_METHODS
from pingxuan.campaigns.validation import ConfigErrors
from pingxuan.core.errors import ServiceError

from . import amendments, rules
from .access import explanation, office_campaign, office_category, office_nomination
from .export import ranking_workbook
from .models import ListStatus, ResultList
from .ranking import category_ranking, chart_data, latest_decision

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    nomination = office_nomination(request.user, pk, campaign=office_campaign(request.user, code))
    data = explanation(nomination)
    context = {"campaign": nomination.campaign, "category": nomination.category, "n": nomination, "x": data}
    return render(request, "results/explain.html", context)


@login_required
def export(request, code):
    campaign = office_campaign(request.user, code)
    response = HttpResponse(ranking_workbook(campaign), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{campaign.code}-评选结果.xlsx")
    return response


def public_rules(request, code):
    """The public rules page: the scoring scheme and vote rules in force and every amendment with its reason."""
    campaign = public_campaign(code)
    return render(request, "results/rules.html", {"campaign": campaign, "r": amendments.public_rules(campaign)})


def _proposal_from_post(post, cfg):
    """The amendment form's fields → the proposal (only the parts the office filled in differently are compared)."""
    comps = []
    for kind in COMPONENT_KINDS:
        weight = (post.get(f"weight_{kind}") or "").strip()
        if not weight:
            continue
        try:
            value = float(weight)
        except ValueError as exc:
            raise ServiceError(f"“{COMPONENT_KINDS[kind]}”的权重“{weight}”不是数字。", field=f"weight_{kind}") from exc
        comp = {"kind": kind, "weight": int(value) if value.is_integer() else value}
        method = post.get(f"method_{kind}") or ""
        if kind.endswith("_vote") and method:
            comp["method"] = method
        comps.append(comp)
    scoring = {"components": comps, "tie_break": [t for t in post.getlist("tie_break") if t]}
    places = (post.get("round_before_ranking") or "").strip()
    if places:
        scoring["round_before_ranking"] = int(places) if places.isdigit() else places
    voting = {"public": {}, "delegate": {}}
    for part, keys in amendments.FROZEN_VOTE_KEYS.items():
        for key in keys:
            value = (post.get(f"{part}_{key}") or "").strip()
            if value:
                voting[part][key] = int(value) if value.isdigit() else value
    trim = {c["code"]: post.get(f"trim_{c['code']}") == "on" for c in cfg.get("categories") or []}
    return {"scoring": scoring, "voting": {k: v for k, v in voting.items() if v}, "trim": trim}


def _form_values(cfg):
    scoring = cfg.get("scoring") or {}
    comps = {c["kind"]: c for c in scoring.get("components") or []}
    voting = cfg.get("voting") or {}
    ties = list(scoring.get("tie_break") or [])
    return {
        "components": [
            {
                "kind": k,
                "label": label,
                "weight": comps[k]["weight"] if k in comps else "",
                "method": (comps.get(k) or {}).get("method", ""),
                "is_vote": k.endswith("_vote"),
            }
            for k, label in COMPONENT_KINDS.items()
        ],
        "tie_slots": [ties[i] if i < len(ties) else "" for i in range(len(TIE_BREAKS))],
        "places": "" if scoring.get("round_before_ranking") is None else str(scoring["round_before_ranking"]),
        "voting": [
            {
                "name": f"{part}_{key}",
                "label": amendments.VOTE_LABELS[(part, key)],
                "value": (voting.get(part) or {}).get(key, ""),
            }
            for part, keys in amendments.FROZEN_VOTE_KEYS.items()
            for key in keys
        ],
        "trims": [{"code": c["code"], "name": c["name"], "on": bool(c.get("trim"))} for c in cfg.get("categories") or []],
    }


def _post_values(post, values):
    """Keep what the office typed when the page comes back with the preview or an error."""
    for c in values["components"]:
        c["weight"], c["method"] = post.get(f"weight_{c['kind']}", ""), post.get(f"method_{c['kind']}", "")
    ties = list(post.getlist("tie_break"))
    values["tie_slots"] = [ties[i] if i < len(ties) else "" for i in range(len(TIE_BREAKS))]
    values["places"] = post.get("round_before_ranking", "")
    for v in values["voting"]:
        v["value"] = post.get(v["name"], "")
    for t in values["trims"]:
        t["on"] = post.get(f"trim_{t['code']}") == "on"
    return values


@login_required
def amend(request, code):
    """计分办法修订: the office fills in the new rules, previews the totals under both versions, then confirms with a
    written reason (the same services as the API)."""
    campaign = office_campaign(request.user, code)
    cfg = export_config(campaign)
    values = _form_values(cfg)
    preview, errors, reason = None, [], ""
    if request.method == "POST":
        values = _post_values(request.POST, values)
        reason = request.POST.get("reason", "")
        try:
            proposal = _proposal_from_post(request.POST, cfg)
            if request.POST.get("action") == "confirm":
                made = amendments.amend(
                    user=request.user, campaign=campaign, proposal=proposal, reason=reason, token=request.POST.get("token", "")
                )
                messages.success(request, f"已修订：{amendments.sentence(made)}")
                return redirect("results-amend", code)
            preview = amendments.preview(user=request.user, campaign=campaign, proposal=proposal)
        except ServiceError as exc:
            errors = [exc.message]
        except ConfigErrors as exc:
            errors = exc.messages()
    context = {
        "campaign": campaign,
        "values": values,
        "ties": TIE_BREAKS,
        "methods": VOTE_METHODS,
        "preview": preview,
        "errors": errors,
        "reason": reason,
        "frozen": amendments.frozen_reason(campaign),
        "decision": latest_decision(campaign),
        "amendments": amendments.public_list(campaign),
        "place_choices": [("", "不取舍：按精确值排名（默认）")] + [(str(n), f"保留{n}位小数后排名") for n in range(5)],
        **roles(request.user, campaign),
    }
    return render(request, "results/amend.html", context, status=400 if errors else 200)
