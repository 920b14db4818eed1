"""The organiser's voting pages: rules, votes per hour per candidate, clusters with evidence, delegates."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.views.decorators.http import require_POST

from pingxuan.campaigns.validation import ConfigErrors
from pingxuan.core import confirm
from pingxuan.core.display import clauses
from pingxuan.core.errors import ServiceError
from pingxuan.documents.excel import wants_background
from pingxuan.documents.imports import run_import
from pingxuan.jobs.models import Job

from . import analysis, ballots, logs, services
from . import rules as vote_rules
from .access import get_candidate, get_cluster, get_log, get_log_file, office_campaign
from .models import CandidateWarning, Cluster, Delegate

RULE_KEYS = ["votes_per_day", "per_candidate_per_day", "hours", "ip_per_day", "device_per_day", "captcha_after"]


@login_required
def office(request, code):
    campaign = office_campaign(request.user, code)
    cats = []
    closures = ballots.closures(campaign)
    for category in campaign.categories.order_by("sort_order", "id"):
        counts = services.vote_counts(category)
        names = {n.pk: n for n in services.candidates(category)}
        table = sorted(((names[pk], c) for pk, c in counts.items() if pk in names), key=lambda x: -x[1]["public"])
        cats.append(
            {
                "category": category,
                "table": table,
                "chart": json.dumps(services.hourly(category), ensure_ascii=False),
                "public_url": f"/vote/{category.pk}/",
                "closure": closures.get(category.pk),
            }
        )
    return render(
        request,
        "voting/office.html",
        {
            "campaign": campaign,
            "rules": services.public_rules(campaign),
            "cats": cats,
            **_clusters_context(campaign),
            "delegates": Delegate.objects.filter(campaign=campaign).count(),
            "vote_logs": logs.visible_logs(request.user, campaign)[:20],
            "reconciliation": ballots.reconciliation(user=request.user, campaign=campaign),
            "warnings": CandidateWarning.objects.filter(nomination__campaign=campaign).select_related("nomination", "by"),
            "can_manage": vote_rules.can_manage_votes(request.user, campaign),
        },
    )


def _run(request, fn, ok):
    try:
        fn()
        messages.success(request, ok)
    except ConfigErrors as exc:
        messages.error(request, clauses(exc.messages(), end="。"))
    except ServiceError as exc:
        messages.error(request, exc.message)


@login_required
@require_POST
def save_rules(request, code):
    campaign = office_campaign(request.user, code)
    values = {"enabled": request.POST.get("enabled") == "on", "live_counts": request.POST.get("live_counts") == "on"}
    values.update({k: request.POST[k] for k in RULE_KEYS if request.POST.get(k, "") != ""})
    _run(request, lambda: services.set_public_rules(user=request.user, campaign=campaign, values=values), "投票规则已保存。")
    return redirect("voting-office", code=code)


@login_required
@require_POST
def close_count(request, code, cat):
    """计票结束 of one category's delegate ballots (the same service as the API)."""
    campaign = office_campaign(request.user, code)
    _run(
        request,
        lambda: ballots.close_count(user=request.user, campaign=campaign, category_code=cat, note=request.POST.get("note", "")),
        "已结束计票，此后不再录入纸质选票。",
    )
    return redirect("voting-office", code=code)


def _clusters_context(campaign):
    job = Job.objects.filter(kind="voting.analyse", campaign_id=campaign.pk).order_by("-created_at", "-id").first()
    return {
        "campaign": campaign,
        "job": job,
        "polling": job is not None and job.is_active,
        "clusters": Cluster.objects.filter(campaign=campaign).select_related("category", "nomination")[:200],
    }


@login_required
def clusters_panel(request, code):
    """The analysis panel alone: the organiser's page polls it (htmx) while the analysis job runs."""
    campaign = office_campaign(request.user, code)
    return render(request, "voting/_clusters.html", _clusters_context(campaign))


@login_required
@require_POST
def analyse(request, code):
    campaign = office_campaign(request.user, code)
    if request.htmx:  # the page swaps in the panel, which follows the job's progress by itself
        try:
            analysis.start_analysis(user=request.user, campaign=campaign)
        except ServiceError as exc:
            return HttpResponse(f'<div id="clusters-panel" class="alert alert-danger">{escape(exc.message)}</div>')
        return clusters_panel(request, code)
    _run(
        request,
        lambda: analysis.start_analysis(user=request.user, campaign=campaign),
        "刷票分析已在后台开始，进度和结果显示在“可疑群组”一栏。",
    )
    return redirect("voting-office", code=code)


