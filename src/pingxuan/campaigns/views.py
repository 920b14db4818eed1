"""Campaign pages: list, new (from a preset or from scratch), detail, YAML export and phase extensions.

The configuration editor lives in config_views.py. Every save goes through the services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.orgs import rules as org_rules

from . import presets, services
from . import rules as campaign_rules
from .access import get_campaign
from .config import export_config
from .forms import ExtensionForm, NewCampaignForm, PresetForm
from .models import PhaseExtension, Quota
from .rules import can_configure, can_create_campaign, visible_campaigns
from .schema import COMPONENT_KINDS, POLICIES, TIE_BREAKS, VOTE_METHODS
from .validation import ConfigErrors


def refused(request, message):
    return render(request, "orgs/refused.html", {"message": message}, status=403)


def error_messages(exc):
    if isinstance(exc, ConfigErrors):
        return exc.messages()
    return [exc.message]


@login_required
def campaign_list(request):
    campaigns = []
    for campaign in visible_campaigns(request.user).prefetch_related("phases", "categories"):
        campaigns.append({"campaign": campaign, "phase": services.current_phase(campaign)})
    can_create = org_rules.is_organiser_anywhere(request.user)
    return render(request, "campaigns/list.html", {"campaigns": campaigns, "can_create": can_create})


# New campaigns -----------------------------------------------------------------------------------


def _owners(user):
    return [o for o in org_rules.visible_orgs(user).order_by("path") if can_create_campaign(user, o)]


@login_required
def campaign_new(request):
    if not org_rules.is_organiser_anywhere(request.user):
        return refused(request, "只有活动办公室（组织者）或系统管理员可以新建评选活动。")
    available = presets.available_presets()
    preset_form = PresetForm(presets=available)
    form = NewCampaignForm(owners=_owners(request.user))
    errors, status = [], 200
    if request.method == "POST":
        status = 400
        try:
            if request.POST.get("source") == "preset":
                preset_form = PresetForm(request.POST, presets=available)
                if preset_form.is_valid():
                    data = preset_form.cleaned_data
                    round_ = preset_form.round()
                    campaign = services.load_preset(
                        user=request.user, name=data["preset"], code=data["code"].strip() or None, round=round_
                    )
                    if round_:
                        messages.success(request, f"已从预设创建评选活动“{campaign.name}”，全部日期已按第一阶段开始日期平移。")
                    else:
                        messages.warning(
                            request,
                            f"已从预设创建评选活动“{campaign.name}”，沿用预设原来的名称、文号和日期（{campaign.year} 年度）："
                            "如用于新一轮评选，请在“修改配置”中调整，或重新创建时填写第一阶段开始日期。",
                        )
                    return redirect("campaign-detail", campaign.code)
            else:
                form = NewCampaignForm(request.POST, owners=_owners(request.user))
                if form.is_valid():
                    campaign = services.create_campaign(user=request.user, data=form.document())
                    messages.success(request, f"已创建评选活动“{campaign.name}”，请继续完善配置。")
                    return redirect("campaign-config", campaign.code, "basics")
        except PermissionDenied as exc:
            return refused(request, exc.message)
        except (ConfigErrors, ServiceError) as exc:
            errors = error_messages(exc)
    context = {
        "form": form,
        "preset_form": preset_form,
        "presets": available,
        "errors": errors,
        "source": request.POST.get("source", ""),
    }
    return render(request, "campaigns/new.html", context, status=status)


# Detail --------------------------------------------------------------------------------------------


def quota_matrix(campaign, categories):
    """Units × categories with each cell's quota, and totals per category."""
    quotas = list(Quota.objects.filter(category__campaign=campaign).select_related("organisation").order_by("sort_order", "id"))
    units, cells = {}, {}
    for q in quotas:
        units.setdefault(q.organisation_id, q.organisation)
        cells[(q.organisation_id, q.category_id)] = q
    rows = [{"unit": u, "cells": [cells.get((u.pk, c.pk)) for c in categories]} for u in units.values()]
    totals = []
    for c in categories:
        mine = [q for q in quotas if q.category_id == c.pk]
        awards = [q.awards for q in mine if q.awards is not None]
        totals.append(
            {
                "category": c,
                "nominate": sum(q.nominate_max for q in mine),
                "nominate_min": sum(q.nominate_min or q.nominate_max for q in mine),
                "alternates": sum(q.alternates for q in mine),
                "awards": sum(awards) if awards else None,
            }
        )
    return {"rows": rows, "totals": totals}


def policy_rows(campaign):
    values = campaign.policies or {}
    out = []
    for key, spec in POLICIES.fields.items():
        label = spec.label if spec.label != "值" else "截止前提醒天数"
        value = values.get(key, spec.default_value())
        out.append((label, ("是" if value else "否") if isinstance(value, bool) else value))
    return out


def scoring_rows(campaign):
    scoring = campaign.scoring or {}
    comps = [
        {
            "label": COMPONENT_KINDS.get(c["kind"], c["kind"]),
            "weight": c["weight"],
            "method": VOTE_METHODS.get(c.get("method"), ""),
        }
        for c in scoring.get("components") or []
    ]
    ties = [TIE_BREAKS.get(t, t) for t in scoring.get("tie_break") or []]
    places = scoring.get("round_before_ranking")
    rounding = (
        "按精确值计算和排名，仅显示时四舍五入" if places is None else f"各项分值与总分先保留{places}位小数（四舍五入）再排名"
    )
    return {"components": comps, "tie_break": ties, "note": scoring.get("note", ""), "rounding": rounding}


