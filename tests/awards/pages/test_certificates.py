"""Certificates: the PDF page shows the Chinese text and the seals, its QR code is exactly the code of the public
verification URL, serials are readable and unique, revocation needs a reason and shows on the verification page,
and every issue and revocation is an audit event."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.awards import certificates, services
from pingxuan.awards.models import Certificate
from pingxuan.core.errors import InvalidTransition
from tests.awards.helpers import SHOTS, matrix_of, page_count, pdf_images, pdf_text, rasterise

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def issue_all(w):
    services.set_particulars(
        user=w["organiser"], campaign=w["campaign"], doc_number="荆工办〔2019〕9号", issued_on=datetime.date(2019, 8, 30)
    )
    return api(w["organiser"]).post(f"/api/campaigns/{w['campaign'].code}/awards/certificates/")


def test_certificate_page_shows_chinese_text_seals_and_the_verification_qr(decided, client, tmp_path):
    w = decided
    response = issue_all(w)
    assert response.status_code == 201
    pk = w["campaign"].pk
    assert [(c["serial"], c["recipient"], c["honour"], c["linked_honours"]) for c in response.json()] == [
        (f"2019-{pk:03d}-0001", "市政务服务中心办税窗口", "优质服务窗口", ["荆门市“工人先锋号”"]),
        (f"2019-{pk:03d}-0002", "市第一人民医院门诊大厅", "优质服务窗口", ["荆门市“工人先锋号”"]),
        (f"2019-{pk:03d}-0003", "市公交集团客服中心", "优质服务窗口", ["荆门市“工人先锋号”"]),
        (f"2019-{pk:03d}-0004", "张红梅", "优质服务明星", ["荆门五一劳动奖章"]),
        (f"2019-{pk:03d}-0005", "李建国", "优质服务明星", ["荆门五一劳动奖章"]),
        (f"2019-{pk:03d}-0006", "“心连心”便民服务", "十大服务品牌", []),
        (f"2019-{pk:03d}-0007", "“一次办好”政务品牌", "优质服务品牌", []),
        (f"2019-{pk:03d}-0008", "“彩虹桥”社区服务", "优质服务品牌", []),
    ]
    cert = Certificate.objects.get(serial=f"2019-{pk:03d}-0004")
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", cert.token)
    url = settings.SITE_URL + f"/verify/{cert.token}/"
    assert certificates.verify_url(cert) == url
    assert response.json()[3]["verify_url"] == url
    client.force_login(w["organiser"])
    pdf = client.get(reverse("awards-certificate-pdf", args=[cert.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = re.sub(r"\s+", "", pdf_text(pdf.content))
    for expected in [
        "荣誉证书",
        "张红梅（市直单位）：",
        "在2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选中，被评为“优质服务明星”，同时授予荆门五一劳动奖章。",
        "特发此证，以资鼓励。",
        "荆门市总工会",
        "荆门市消费者委员会",
        "二〇一九年八月",
        f"证书编号：2019-{pk:03d}-0004",
        "扫码验证证书真伪",
    ]:
        assert expected in text, expected
    images = pdf_images(tmp_path, pdf.content)
    sizes = sorted(Image.open(p).size for p in images)
    qr = certificates.qr_matrix(url)
    # the QR code (one pixel per module) and the seal images (240 px) of the two bodies that have one, each with its
    # transparency mask
    assert sizes == [(len(qr), len(qr))] + [(240, 240)] * 4
    code = next(p for p in images if Image.open(p).size == (len(qr), len(qr)))
    assert matrix_of(code) == qr
    page = rasterise(tmp_path, pdf.content, "cert")
    assert page.width > page.height  # A4 landscape
    assert abs(page.width / page.height - 297 / 210) < 0.01
    # The title 荣誉证书 is drawn in red glyphs (not empty boxes): count red pixels in the title band.
    band = page.crop((page.width // 4, int(page.height * 0.1), page.width * 3 // 4, int(page.height * 0.25))).convert("RGB")
    red = sum(1 for r, g, b in band.getdata() if r > 150 and g < 90 and b < 90)
    assert red > 1500
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.save(SHOTS / "certificate.png")


def test_batch_of_certificates_is_one_pdf_page_each(decided):
    issue_all(decided)
    certs = list(services.issued(decided["campaign"]))
    content = certificates.certificates_pdf(certs)
    assert page_count(content) == 8
    assert "李建国" in pdf_text(content, page=5) and "十大服务品牌" in pdf_text(content, page=6)


def test_issue_refused_before_the_decision_and_nothing_saved(world):
    response = api(world["organiser"]).post(f"/api/campaigns/{world['campaign'].code}/awards/certificates/")
    assert response.status_code == 400
    assert response.json()["detail"] == "颁发前检查未通过：领导小组已审定最终名单——尚未记录领导小组的审定决定，不能颁发证书。"
    assert Certificate.objects.count() == 0
    overview = api(world["organiser"]).get(f"/api/campaigns/{world['campaign'].code}/awards/").json()
    assert overview["ready"] is False
    assert [(i["key"], i["ok"], i["blocking"]) for i in overview["checklist"]] == [
        ("decision", False, True),
        ("objections", True, True),
        ("seals", False, False),
        ("particulars", False, False),
        ("fonts", True, True),
        ("stale", True, False),
    ]
    seals = next(i for i in overview["checklist"] if i["key"] == "seals")
    assert seals["detail"] == "荆门市消费者委员会没有印章图片：证书上只印单位名称，需另行盖章。"


def test_issue_is_audited_idempotent_and_a_revoked_one_is_replaced_with_a_new_serial(decided):
    w = decided
    issue_all(w)
    assert AuditEvent.objects.filter(action="certificate.issue").count() == 8
    event = AuditEvent.objects.filter(action="certificate.issue").order_by("id").first()
    first = Certificate.objects.order_by("sequence").first()
    assert (event.object_id, event.after["serial"], event.after["honour"]) == (str(first.pk), first.serial, "优质服务窗口")
    again = api(w["organiser"]).post(f"/api/campaigns/{w['campaign'].code}/awards/certificates/")
    assert (again.status_code, again.json()) == (201, [])
    services.revoke(user=w["organiser"], certificate=first, reason="证书信息有误，重新颁发")
    new = services.issue_certificates(user=w["organiser"], campaign=w["campaign"])
    assert [(c.serial, c.nomination_id) for c in new] == [(f"2019-{w['campaign'].pk:03d}-0009", first.nomination_id)]
    assert list(Certificate.objects.filter(nomination=first.nomination).values_list("status", flat=True).order_by("id")) == [
        "revoked",
        "issued",
    ]


def test_revocation_needs_a_reason_and_the_verify_page_says_revoked(decided, client):
    w = decided
    issue_all(w)
    cert = Certificate.objects.get(recipient="张红梅")
    page = client.get(f"/verify/{cert.token}/").content.decode()
    assert "证书有效" in page and "证书已撤销" not in page
    for expected in ["张红梅", "优质服务明星", "荆门五一劳动奖章", "荆门市总工会", "二〇一九年八月", cert.serial]:
        assert expected in page
    client.force_login(w["organiser"])
    url = reverse("awards-certificate", args=[cert.pk])
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400 and "撤销证书必须写明理由。" in refused.content.decode()
    assert Certificate.objects.get(pk=cert.pk).status == "issued"
    done = client.post(url, {"reason": "经核查，获奖者申报材料不实"})
    assert done.status_code == 302
    client.logout()
    page = client.get(f"/verify/{cert.token}/").content.decode()
    assert "证书已撤销" in page and "证书有效" not in page and "撤销理由：经核查，获奖者申报材料不实" in page
    data = APIClient().get(f"/api/verify/{cert.token}/").json()
    assert (data["valid"], data["status"], data["revoked_reason"], data["issued_on_text"]) == (
        False,
        "已撤销",
        "经核查，获奖者申报材料不实",
        "二〇一九年八月",
    )
    event = AuditEvent.objects.get(action="certificate.revoke")
    assert (event.object_id, event.reason, event.before, event.after) == (
        str(cert.pk),
        "经核查，获奖者申报材料不实",
        {"status": "issued"},
        {"status": "revoked", "serial": cert.serial},
    )
    twice = api(w["organiser"]).post(f"/api/certificates/{cert.pk}/revoke/", {"reason": "再撤一次"}, format="json")
    assert twice.status_code == 409 and twice.json()["detail"].startswith(f"证书 {cert.serial} 已于")
    # the honour roll leaves the revoked one out
    roll = APIClient().get(f"/api/honours/{w['campaign'].code}/").json()
    assert [e["recipient"] for g in roll["groups"] for e in g["entries"]] == [
        "市政务服务中心办税窗口",
        "市第一人民医院门诊大厅",
        "市公交集团客服中心",
        "李建国",
        "“心连心”便民服务",
        "“一次办好”政务品牌",
        "“彩虹桥”社区服务",
    ]
    assert client.get("/verify/not-a-real-token/").status_code == 404


def test_a_winner_disqualified_after_issuing_is_revoked_at_once(decided):
    """Disqualifying a winner revokes its certificate in the same step (nothing is left to flag as stale)."""
    from pingxuan.nominations.services import disqualify

    w = decided
    issue_all(w)
    cert = Certificate.objects.get(recipient="李建国")
    disqualify(user=w["organiser"], nomination=cert.nomination, reason="公示后查实材料不实")
    cert.refresh_from_db()
    assert (cert.status, cert.revoked_reason) == ("revoked", "取消资格：公示后查实材料不实")
    overview = api(w["organiser"]).get(f"/api/campaigns/{w['campaign'].code}/awards/").json()
    stale = next(i for i in overview["checklist"] if i["key"] == "stale")
    assert (stale["ok"], stale["blocking"], stale["detail"]) == (True, False, "无。")
    # The campaign back-fills: 王晓燕, next in the ranking, takes the place.
    stars = next(g["winners"] for g in overview["winners"] if g["category"] == "star")
    assert [s["title"] for s in stars] == ["张红梅", "王晓燕"]
    with pytest.raises(InvalidTransition):
        services.revoke(user=w["organiser"], certificate=cert, reason="获奖对象已被取消资格")
