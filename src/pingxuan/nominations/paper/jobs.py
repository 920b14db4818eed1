"""Background printing: every visible nomination of a campaign as DOCX and PDF in one zip (`nominations.print_all`)."""

import io
import re
import zipfile

from pingxuan.campaigns import rules as campaign_rules
from pingxuan.campaigns.models import Campaign
from pingxuan.core.errors import NotFound, ServiceError
from pingxuan.jobs.services import handler, start_job
from pingxuan.nominations import rules as nom_rules
from pingxuan.nominations.models import Status
from pingxuan.nominations.services import LIVE

from .forms import nomination_docx, nomination_pdf
from .reports import ranking_table_docx

KIND = "nominations.print_all"
FORMATS = ("docx", "pdf")
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def safe_name(text, limit=60):
    return UNSAFE.sub("_", str(text)).strip("_")[:limit] or "未命名"


def _nominations(user, campaign, params):
    qs = nom_rules.visible_nominations(user, campaign).select_related("category", "unit", "recommender", "campaign")
    statuses = params.get("statuses") or LIVE
    bad = [s for s in statuses if s not in Status.values]
    if bad:
        raise ServiceError(f"状态“{'、'.join(bad)}”无效。", field="statuses")
    qs = qs.filter(status__in=statuses)
    if params.get("category"):
        qs = qs.filter(category__code=params["category"])
    return list(qs.order_by("category__sort_order", "recommender__path", "rank", "id"))


def start_print_all(*, user, campaign, category=None, formats=FORMATS, statuses=None):
    """Queue the print job for what the user may see of the campaign."""
    if not campaign_rules.can_view_campaign(user, campaign):
        raise NotFound("未找到该评选活动。")
    formats = list(formats or FORMATS)
    if not formats or any(f not in FORMATS for f in formats):
        raise ServiceError("打印格式只能是 DOCX 或 PDF。", field="formats")
    params = {"campaign": campaign.pk, "formats": formats}
    if category is not None:
        params["category"] = category.code
    if statuses:
        params["statuses"] = list(statuses)
    title = f"打印申报表：{campaign.name}" + (f" · {category.name}" if category is not None else "")
    return start_job(user=user, kind=KIND, title=title, params=params, campaign=campaign)


@handler(KIND)
def print_all(job, progress):
    params = job.params or {}
    campaign = Campaign.objects.filter(pk=params.get("campaign") or job.campaign_id).first()
    if campaign is None or not campaign_rules.can_view_campaign(job.user, campaign):
        raise ServiceError("未找到该评选活动。", code="not_found")
    formats = [f for f in params.get("formats") or FORMATS if f in FORMATS]
    nominations = _nominations(job.user, campaign, params)
    if not nominations:
        raise ServiceError("没有可打印的申报。", code="empty")
    units = sorted(
        {(n.category_id, n.recommender_id): n for n in nominations}.values(),
        key=lambda n: (n.category.sort_order, n.recommender.path),
    )
    total = len(nominations) + len(units)
    progress(0, total, "正在生成申报表")
    buf = io.BytesIO()
    done = 0
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in nominations:
            folder = f"{safe_name(n.category.name)}/{safe_name(n.recommender.name)}"
            stem = f"{folder}/{(n.rank or 0):02d}-{safe_name(n.title or n.pk)}-{n.pk}"
            if "docx" in formats:
                zf.writestr(f"{stem}.docx", nomination_docx(n))
            if "pdf" in formats:
                zf.writestr(f"{stem}.pdf", nomination_pdf(n))
            done += 1
            progress(done, total, f"已生成 {done}/{len(nominations)} 份申报表")
        for n in units:
            folder = f"{safe_name(n.category.name)}/{safe_name(n.recommender.name)}"
            zf.writestr(f"{folder}/排序表.docx", ranking_table_docx(n.category, n.recommender))
            done += 1
            progress(done, total, "正在生成排序表")
    name = f"{safe_name(campaign.name)}-申报表.zip"
    progress.attach(name, buf.getvalue())
    progress(total, total, "已完成")
    return {"file": name, "nominations": len(nominations), "formats": formats}
