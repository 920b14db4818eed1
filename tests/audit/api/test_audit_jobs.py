"""The audit trail and background jobs through the API, each within its reader's scope."""

import datetime

from django.utils import timezone

from pingxuan.audit.models import AuditEvent
from pingxuan.audit.services import seal_pending
from pingxuan.jobs.models import Job
from pingxuan.jobs.services import handler, start_job

EVENTS = "/api/audit/events/"


def listed(client, **params):
    response = client.get(EVENTS, params)
    assert response.status_code == 200, response.json()
    return [(e["action"], e["object_repr"]) for e in response.json()["results"]]


def test_readers_see_their_scope(people, tree, campaign, dd_campaign, client_for):
    everything = listed(client_for(people["admin"]), action="org.create")
    assert everything == [
        ("org.create", "掇刀区"),
        ("org.create", "东宝区办税服务厅"),
        ("org.create", "东宝区税务局"),
        ("org.create", "东宝区"),
        ("org.create", "荆门市"),
    ]
    # the 东宝区 supervisor reads 东宝区's subtree, not the city campaign's or 掇刀区's events
    db = client_for(people["db_supervisor"])
    assert listed(db, action="org.create") == [
        ("org.create", "东宝区办税服务厅"),
        ("org.create", "东宝区税务局"),
        ("org.create", "东宝区"),
    ]
    assert listed(db, action="campaign.create") == []
    assert {r for _, r in listed(db, action="membership.grant")} == {
        "db-organiser · 活动办公室（组织者） · 东宝区",
        "db-clerk · 经办人 · 东宝区",
        "db-supervisor · 监督员 · 东宝区",
    }
    # the city organiser reads the city campaign and the whole tree
    organiser = client_for(people["organiser"])
    assert listed(organiser, action="campaign.create") == [
        ("campaign.create", "掇刀区评选（测试）"),
        ("campaign.create", "荆门市窗口单位评选（测试）"),
    ]
    assert listed(client_for(people["db_organiser"]), action="campaign.create") == []
    # anyone else: the trail does not exist for them
    for user in (people["db_clerk"], people["dd_clerk"]):
        client = client_for(user)
        assert client.get(EVENTS).json() == {"detail": "未找到。", "code": "not_found"}
        assert client.get("/api/audit/verify/").status_code == 404
    hidden = AuditEvent.objects.get(action="org.create", object_repr="掇刀区")
    assert db.get(f"{EVENTS}{hidden.pk}/").status_code == 404


def test_event_detail_and_filters(people, tree, client_for):
    from pingxuan.orgs.services import update_org

    update_org(user=people["db_organiser"], org=tree["tax"], short_name="东宝税务")
    client = client_for(people["supervisor"])
    event = AuditEvent.objects.get(action="org.update")
    assert client.get(f"{EVENTS}{event.pk}/").json() == {
        "id": event.pk,
        "seq": None,
        "at": timezone.localtime(event.at).isoformat(),
        "actor": people["db_organiser"].pk,
        "actor_repr": "db-organiser",
        "action": "org.update",
        "object_type": "orgs.organisation",
        "object_id": str(tree["tax"].pk),
        "object_repr": "东宝区税务局",
        "campaign_id": None,
        "organisation_id": tree["tax"].pk,
        "before": {"short_name": ""},
        "after": {"short_name": "东宝税务"},
        "reason": "",
        "ip": None,
        "user_agent": "",
        "prev_hash": "",
        "hash": "",
        "sealed": False,
    }
    assert listed(client, actor=people["db_organiser"].pk) == [("org.update", "东宝区税务局")]
    assert listed(client, object_type="orgs.organisation", object_id=str(tree["tax"].pk)) == [
        ("org.update", "东宝区税务局"),
        ("org.create", "东宝区税务局"),
    ]
    assert len(listed(client, action="org.")) == 6
    today = timezone.localdate()
    # every event of the day but the sign-ins (recorded for the account, outside any organisation)
    expected = AuditEvent.objects.exclude(action__startswith="auth.").count()
    assert len(listed(client, date_from=str(today), date_to=str(today))) == expected
    assert listed(client, date_from=str(today + datetime.timedelta(days=1))) == []
    bad = client.get(EVENTS, {"date_from": "昨天"})
    assert (bad.status_code, bad.json()["detail"]) == (400, "参数“date_from”（起始日期）应为 2019-07-15 这样的日期，收到“昨天”。")
    backwards = client.get(EVENTS, {"date_from": "2019-07-02", "date_to": "2019-07-01"})
    assert backwards.json()["detail"] == "起始日期 2019-07-02 晚于截止日期 2019-07-01。"


