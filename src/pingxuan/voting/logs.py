"""Vote logs from other platforms inside a campaign: upload, analyse as a background job, read the report.

The organiser uploads the CSV export (the `analyse_votes` format); the job reads it, runs the same analysis as the
command line, and keeps the per-row result (CSV), an Excel report and a PDF report to attach to the file. The
clusters and the candidate inflow anomalies are shown on the log's page with their evidence and charts.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.core.errors import ServiceError
from pingxuan.jobs.services import handler, start_job

from . import rules as vote_rules
from . import votelog
from .models import VoteLog
from .services import _require_manage

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_BYTES = 1024 * 1024 * 1024  # 1 GiB: about 8 million rows


def upload_log(*, user, campaign, fileobj, name):
    """Keep the uploaded export and start its analysis; the header is checked now, every row by the job."""
    _require_manage(user, campaign)
    size = getattr(fileobj, "size", None)
    if not size:
        raise ServiceError("请选择要分析的投票记录文件（CSV）。", field="file")
    if size > MAX_BYTES:
        raise ServiceError("文件超过 1 GB，请按日期分成几个文件分别上传。", field="file")
    first = fileobj.read(4096)
    fileobj.seek(0)
    try:
        head = first.decode("utf-8-sig").splitlines()[0] if first else ""
    except UnicodeDecodeError:
        raise ServiceError("文件不是 UTF-8 编码的 CSV，请另存为“CSV UTF-8”后再上传。", field="file") from None
    if [h.strip() for h in head.split(",")] != votelog.HEADER:
        raise ServiceError("第 1 行：表头应为 time,phone,ip,device,user_agent,candidate。", field="file")
    with transaction.atomic():
        log = VoteLog(campaign=campaign, name=(name or "votes.csv")[:200], uploaded_by=user)
        log.file.save("votes.csv", fileobj, save=False)
        log.save()
        job = start_job(
            user=user, kind="voting.log", title=f"外部投票记录分析：{log.name}", params={"log": log.pk}, campaign=campaign
        )
        log.job_id = job.pk
        log.save(update_fields=["job_id"])
        record(actor=user, action="vote.log.uploaded", obj=log, campaign=campaign, after={"name": log.name, "bytes": size})
    return log


def visible_logs(user, campaign):
    if not vote_rules.can_view_votes(user, campaign):
        return VoteLog.objects.none()
    return VoteLog.objects.filter(campaign=campaign)


@handler("voting.log")
def run_log(job, progress):
    log = VoteLog.objects.select_related("campaign").get(pk=job.params["log"])
    progress(0, 7, "正在读取文件……")
    with log.file.open("rb") as raw:
        try:
            votes = votelog.read(raw)
        except UnicodeDecodeError as exc:
            raise ServiceError(f"文件不是 UTF-8 编码（第 {exc.start} 字节附近），请另存为“CSV UTF-8”。") from None
    result = votelog.fraudstats.analyse(
        votes, fmt_time=lambda s: votelog._fmt(s)[5:16], progress=lambda done, total, msg: progress(done, 7, msg)
    )
    summary = votelog.summarise(votes, result)
    out = io.StringIO()
    votelog.write_rows(out, result)
    log.result_csv.save("result.csv", ContentFile(out.getvalue().encode("utf-8")), save=False)
    log.report_xlsx.save("report.xlsx", ContentFile(excel_report(log, summary)), save=False)
    log.report_pdf.save("report.pdf", ContentFile(pdf_report(log, summary)), save=False)
    log.rows, log.flagged, log.summary = summary["rows"], summary["flagged"], summary
    log.save()
    progress(7, 7, "分析完成")
    return {"rows": summary["rows"], "flagged": summary["flagged"], "clusters": len(summary["clusters"])}


def _cell(value):
    """Text that a spreadsheet would run as a formula is written as text."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


def excel_report(log, summary):
    from openpyxl import Workbook

    wb = Workbook()
    ws: Worksheet = wb.active  # type: ignore[assignment]  # a new workbook has one worksheet
    ws.title = "概况"
    ws.append(["文件", _cell(log.name)])
    ws.append(["评选活动", _cell(log.campaign.name)])
    ws.append(["记录行数", summary["rows"]])
    ws.append(["标记可疑", summary["flagged"]])
    ws.append(["分析时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    groups = wb.create_sheet("可疑群组")
    groups.append(["编号", "类型", "票数", "多数投给", "证据"])
    for c in summary["clusters"]:
        groups.append([c["id"], c["kind"], c["votes"], _cell(c["candidate"]), _cell(c["reason"])])
    inflow = wb.create_sheet("异常流入")
    inflow.append(["候选对象", "开始", "结束", "估计异常票数", "证据"])
    for a in summary["anomalies"]:
        inflow.append([_cell(a["candidate"]), a["start"], a["end"], a["excess_votes"], _cell(a["evidence"])])
    rows = wb.create_sheet("涉及记录")
    rows.append(["群组", "行号", "时间", "号码", "IP", "设备", "候选对象"])
    for c in summary["clusters"]:
        for r in c["sample"]:
            rows.append(
                [c["id"], r["row"], r["time"], _cell(r["phone"]), _cell(r["ip"]), _cell(r["device"]), _cell(r["candidate"])]
            )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pdf_report(log, summary):
    from pingxuan.documents.pdf import html_to_pdf

    html = render_to_string(
        "voting/log_report.html", {"log": log, "summary": summary, "at": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    )
    return html_to_pdf(
        html,
        css="table { border-collapse: collapse; width: 100%; font-size: 9pt; } td, th { border: 1px solid #999; padding: 2pt 4pt; }",
    )
