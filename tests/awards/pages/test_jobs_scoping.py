"""Batch generation and the case collection as background jobs (progress, download, audit); who sees what (404
outside the campaign's office, 403 for readers who try to act); the audit trail of every step."""

import io

import pytest
from django.urls import reverse
from docx import Document
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.awards import services
from pingxuan.awards.models import Certificate
from pingxuan.jobs.models import Job
from tests.awards.helpers import page_count, pdf_text

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_batch_generation_job_issues_renders_and_offers_the_pdf(decided, client, django_capture_on_commit_callbacks):
    w = decided
    client.force_login(w["organiser"])
    home = client.get(reverse("awards-home", args=[w["campaign"].code])).content.decode()
    assert "批量生成证书（PDF）" in home and "尚未颁发证书。" in home
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards-generate", args=[w["campaign"].code]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    name = "2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选-荣誉证书.pdf"
    assert (job.kind, job.status, job.done, job.total, job.message, job.result) == (
        "awards.certificates",
        "done",
        8,
        8,
        "已完成",
        {"file": name, "certificates": 8, "issued_now": 8, "pages": 8},
    )
    page = client.get(response["Location"]).content.decode()
    assert ">100%</div>" in page and f"下载 {name}" in page
    download = client.get(f"/jobs/{job.pk}/download/")
    content = b"".join(download.streaming_content)
    assert page_count(content) == 8
    assert "张红梅" in pdf_text(content, page=4)
    serials = list(Certificate.objects.order_by("sequence").values_list("serial", flat=True))
    event = AuditEvent.objects.get(action="certificate.generate")
    assert (event.object_id, event.after) == (str(job.pk), {"certificates": serials, "issued_now": 8, "file": name})
    assert AuditEvent.objects.filter(action="certificate.issue").count() == 8
    # a second run issues nothing new and renders the same eight
    with django_capture_on_commit_callbacks(execute=True):
        second = api(w["organiser"]).post(f"/api/campaigns/{w['campaign'].code}/awards/certificates/generate/")
    assert second.status_code == 202
    job2 = Job.objects.get(pk=second.json()["id"])
    assert (job2.status, job2.result["issued_now"], job2.result["certificates"]) == ("done", 0, 8)


def test_generation_refused_before_the_decision(world):
    response = api(world["organiser"]).post(f"/api/campaigns/{world['campaign'].code}/awards/certificates/generate/")
    assert (response.status_code, response.json()["detail"]) == (
        400,
        "颁发前检查未通过：尚未记录领导小组的审定决定，不能颁发证书。",
    )
    assert Job.objects.count() == 0


def test_casebook_job_docx(decided, django_capture_on_commit_callbacks):
    w = decided
    with django_capture_on_commit_callbacks(execute=True):
        response = api(w["organiser"]).post(
            f"/api/campaigns/{w['campaign'].code}/awards/casebook/", {"format": "docx"}, format="json"
        )
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    name = "2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选-案例集.docx"
    assert (job.kind, job.status, job.result) == ("awards.casebook", "done", {"file": name, "format": "docx"})
    download = api(w["organiser"]).get(f"/api/jobs/{job.pk}/download/")
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == ["优质服务窗口", "优质服务明星", "优质服务品牌"]
    event = AuditEvent.objects.get(action="awards.casebook")
    assert (event.object_id, event.after["format"], event.after["file"]) == (str(job.pk), "docx", name)
    bad = api(w["organiser"]).post(f"/api/campaigns/{w['campaign'].code}/awards/casebook/", {"format": "rtf"}, format="json")
    assert bad.status_code == 400 and bad.json()["detail"].startswith("输入有误：“格式”：")


def test_particulars_are_audited(decided):
    w = decided
    response = api(w["organiser"]).put(
        f"/api/campaigns/{w['campaign'].code}/awards/particulars/",
        {"doc_number": "荆工办〔2019〕9号", "issued_on": "2019-08-30"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == {
        "doc_number": "荆工办〔2019〕9号",
        "title": "关于表彰2019年度荆门市窗口行业“优质服务窗口、优质服务明星”的决定",
        "issued_on": "2019-08-30",
        "preamble": "",
        "closing": "",
    }
    event = AuditEvent.objects.get(action="awards.particulars")
    assert (event.before, event.after["doc_number"], event.after["issued_on"]) == (None, "荆工办〔2019〕9号", "2019-08-30")


def test_scoping_404_outside_and_403_for_readers(decided, client):
    w = decided
    services.issue_certificates(user=w["organiser"], campaign=w["campaign"])
    cert = Certificate.objects.get(recipient="张红梅")
    code = w["campaign"].code
    pages = [
        reverse("awards-home", args=[code]),
        reverse("awards-decision", args=[code, "pdf"]),
        reverse("awards-plaques", args=[code]),
        reverse("awards-certificate", args=[cert.pk]),
        reverse("awards-certificate-pdf", args=[cert.pk]),
    ]
    endpoints = [
        f"/api/campaigns/{code}/awards/",
        f"/api/campaigns/{code}/awards/certificates/",
        f"/api/campaigns/{code}/awards/plaques/",
        f"/api/campaigns/{code}/awards/linked-honours/",
        f"/api/certificates/{cert.pk}/",
        f"/api/certificates/{cert.pk}/pdf/",
    ]
    for who in ("clerk", "other_clerk", "stranger"):
        client.force_login(w[who])
        assert [client.get(url).status_code for url in pages] == [404] * len(pages), who
        assert [api(w[who]).get(url).status_code for url in endpoints] == [404] * len(endpoints), who
        revoke = api(w[who]).post(f"/api/certificates/{cert.pk}/revoke/", {"reason": "x"}, format="json")
        assert (revoke.status_code, revoke.json()["detail"]) == (404, "未找到该证书。")
        assert api(w[who]).post(f"/api/campaigns/{code}/awards/certificates/").status_code == 404
    # the supervisor reads everything and changes nothing
    client.force_login(w["supervisor"])
    assert client.get(pages[0]).status_code == 200
    assert api(w["supervisor"]).get(endpoints[0]).json()["certificates"] == {"issued": 8, "revoked": 0}
    refused = api(w["supervisor"]).post(f"/api/certificates/{cert.pk}/revoke/", {"reason": "越权"}, format="json")
    assert (refused.status_code, refused.json()["detail"]) == (403, "只有本活动的活动办公室可以撤销证书。")
    page = client.post(reverse("awards-certificate", args=[cert.pk]), {"reason": "越权"})
    assert page.status_code == 403 and "只有本活动的活动办公室可以撤销证书。" in page.content.decode()
    issue = api(w["supervisor"]).post(f"/api/campaigns/{code}/awards/certificates/")
    assert (issue.status_code, issue.json()["detail"]) == (403, "只有本活动的活动办公室可以颁发证书。")
    assert Certificate.objects.filter(status="issued").count() == 8
    # anonymous people see the public pages only
    client.logout()
    assert client.get(pages[0]).status_code == 302
    assert api().get(endpoints[0]).status_code in (401, 403)
    assert client.get(f"/verify/{cert.token}/").status_code == 200
    assert client.get(f"/honours/{code}/").status_code == 200
    assert client.get("/honours/no-such-campaign/").status_code == 404