def test_campaign_filter(people, campaign, client_for):
    client = client_for(people["organiser"])
    assert listed(client, campaign="jm-test") == [("campaign.create", "荆门市窗口单位评选（测试）")]


INTACT = {"data_ok": True, "data_problems": [], "anchors": []}


def test_verify_reports_the_chain_and_names_a_tampered_event(people, tree, client_for):
    client = client_for(people["supervisor"])
    total = AuditEvent.objects.count()
    assert client.get("/api/audit/verify/").json() == {"ok": True, "checked": 0, "pending": total, "broken": None, **INTACT}
    seal_pending()
    assert client.get("/api/audit/verify/").json() == {"ok": True, "checked": total, "pending": 0, "broken": None, **INTACT}
    victim = AuditEvent.objects.get(action="org.create", object_repr="东宝区")
    AuditEvent.objects.filter(pk=victim.pk).update(object_repr="西宝区")  # tampering straight in the database
    assert client.get("/api/audit/verify/").json() == {
        "ok": False,
        "checked": victim.seq - 1,
        "pending": 0,
        "broken": {"seq": victim.seq, "id": victim.pk, "problem": "内容与哈希不符（记录被修改）"},
        **INTACT,
    }


@handler("api-test.export")
def export_rows(job, progress):
    total = job.params["n"]
    for i in range(1, total + 1):
        progress(i, total, f"已导出 {i} 行")
    progress.attach("导出.txt", "导出完成".encode())
    return {"rows": total}


def run_job(user, capture, n=3):
    with capture(execute=True):
        job = start_job(user=user, kind="api-test.export", title="导出测试", params={"n": n})
    job.refresh_from_db()
    return job


def test_jobs_progress_result_download_and_scope(people, client_for, django_capture_on_commit_callbacks):
    job = run_job(people["db_clerk"], django_capture_on_commit_callbacks)
    client = client_for(people["db_clerk"])
    expected = {
        "id": job.pk,
        "kind": "api-test.export",
        "title": "导出测试",
        "status": "done",
        "status_label": "已完成",
        "done": 3,
        "total": 3,
        "percent": 100,
        "message": "已导出 3 行",
        "result": {"rows": 3},
        "result_name": "导出.txt",
        "download_url": f"/api/jobs/{job.pk}/download/",
        "created_at": timezone.localtime(job.created_at).isoformat(),
        "finished_at": timezone.localtime(job.finished_at).isoformat(),
    }
    assert client.get(f"/api/jobs/{job.pk}/").json() == expected
    assert client.get("/api/jobs/").json() == {"count": 1, "next": None, "previous": None, "results": [expected]}
    download = client.get(f"/api/jobs/{job.pk}/download/")
    assert (download.status_code, b"".join(download.streaming_content).decode()) == (200, "导出完成")
    assert download["Content-Disposition"] == "attachment; filename*=utf-8''%E5%AF%BC%E5%87%BA.txt"

    other = client_for(people["dd_clerk"])
    assert other.get("/api/jobs/").json()["count"] == 0
    for url in (f"/api/jobs/{job.pk}/", f"/api/jobs/{job.pk}/download/"):
        assert other.get(url).json() == {"detail": "未找到。", "code": "not_found"}
    # even an administrator sees only their own jobs
    assert client_for(people["admin"]).get(f"/api/jobs/{job.pk}/").status_code == 404


def test_job_without_a_file(people, client_for):
    job = start_job(user=people["db_clerk"], kind="api-test.export", title="排队", params={"n": 1})  # not run: still queued
    assert Job.objects.get(pk=job.pk).status == "queued"
    response = client_for(people["db_clerk"]).get(f"/api/jobs/{job.pk}/download/")
    assert (response.status_code, response.json()) == (404, {"detail": "该任务没有结果文件。", "code": "not_found"})
