"""Background job pages: a person sees only the jobs they started; the progress bar polls with htmx."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render

from pingxuan.core.files import harden

from .access import get_job, get_job_with_file
from .services import visible_jobs

HIDDEN = {"detail", "code", "trace", "file", "bytes", "field"}
RESULT_LABELS = {
    "created": "新建",
    "updated": "更新",
    "unchanged": "未变",
    "moved": "移动",
    "rows": "行数",
    "total": "合计",
    "certificates": "证书数",
    "issued_now": "本次新发",
    "pages": "页数",
}


def result_rows(job):
    result = job.result if isinstance(job.result, dict) else {}
    return [(RESULT_LABELS.get(k, k), v) for k, v in result.items() if isinstance(v, (int, float, str)) and k not in HIDDEN]


@login_required
def job_list(request):
    jobs = list(visible_jobs(request.user)[:100])
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
def job_detail(request, pk):
    job = get_job(request.user, pk)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    errors = job.result.get("errors") if isinstance(job.result, dict) else None
    return render(request, template, {"job": job, "errors": errors, "result_rows": result_rows(job)})


@login_required
def job_download(request, pk):
    job = get_job_with_file(request.user, pk)
    return harden(FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name or "result"))
