"""Who reaches a background job and its result file: the lookups shared by the pages and the API."""

from django.http import Http404

from pingxuan.orgs.access import Viewer

from .models import Job
from .services import visible_jobs


def get_job(user: Viewer, pk: int | str) -> Job:
    """One of the user's own jobs, or 404 (nobody sees another's jobs)."""
    job = visible_jobs(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if job is None:
        raise Http404("未找到。")
    return job


def get_job_with_file(user: Viewer, pk: int | str) -> Job:
    """One of the user's own jobs that has a result file, or 404."""
    job = get_job(user, pk)
    if not job.result_file:
        raise Http404("该任务没有结果文件。")
    return job
