"""The dashboard's work queue: what waits for this person now, each with a count and a link to where it is done.

Each row reuses the predicate of the page it links to, so a count never promises work the page would refuse."""

import datetime

from django.urls import reverse
from django.utils import timezone


def _row(label, count, url, *, urgent=False):
    return {"label": label, "count": count, "url": url, "urgent": urgent}


def work_queue(user):
    from pingxuan.campaigns.rules import visible_campaigns
    from pingxuan.judging.views_judge import _rows as judge_rows
    from pingxuan.nominations import rules as nom_rules
    from pingxuan.nominations.approval import awaiting
    from pingxuan.nominations.models import Nomination, Status
    from pingxuan.publicity.models import OPEN_OBJECTIONS, Objection
    from pingxuan.results import rules as results_rules
    from pingxuan.results.models import Decision, ListStatus, ResultList, Stage
    from pingxuan.voting.models import Cluster

    rows = []
    approvals = len(awaiting(user))
    if approvals:
        rows.append(_row("待我审核的推荐", approvals, reverse("nom-queue")))
    judging = [r for r in judge_rows(user) if r["state"] != "submitted"]
    if judging:
        rows.append(_row("待我评分的推荐对象", len(judging), reverse("judging-my")))
    for campaign in visible_campaigns(user):
        name = campaign.name
        returned = Nomination.objects.filter(campaign=campaign, status=Status.RETURNED, created_by=user).count()
        if returned:
            rows.append(_row(f"退回给我修改的推荐（{name}）", returned, reverse("nom-unit", args=[campaign.code]), urgent=True))
        drafts = Nomination.objects.filter(campaign=campaign, status=Status.DRAFT, created_by=user).count()
        if drafts:
            rows.append(_row(f"我尚未提交的草稿（{name}）", drafts, reverse("nom-unit", args=[campaign.code])))
        if nom_rules.can_manage(user, campaign):
            received = Nomination.objects.filter(campaign=campaign, status=Status.RECEIVED).count()
            if received:
                rows.append(_row(f"待初审的推荐（{name}）", received, reverse("judging-home", args=[campaign.code])))
            objections = Objection.objects.filter(publication__campaign=campaign, status__in=OPEN_OBJECTIONS).count()
            if objections:
                url = reverse("publicity-office", args=[campaign.code])
                rows.append(_row(f"待核查的异议（{name}）", objections, url, urgent=True))
            alerts = Cluster.objects.filter(campaign=campaign, state=Cluster.State.OPEN).count()
            if alerts:
                url = reverse("voting-office", args=[campaign.code])
                rows.append(_row(f"待处理的刷票预警（{name}）", alerts, url, urgent=True))
        if results_rules.can_decide(user, campaign) and not Decision.objects.filter(campaign=campaign).exists():
            finals = ResultList.objects.filter(campaign=campaign, stage=Stage.FINAL, status=ListStatus.APPLIED).count()
            if finals:
                rows.append(_row(f"待审定的最终名单（{name}）", finals, reverse("results-decision", args=[campaign.code])))
    rows += _complaints(user)
    return rows


def _complaints(user):
    from pingxuan.orgs import rules as org_rules
    from pingxuan.stars.models import Complaint
    from pingxuan.stars.rules import can_manage_programme, staff_paths, visible_programmes

    rows = []
    soon = timezone.now() + datetime.timedelta(days=2)
    for programme in visible_programmes(user):
        qs = Complaint.objects.filter(programme=programme, responded_at__isnull=True, respond_by__lte=soon)
        if not can_manage_programme(user, programme):
            qs = qs.filter(org_rules.subtree_q(staff_paths(user, programme), field="window__path"))
        due = qs.count()
        if due:
            url = reverse("stars-staff-complaints", args=[programme.code])
            rows.append(_row(f"两天内到期未答复的投诉（{programme.name}）", due, url, urgent=True))
    return rows
