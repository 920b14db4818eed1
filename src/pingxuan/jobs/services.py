"""Long work runs in the task worker; a Job row carries its progress so a page can show a progress bar."""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from pingxuan.core.errors import ServiceError
from pingxuan.core.states import Transitions

from .models import Job

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from django.db.models import QuerySet

    from pingxuan.campaigns.models import Campaign
    from pingxuan.orgs.actors import AnyUser
    from pingxuan.orgs.models import User

    F = TypeVar("F", bound=Callable[..., Any])

HANDLERS: dict[str, str] = {}
# A job that failed, or whose worker died while it ran, may be run again; a finished job stays finished.
STATES = Transitions(
    Job,
    {
        Job.Status.QUEUED: {Job.Status.RUNNING},
        Job.Status.RUNNING: {Job.Status.RUNNING, Job.Status.DONE, Job.Status.FAILED},
        Job.Status.FAILED: {Job.Status.RUNNING},
        Job.Status.DONE: set(),
    },
    message="“{old}”的后台任务不能变为“{new}”。",
)


def handler(kind: str) -> Callable[[F], F]:
    """Register a function `fn(job, progress)` as the body of a kind of job."""

    def wrap(fn: F) -> F:
        HANDLERS[kind] = f"{fn.__module__}.{fn.__qualname__}"
        return fn

    return wrap


def start_job(
    *, user: User, kind: str, title: str, params: dict[str, Any] | None = None, campaign: Campaign | None = None
) -> Job:
    if kind not in HANDLERS:
        raise ServiceError(f"未知的任务类型“{kind}”。")
    job = Job.objects.create(kind=kind, title=title, user=user, params=params or {}, campaign_id=getattr(campaign, "pk", None))
    transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: Job) -> None:
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


class Progress:
    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, done: int, total: int | None = None, message: str | None = None) -> None:
        fields: dict[str, int | str] = {"done": done}
        if total is not None:
            fields["total"] = total
        if message is not None:
            fields["message"] = message
        Job.objects.filter(pk=self.job.pk).update(**fields)

    def attach(self, name: str, content: bytes) -> None:
        self.job.result_name = name
        self.job.result_file.save(name, ContentFile(content), save=False)
        Job.objects.filter(pk=self.job.pk).update(result_file=self.job.result_file.name, result_name=name)


@task()
def run_job(job_id: int) -> int:
    job = Job.objects.get(pk=job_id)
    STATES.update(job, Job.Status.RUNNING)
    try:
        fn = import_string(HANDLERS[job.kind])
        result = fn(job, Progress(job)) or {}
        job.refresh_from_db()
        STATES.update(job, Job.Status.DONE, result=result, finished_at=timezone.now(), done=job.total or job.done)
    except ServiceError as exc:
        STATES.update(job, Job.Status.FAILED, message=exc.message, result=exc.as_dict(), finished_at=timezone.now())
    except Exception as exc:  # the job records the failure; the worker keeps going
        STATES.update(
            job,
            Job.Status.FAILED,
            message=f"任务失败：{exc}",
            result={"trace": traceback.format_exc()[-4000:]},
            finished_at=timezone.now(),
        )
    return job_id


def visible_jobs(user: AnyUser) -> QuerySet[Job]:
    if not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(user=user)
