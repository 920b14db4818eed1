import pytest
from django.core.management import call_command

from pingxuan.jobs.services import handler, start_job


@handler("test.count")
def count_to(job, progress):
    total = job.params["n"]
    for i in range(1, total + 1):
        progress(i, total, f"第 {i} 项")
    progress.attach("count.txt", "\n".join(str(i) for i in range(1, total + 1)).encode())
    return {"counted": total}


@handler("test.refuse")
def refuse(job, progress):
    from pingxuan.core.errors import ServiceError

    raise ServiceError("导入文件有 2 处错误，未导入任何数据。")


def run(user, kind, params, capture):
    with capture(execute=True):
        job = start_job(user=user, kind=kind, title="测试任务", params=params)
    job.refresh_from_db()
    return job


def test_job_reports_progress_result_and_file(admin_user, django_capture_on_commit_callbacks, client):
    job = run(admin_user, "test.count", {"n": 4}, django_capture_on_commit_callbacks)
    assert (job.status, job.done, job.total, job.percent, job.message, job.result) == (
        "done",
        4,
        4,
        100,
        "第 4 项",
        {"counted": 4},
    )
    assert job.result_file.read() == b"1\n2\n3\n4"
    client.force_login(admin_user)
    page = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-valuenow="100"' in page and "已完成：4 / 4" in page and "下载 count.txt" in page


def test_refused_job_keeps_the_message(admin_user, django_capture_on_commit_callbacks):
    job = run(admin_user, "test.refuse", {}, django_capture_on_commit_callbacks)
    assert (job.status, job.message) == ("failed", "导入文件有 2 处错误，未导入任何数据。")


def test_another_users_job_is_not_found(admin_user, tree, make_user, client, django_capture_on_commit_callbacks):
    job = run(admin_user, "test.count", {"n": 1}, django_capture_on_commit_callbacks)
    clerk = make_user(tree["dongbao"], "clerk", by=admin_user)
    client.force_login(clerk)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_database_queue_and_worker(admin_user, settings):
    """The real queue: the job waits in the database until a worker process takes it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = start_job(user=admin_user, kind="test.count", title="排队任务", params={"n": 3})
    job.refresh_from_db()
    assert job.status == "queued" and job.task_id
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.done, job.result) == ("done", 3, {"counted": 3})
