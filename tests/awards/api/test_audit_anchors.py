"""The audit chain vouches for decisions, certificates and score sheets; its head is anchored outside the database
(public page, decision document, certificates) and `verify_audit --anchor` catches a rewrite with recomputed hashes;
staff events carry the request's address and user agent."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from pingxuan.audit.models import Anchor, AuditEvent
from pingxuan.audit.services import compute_hash, seal_pending
from pingxuan.awards import certificates, services
from pingxuan.results.models import DecisionEntry
from tests.awards.helpers import pdf_text
from tests.awards.pages.test_certificates import issue_all
from tests.world import verify_audit as verify

pytestmark = pytest.mark.django_db


def sql(statement, params):
    with connection.cursor() as cur:
        cur.execute(statement, params)


def test_decision_and_certificates_are_covered_and_anchored(decided, client):
    w = decided
    seal_pending()  # the scheduler seals every minute: the decision is sealed before certificates are issued
    assert issue_all(w).status_code == 201
    seal_pending()
    decision_anchor = Anchor.objects.get(kind="decision")
    cert_anchor = Anchor.objects.get(kind="certificates")
    decide = AuditEvent.objects.get(action="results.decide")
    assert (decision_anchor.campaign_id, decision_anchor.hash) == (
        w["campaign"].pk,
        AuditEvent.objects.get(seq=decision_anchor.seq).hash,
    )
    assert decision_anchor.seq >= decide.seq and cert_anchor.seq > decision_anchor.seq
    assert sorted(decide.covers) == ["results_decision", "results_decisionentry"]
    assert decide.covers["results_decision"].keys() == {str(w["decision"].pk)}

    # published: the public page and API, the decision document, every certificate
    anchors = APIClient().get("/api/audit/anchors/").json()
    assert [(a["kind"], a["text"]) for a in anchors] == [
        ("certificates", f"{cert_anchor.hash}@{cert_anchor.seq}"),
        ("decision", f"{decision_anchor.hash}@{decision_anchor.seq}"),
    ]
    page = client.get("/audit/anchors/").content.decode()
    assert cert_anchor.hash in page and decision_anchor.hash in page
    services.set_particulars(user=w["organiser"], campaign=w["campaign"], doc_number="荆工办〔2019〕9号")
    pdf = APIClient()
    pdf.force_authenticate(w["organiser"])
    text = "".join(pdf_text(pdf.get(f"/api/campaigns/{w['campaign'].code}/awards/decision.pdf").content).split())
    assert f"审计链公布点{decision_anchor.hash}@{decision_anchor.seq}" in text
    certs = list(services.issued(w["campaign"]))
    footer = "".join(pdf_text(certificates.certificates_pdf(certs[:1])).split())
    assert f"审计链公布点{cert_anchor.hash}@{cert_anchor.seq}" in footer
    code, out, err = verify("--anchor", decision_anchor.text)
    assert (code, err) == (0, "")
    assert f"审计链仍经过公布点 {decision_anchor.text}。" in out

    # a decision entry edited directly in the database is named with its table, row and event
    entry = DecisionEntry.objects.filter(decision=w["decision"], included=True).order_by("pk").first()
    sql("UPDATE results_decisionentry SET total = total + 5 WHERE id = %s", [entry.pk])
    code, out, err = verify()
    assert (code, err.splitlines()[0]) == (
        1,
        f"数据与审计链不符（1 处），第一处：数据表 results_decisionentry（审定名单条目）第 {entry.pk} 行与审计事件 "
        f"#{decide.pk}（序号 {decide.seq}，results.decide）记录的摘要不符：该行内容已被修改",
    )
    sql("UPDATE results_decisionentry SET total = total - 5 WHERE id = %s", [entry.pk])
    # a certificate's honour rewritten
    cert = certs[0]
    issued = AuditEvent.objects.get(action="certificate.issue", object_id=str(cert.pk))
    sql("UPDATE awards_certificate SET honour = %s WHERE id = %s", ["伪造称号", cert.pk])
    code, out, err = verify()
    assert (code, err.splitlines()[0]) == (
        1,
        f"数据与审计链不符（1 处），第一处：数据表 awards_certificate（荣誉证书）第 {cert.pk} 行与审计事件 "
        f"#{issued.pk}（序号 {issued.seq}，certificate.issue）记录的摘要不符：该行内容已被修改",
    )
    supervisor = APIClient()
    supervisor.force_authenticate(w["supervisor"])
    checked = supervisor.get("/api/audit/verify/").json()
    assert (checked["ok"], checked["data_ok"], checked["data_problems"]) == (
        True,
        False,
        [
            {
                "table": "awards_certificate",
                "table_label": "荣誉证书",
                "row": cert.pk,
                "event_id": issued.pk,
                "seq": issued.seq,
                "action": "certificate.issue",
                "problem": "该行内容已被修改",
                "message": err.splitlines()[0].split("第一处：", 1)[1],
            }
        ],
    )
    client.force_login(w["supervisor"])
    page = client.get("/audit/verify/").content.decode()
    assert "现有数据与审计链记录的摘要不符（1 处）" in page and f"awards_certificate（荣誉证书）第 {cert.pk} 行" in page
    sql("UPDATE awards_certificate SET honour = %s WHERE id = %s", [cert.honour, cert.pk])
    assert verify()[0] == 0


def test_a_rewrite_with_recomputed_hashes_is_caught_by_the_published_anchor(decided):
    seal_pending()
    anchor = Anchor.objects.get(kind="decision")
    published = anchor.text
    # an insider rewrites the decision's minutes in the event and re-chains everything after it
    decide = AuditEvent.objects.get(action="results.decide")
    decide.reason = "会议纪要（改写）"
    prev = decide.prev_hash
    for event in AuditEvent.objects.filter(seq__gte=decide.seq).order_by("seq"):
        if event.pk == decide.pk:
            event.reason = decide.reason
        event.prev_hash = prev
        event.hash = compute_hash(event)
        AuditEvent.objects.filter(pk=event.pk).update(reason=event.reason, prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    sql("UPDATE audit_chainhead SET last_hash = %s", [prev])
    Anchor.objects.filter(pk=anchor.pk).update(hash=AuditEvent.objects.get(seq=anchor.seq).hash)
    assert verify()[0] == 0  # the chain is consistent again on its own…
    code, _out, err = verify("--anchor", published)
    new_hash = AuditEvent.objects.get(seq=anchor.seq).hash
    assert (code, err.strip()) == (
        1,
        f"序号 {anchor.seq} 的事件哈希为 {new_hash}，与公布的 {published.split('@')[0]} 不同：公布之后审计链被改写。",
    )
    admin = APIClient()
    admin.force_authenticate(decided["supervisor"])
    checked = admin.get("/api/audit/verify/", {"anchor": published}).json()
    assert (checked["ok"], checked["data_ok"], checked["anchors"]) == (
        True,
        True,
        [{"anchor": published, "ok": False, "message": err.strip()}],
    )
    assert verify("--anchor", "not-a-hash")[2].strip() == "公布点格式应为“64 位十六进制哈希@序号”，例如 3f…9a@1024。"


def test_staff_events_record_address_and_user_agent(decided):
    w = decided
    api = APIClient(REMOTE_ADDR="10.20.30.40", HTTP_USER_AGENT="Mozilla/5.0 (测试浏览器)")
    api.force_authenticate(w["organiser"])
    r = api.put(f"/api/campaigns/{w['campaign'].code}/awards/particulars/", {"doc_number": "荆工办〔2019〕10号"}, format="json")
    assert r.status_code == 200, r.content
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.actor_id, event.ip, event.user_agent) == (w["organiser"].pk, "10.20.30.40", "Mozilla/5.0 (测试浏览器)")
    seal_pending()
    admin = APIClient()
    admin.force_authenticate(w["supervisor"])
    shown = admin.get(f"/api/audit/events/{event.pk}/").json()
    assert (shown["ip"], shown["user_agent"]) == ("10.20.30.40", "Mozilla/5.0 (测试浏览器)")
    assert verify()[0] == 0  # the user agent is part of the hashed content


def test_the_scheduler_publishes_the_chain_head_daily(decided):
    from pingxuan.jobs.schedule import run_due

    ran = run_due()
    anchor = Anchor.objects.get(kind="daily")
    head = AuditEvent.objects.order_by("-seq").first()
    assert (ran["audit.daily_anchor"], anchor.seq, anchor.hash) == (f"公布点 {head.hash}@{head.seq}", head.seq, head.hash)
    assert "audit.daily_anchor" not in run_due()  # once a day
    assert [a["kind"] for a in APIClient().get("/api/audit/anchors/").json()] == ["daily", "decision"]