@login_required
def campaign_detail(request, code):
    campaign = get_campaign(request.user, code)
    categories = list(campaign.categories.all())
    context = {
        "campaign": campaign,
        "timeline": services.timeline(campaign),
        "categories": categories,
        "matrix": quota_matrix(campaign, categories),
        "scoring": scoring_rows(campaign),
        "policies": policy_rows(campaign),
        "can_configure": can_configure(request.user, campaign),
        "is_office": campaign_rules.is_office(request.user, campaign),
        "has_unit": bool(campaign_rules.unit_paths(request.user, campaign)),
        "extension_count": PhaseExtension.objects.filter(phase__campaign=campaign, is_active=True).count(),
        "public_links": public_links(campaign),
    }
    return render(request, "campaigns/detail.html", context)


def public_links(campaign):
    """[(label, url)]: the campaign's pages for the public, to open, check and pass on (no sign-in needed)."""
    from django.urls import reverse

    voting = campaign.voting or {}
    links = []
    if (voting.get("public") or {}).get("enabled"):
        for category in campaign.categories.all():
            links.append((f"群众投票：{category.name}", reverse("vote-page", args=[category.pk])))
        links.append(("查询投票回执", reverse("vote-receipt")))
    if (voting.get("delegate") or {}).get("enabled"):
        links.append(("代表投票（凭选票编码）", reverse("vote-ballot")))
    for pub in campaign.publications.order_by("id"):
        links.append((f"公示：{pub.get_stage_display()}", reverse("publicity-public", args=[pub.pk])))
    links.append(("查询异议处理结果", reverse("publicity-follow")))
    links.append(("计分办法与投票规则", reverse("results-rules", args=[campaign.code])))
    links.append(("审计链公布点（核对数据未被改动）", reverse("audit-anchors")))
    return links


@login_required
def export_yaml(request, code):
    campaign = get_campaign(request.user, code)
    text = presets.dump_yaml(_plain(export_config(campaign)))
    response = HttpResponse(text, content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{campaign.code}.yaml"'
    return response


def _plain(value):
    """Dates as ISO text so the YAML reads like a hand-written preset."""
    import datetime

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# Extensions ----------------------------------------------------------------------------------------


@login_required
def extensions(request, code):
    campaign = get_campaign(request.user, code)
    allowed = can_configure(request.user, campaign)
    phases = list(campaign.phases.all())
    units = [o for o in org_rules.visible_orgs(request.user).order_by("path") if o.path.startswith(campaign.owner.path)]
    form = ExtensionForm(request.POST or None, phases=phases, units=units)
    status = 200
    if request.method == "POST":
        if not allowed:
            return refused(request, "只有活动办公室可以批准延期。")
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            phase = next(p for p in phases if str(p.pk) == data["phase"])
            unit = next(o for o in units if str(o.pk) == data["organisation"])
            try:
                services.grant_extension(
                    user=request.user, phase=phase, organisation=unit, until=data["until"], reason=data["reason"]
                )
                messages.success(request, f"已批准“{unit.name}”的“{phase.name}”阶段延期。")
                return redirect("campaign-extensions", campaign.code)
            except PermissionDenied as exc:
                return refused(request, exc.message)
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    items = (
        PhaseExtension.objects.filter(phase__campaign=campaign)
        .select_related("phase", "organisation", "granted_by")
        .order_by("-granted_at")
    )
    context = {"campaign": campaign, "form": form, "extensions": items, "can_configure": allowed}
    return render(request, "campaigns/extensions.html", context, status=status)


@login_required
def phase_now(request, code, kind):
    """POST op=open|close: a confirmation page with what will change and a required reason, then the change."""
    from django.http import Http404
    from django.urls import reverse

    from pingxuan.core import confirm

    from . import phase_now as moves

    campaign = get_campaign(request.user, code)
    if request.method != "POST" or not can_configure(request.user, campaign):
        raise Http404("未找到该页面。")
    back = reverse("campaign-detail", args=[campaign.code])
    op = request.POST.get("op", "")
    try:
        phase, _start, _end, lines = moves.plan(campaign, kind, op)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    reason = confirm.field("reason", "理由（记入审计日志）", help="例如：各单位申报已全部报送，经领导小组同意提前结束申报。")
    lacking = confirm.missing(request, [reason])
    if not confirm.confirmed(request) or lacking:
        title = f"立即{'开始' if op == moves.OPEN else '结束'}{moves.named(phase)}"
        return confirm.confirm_page(
            request,
            title=title,
            summary=lines,
            action="调整",
            cancel=back,
            fields=[reason],
            warning="阶段日期将随之改动，并记入审计日志。",
            status=400 if lacking and confirm.confirmed(request) else 200,
        )
    try:
        phase = moves.move_phase_now(user=request.user, campaign=campaign, kind=kind, op=op, reason=reason["value"])
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, f"已调整：{moves.named(phase)}现为 {services.range_zh(phase.starts_on, phase.ends_on)}。")
    return redirect(back)