@login_required
def cluster_detail(request, pk):
    cluster = get_cluster(request.user, pk)
    if request.method == "POST":
        action, reason = request.POST.get("action"), request.POST.get("reason", "")
        if action == "invalidate" and not confirm.confirmed(request):
            reason_field = confirm.field("reason", "作废理由（记入审计，作废的回执显示此理由）")
            manage = vote_rules.can_manage_votes(request.user, cluster.campaign)
            if manage and not confirm.missing(request, [reason_field]) and cluster.state == Cluster.State.OPEN:
                counted = len(cluster.vote_ids)
                target = f"“{cluster.nomination.title}”的" if cluster.nomination_id else ""
                summary = [
                    f"作废可疑群组“{cluster.title}”中{target} {counted} 张投票（{cluster.category.name}）。",
                    "作废的票不再计入得票；原始记录保留，查询回执时显示“已作废”和作废理由。",
                    "此操作记入审计日志。",
                ]
                return confirm.confirm_page(
                    request,
                    title="作废可疑投票",
                    summary=summary,
                    action="作废",
                    cancel=request.path,
                    fields=[reason_field],
                )
        if action == "invalidate":
            _run(
                request,
                lambda: services.invalidate_cluster(user=request.user, cluster=cluster, reason=reason),
                "已作废该群组的投票。",
            )
        elif action == "dismiss":
            _run(request, lambda: services.dismiss_cluster(user=request.user, cluster=cluster, reason=reason), "已排除该群组。")
        return redirect("voting-cluster", pk=pk)
    return render(
        request,
        "voting/cluster.html",
        {
            "cluster": cluster,
            "rows": analysis.cluster_rows(cluster),
            "chart": json.dumps(cluster.evidence.get("chart") or {}, ensure_ascii=False),
            "evidence": {k: v for k, v in cluster.evidence.items() if k != "chart"},
            "can_manage": vote_rules.can_manage_votes(request.user, cluster.campaign),
        },
    )


@login_required
@require_POST
def candidate_action(request, pk):
    nomination = get_candidate(request.user, pk)
    reason = request.POST.get("reason", "")
    if request.POST.get("action") == "withdraw":
        from pingxuan.nominations import services as nom_services

        def withdraw():
            done = nom_services.withdraw_on_request(user=request.user, nomination=nomination, reason=reason)
            services.forget_state([nomination.pk])
            return done

        _run(request, withdraw, "已按推荐单位的申请撤回，不再计票和排名。")
    elif request.POST.get("action") == "disqualify":
        _run(
            request,
            lambda: services.disqualify_candidate(user=request.user, nomination=nomination, reason=reason),
            "已取消其参选资格。",
        )
    else:
        _run(
            request,
            lambda: services.warn_candidate(user=request.user, nomination=nomination, reason=reason),
            "已警告该候选对象。",
        )
    return redirect("voting-office", code=nomination.campaign.code)


@login_required
@require_POST
def delegates_import(request, code):
    campaign = office_campaign(request.user, code)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 Excel 文件。")
    else:
        kind = "ballots" if request.POST.get("kind") == "ballots" else "delegates"
        try:
            big = wants_background(upload)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("voting-office", code=code)
        if big:  # a big workbook: a background job with a progress bar
            from pingxuan.documents.imports import start_import_job

            job = start_import_job(user=request.user, key=kind, upload=upload, campaign=campaign)
            return redirect("job-detail", job.pk)
        _run(request, lambda: run_import(kind, user=request.user, fileobj=upload, campaign=campaign), "导入完成。")
    return redirect("voting-office", code=code)


@login_required
def ballot_sheets(request, code):
    campaign = office_campaign(request.user, code)
    try:
        pdf = ballots.ballot_sheets_pdf(user=request.user, campaign=campaign)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("voting-office", code=code)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{campaign.code}-ballots.pdf"'
    return response


@login_required
@require_POST
def log_upload(request, code):
    campaign = office_campaign(request.user, code)
    upload = request.FILES.get("file")
    try:
        log = logs.upload_log(user=request.user, campaign=campaign, fileobj=upload, name=getattr(upload, "name", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("voting-office", code=code)
    return redirect("voting-log", pk=log.pk)


@login_required
def log_detail(request, pk):
    log = get_log(request.user, pk)
    job = Job.objects.filter(pk=log.job_id).first()
    clusters = [{**c, "chart_id": f"chart-{c['id']}"} for c in (log.summary or {}).get("clusters", [])]
    return render(request, "voting/log.html", {"log": log, "job": job, "clusters": clusters})


@login_required
def log_file(request, pk, name):
    log, stored, content_type = get_log_file(request.user, pk, name)
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=f"{log.pk}-{name}", content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
