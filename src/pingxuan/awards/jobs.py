"""Background work of commendation: the batch of certificates (issue what is missing, then one combined PDF) and
the case collection (PDF or DOCX). Each finished generation is an audit event."""

import re

from django.db import transaction

from pingxuan.audit.services import record
from pingxuan.campaigns.models import Campaign
from pingxuan.core.display import clauses
from pingxuan.core.errors import NotFound, PermissionDenied, ServiceError
from pingxuan.jobs.services import handler, start_job

from . import casebook, certificates, rules, services

CERTS = "awards.certificates"
BOOK = "awards.casebook"
BOOK_FORMATS = ("pdf", "docx")
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def _safe(text):
    return UNSAFE.sub("_", str(text)).strip("_")[:60] or "未命名"


def _check(user, campaign):
    if not rules.can_read(user, campaign):
        raise NotFound("未找到该评选活动。")
    if not rules.can_commend(user, campaign):
        raise PermissionDenied("只有本活动的活动办公室可以生成证书和案例集。")


def start_certificates(*, user, campaign):
    _check(user, campaign)
    problems = services.blocking_problems(services.checklist(campaign))
    if problems:
        raise ServiceError("颁发前检查未通过：" + clauses((p["detail"] for p in problems), end="。"), code="checklist")
    return start_job(
        user=user, kind=CERTS, title=f"批量生成荣誉证书：{campaign.name}", params={"campaign": campaign.pk}, campaign=campaign
    )


def start_casebook(*, user, campaign, fmt):
    _check(user, campaign)
    if fmt not in BOOK_FORMATS:
        raise ServiceError("案例集格式只能是 PDF 或 DOCX。", field="format")
    if not services.latest_decision(campaign):
        raise ServiceError("尚未记录领导小组的审定决定，不能编印案例集。", code="checklist")
    title = f"编印案例集（{fmt.upper()}）：{campaign.name}"
    return start_job(user=user, kind=BOOK, title=title, params={"campaign": campaign.pk, "format": fmt}, campaign=campaign)


def _campaign(job):
    campaign = Campaign.objects.select_related("owner").filter(pk=(job.params or {}).get("campaign") or job.campaign_id).first()
    if campaign is None:
        raise ServiceError("未找到该评选活动。", code="not_found")
    _check(job.user, campaign)
    return campaign


@handler(CERTS)
def generate_certificates(job, progress):
    campaign = _campaign(job)
    progress(0, 1, "正在颁发证书")
    created = services.issue_certificates(user=job.user, campaign=campaign)
    certs = list(services.issued(campaign).select_related("campaign", "campaign__owner"))
    content = certificates.certificates_pdf(certs, progress=progress)
    name = f"{_safe(campaign.name)}-荣誉证书.pdf"
    with transaction.atomic():
        progress.attach(name, content)
        record(
            actor=job.user,
            action="certificate.generate",
            object_type="jobs.job",
            object_id=str(job.pk),
            object_repr=name,
            campaign=campaign.pk,
            after={"certificates": [c.serial for c in certs], "issued_now": len(created), "file": name},
        )
    progress(len(certs), len(certs), "已完成")
    return {"file": name, "certificates": len(certs), "issued_now": len(created), "pages": len(certs)}


@handler(BOOK)
def generate_casebook(job, progress):
    campaign = _campaign(job)
    fmt = (job.params or {}).get("format", "pdf")
    if fmt not in BOOK_FORMATS:
        raise ServiceError("案例集格式只能是 PDF 或 DOCX。")
    build = casebook.casebook_pdf if fmt == "pdf" else casebook.casebook_docx
    content = build(campaign, progress=progress)
    name = f"{_safe(campaign.name)}-案例集.{fmt}"
    with transaction.atomic():
        progress.attach(name, content)
        record(
            actor=job.user,
            action="awards.casebook",
            object_type="jobs.job",
            object_id=str(job.pk),
            object_repr=name,
            campaign=campaign.pk,
            after={"format": fmt, "file": name, "size": len(content)},
        )
    progress(1, 1, "已完成")
    return {"file": name, "format": fmt}
