"""Objections through the public API and pages: only during the period, with a verified phone (the code never shown),
evidence checked by content, a follow code given once; the office's notes and outcomes; finalising; the audit trail;
404 outside the office's scope."""

import pytest
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.nominations.models import Status
from pingxuan.publicity import objections, publishing
from pingxuan.publicity.models import Objection
from tests.publicity.conftest import advance, day, last_code
from tests.world import fake_exe, pdf, png

TEXT = "该窗口2012年7月多次推诿群众办事，有现场照片和投诉记录为证。"


def token_auth(user):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def office(hebei):
    return token_auth(hebei["organiser"])


@pytest.fixture
def candidates(hebei, office):
    """The candidate list published through the API for today and the next six days."""
    advance(hebei["noms"], Status.CANDIDATE, hebei["organiser"])
    body = {"stage": "candidate", "starts_on": day(0).isoformat(), "ends_on": day(6).isoformat()}
    r = office.post("/api/campaigns/hebei-2012/publications/", body, format="json")
    assert r.status_code == 201, r.json()
    return r.json()


def verify(client, pub, phone, settings):
    assert client.post(f"/api/public/publications/{pub}/otp/", {"phone": phone}, format="json").status_code == 204
    r = client.post(f"/api/public/publications/{pub}/otp/verify/", {"phone": phone, "code": last_code(settings, phone)})
    return r.json()["token"]


def submit(client, pub, token, entry, files=(), text=TEXT):
    body = {"token": token, "name": "李卫东", "entry": entry, "text": text}
    if files:
        body["evidence"] = list(files)
    return client.post(f"/api/public/publications/{pub}/objections/", body, format="multipart")


@pytest.mark.django_db
def test_publishing_refuses_dates_outside_the_phase(hebei, office):
    advance(hebei["noms"], Status.CANDIDATE, hebei["organiser"])
    body = {"stage": "candidate", "starts_on": day(5).isoformat(), "ends_on": day(15).isoformat()}
    r = office.post("/api/campaigns/hebei-2012/publications/", body, format="json")
    phase = hebei["campaign"].phases.get(kind="candidate_publicity")
    assert r.status_code == 409
    assert r.json()["detail"] == (
        f"不能发布公示：公示期 {day(5).year}年{day(5).month}月{day(5).day}日至{day(15).year}年{day(15).month}月{day(15).day}日"
        f" 不在“{phase.name}”阶段（{phase.starts_on.year}年{phase.starts_on.month}月{phase.starts_on.day}日至"
        f"{phase.ends_on.year}年{phase.ends_on.month}月{phase.ends_on.day}日）之内。"
    )
    check = office.get(
        "/api/campaigns/hebei-2012/publications/checklist/",
        {"stage": "candidate", "starts_on": day(0).isoformat(), "ends_on": day(6).isoformat()},
    ).json()
    cats = [c.name for c in hebei["campaign"].categories.order_by("sort_order", "id")]
    assert [(row["ok"], row["blocking"]) for row in check] == [(True, True)] * 4 + [(True, False)] * 3 + [
        (True, True),
        (True, False),
    ]
    assert [row["text"] for row in check][3:] == [
        "本活动的候选名单尚未公示。",
        f"“{cats[0]}”：5 个候选对象。",
        f"“{cats[1]}”：0 个候选对象。",
        f"“{cats[2]}”：0 个候选对象。",
        "共 5 个公示对象。",
        "已填写联系方式。",
    ]
    assert not hebei["campaign"].publications.exists()


@pytest.mark.django_db
def test_objection_only_during_the_period(hebei, office, verified):
    advance(hebei["noms"], Status.CANDIDATE, hebei["organiser"])
    body = {"stage": "candidate", "starts_on": day(2).isoformat(), "ends_on": day(6).isoformat()}
    pub = office.post("/api/campaigns/hebei-2012/publications/", body, format="json").json()
    public = APIClient()
    r = submit(public, pub["id"], verified("13900000001"), pub["entries"][0]["id"])
    assert r.status_code == 409
    assert r.json()["detail"].endswith("尚未开始，不能提出异议。")
    r = public.post(f"/api/public/publications/{pub['id']}/otp/", {"phone": "13900000002"}, format="json")
    assert r.status_code == 409 and "尚未开始" in r.json()["detail"]
    page = public.get(f"/publicity/{pub['id']}/").content.decode()
    assert "尚未开始，不能提出异议。" in page and "提出异议</a>" not in page
    p = hebei["campaign"].publications.get()
    with pytest.raises(objections.PhaseClosed) as exc:
        objections.submit(
            publication=p, entry=p.entries.first(), name="李卫东", token=verified("13900000003"), text=TEXT, on=day(7)
        )
    assert "已结束，不能再提出异议。" in exc.value.message
    assert not Objection.objects.exists()


@pytest.mark.django_db
def test_otp_required_and_never_shown(hebei, candidates, settings, client):
    public = APIClient()
    pub, entry = candidates["id"], candidates["entries"][0]["id"]
    r = submit(public, pub, "", entry)
    assert (r.status_code, r.json()["detail"]) == (400, "请先用手机号码获取短信验证码并完成验证：异议须实名提出。")
    r = submit(public, pub, "forged-token", entry)
    assert r.json()["detail"] == "手机号码验证已失效，请重新获取验证码。"
    sent = public.post(f"/api/public/publications/{pub}/otp/", {"phone": "13900000010"}, format="json")
    assert sent.status_code == 204 and sent.content == b""
    code = last_code(settings, "13900000010")
    wrong = "000000" if code != "000000" else "111111"
    r = public.post(f"/api/public/publications/{pub}/otp/verify/", {"phone": "13900000010", "code": wrong}, format="json")
    assert r.json()["detail"] == "验证码不正确，还可再试 4 次。"
    # the web form: asking for a code shows the code field, never the code
    page = client.post(f"/objections/{pub}/new/", {"action": "send", "phone": "13900000011"}).content.decode()
    assert "验证码已发送，请查看短信。" in page and last_code(settings, "13900000011") not in page
    assert not Objection.objects.exists()


@pytest.mark.django_db
def test_wrong_evidence_refused_and_nothing_saved(hebei, candidates, verified, office):
    public = APIClient()
    pub, entry = candidates["id"], candidates["entries"][1]["id"]
    token = verified("13900000020")
    r = submit(public, pub, token, entry, files=[png(), fake_exe("证据.pdf")])
    assert r.status_code == 400
    assert r.json()["detail"] == "证据材料“证据.pdf”不是 JPG、PNG 图片或 PDF 文件（按文件内容识别为可执行程序）。"
    assert not Objection.objects.exists()
    r = submit(public, pub, token, entry, text="太短了")
    assert r.json()["detail"] == "异议内容应为 10～2000 字，现为 3 字。"
    r = submit(public, pub, token, entry, files=[png("现场.png"), pdf("投诉记录.pdf")])
    assert r.status_code == 201
    detail = office.get(f"/api/objections/{r.json()['id']}/").json()
    assert [(e["original_name"], e["content_type"]) for e in detail["evidence"]] == [("现场.png", "PNG"), ("投诉记录.pdf", "PDF")]
    assert (detail["name"], detail["phone"], detail["status"]) == ("李卫东", "13900000020", "pending")
    got = office.get(f"/api/objection-evidence/{detail['evidence'][1]['id']}/")
    assert b"".join(got.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_follow_code_and_outcome(hebei, candidates, verified, office, settings, django_capture_on_commit_callbacks):
    public = APIClient()
    pub, entry = candidates["id"], candidates["entries"][2]["id"]
    r = submit(public, pub, verified("13900000030"), entry)
    follow = r.json()["follow_code"]
    assert len(follow) == 14 and follow.count("-") == 2
    obj = Objection.objects.get()
    assert follow not in str(obj.__dict__)  # kept only as a keyed hash
    assert follow not in office.get(f"/api/objections/{obj.pk}/").content.decode()
    answer = public.post("/api/public/objections/follow/", {"code": follow.lower().replace("-", "")}, format="json").json()
    assert (answer["entry"], answer["status"], answer["status_label"], answer["outcome"]) == (
        "石家庄市第3办税服务厅",
        "pending",
        "待核查",
        "",
    )
    r = office.post(f"/api/objections/{obj.pk}/notes/", {"text": "调取窗口监控，未见推诿。"}, format="json")
    assert r.status_code == 201 and r.json()["status"] == "investigating"
    with django_capture_on_commit_callbacks(execute=True):
        r = office.post(
            f"/api/objections/{obj.pk}/decide/", {"outcome": "dismissed", "reason": "经核查，反映情况不属实。"}, format="json"
        )
    assert (r.json()["status"], r.json()["outcome"], [n["text"] for n in r.json()["notes"]]) == (
        "dismissed",
        "经核查，反映情况不属实。",
        ["调取窗口监控，未见推诿。"],
    )
    answer = public.post("/api/public/objections/follow/", {"code": follow}, format="json").json()
    assert (answer["status_label"], answer["outcome"]) == ("反映不属实", "经核查，反映情况不属实。")
    page = public.post("/objections/follow/", {"code": follow}).content.decode()
    assert "反映不属实" in page and "经核查，反映情况不属实。" in page
    r = public.post("/api/public/objections/follow/", {"code": "AAAA-BBBB-CCCC"}, format="json")
    assert (r.status_code, r.json()["detail"]) == (404, "没有与该查询码对应的异议，请核对查询码。")
    r = office.post(f"/api/objections/{obj.pk}/decide/", {"outcome": "upheld", "reason": "再议"}, format="json")
    assert r.status_code == 409 and "已办结的异议不能重新处理" in r.json()["detail"]
    assert [n.nomination.status for n in hebei["campaign"].publications.get().entries.all()] == ["candidate"] * 5


@pytest.mark.django_db
def test_pending_objection_blocks_the_final_list(hebei, candidates, verified, office):
    public = APIClient()
    pub = hebei["campaign"].publications.get()
    r = submit(public, pub.pk, verified("13900000040"), candidates["entries"][0]["id"])
    obj = Objection.objects.get(pk=r.json()["id"])
    r = office.post(f"/api/publications/{pub.pk}/finalise/")
    assert r.status_code == 409
    period = f"{day(0).year}年{day(0).month}月{day(0).day}日至{day(6).year}年{day(6).month}月{day(6).day}日"
    assert r.json()["detail"] == f"公示名单暂不能确定：公示期（{period}）尚未结束。尚有 1 件异议未处理完毕。"
    assert publishing.finalise_due(on=day(7)) == "已确定 0 个公示名单"
    assert office.get(f"/api/publications/{pub.pk}/").json()["finalise_issues"] == [
        f"公示期（{period}）尚未结束。",
        "尚有 1 件异议未处理完毕。",
    ]
    objections.decide(user=hebei["organiser"], objection=obj, outcome="dismissed", reason="不属实。")
    assert publishing.finalise_due(on=day(7)) == "已确定 1 个公示名单"
    detail = office.get(f"/api/publications/{pub.pk}/").json()
    assert (detail["status"], detail["pending_objections"]) == ("final", 0)
    assert [e["state"] for e in detail["entries"]] == ["listed"] * 5


@pytest.mark.django_db
def test_audit_trail_of_publication_objection_and_outcome(hebei, candidates, verified, office):
    pub = hebei["campaign"].publications.get()
    r = submit(APIClient(), pub.pk, verified("13900000050"), candidates["entries"][0]["id"])
    oid = r.json()["id"]
    office.post(f"/api/objections/{oid}/notes/", {"text": "约谈窗口负责人。"}, format="json")
    office.post(f"/api/objections/{oid}/decide/", {"outcome": "upheld", "reason": "属实。"}, format="json")
    events = AuditEvent.objects.filter(campaign_id=hebei["campaign"].pk, at__gte=pub.published_at).order_by("id")
    actions = [
        (e.action, e.actor_repr) for e in events if not e.action.startswith("nomination.") or e.action == "nomination.disqualify"
    ]
    assert actions == [
        ("publicity.publish", "he-organiser"),
        ("objection.submit", "公众 139****0050"),
        ("objection.note", "he-organiser"),
        ("nomination.disqualify", "he-organiser"),
        ("objection.decide", "he-organiser"),
    ]
    decide = events.get(action="objection.decide")
    assert decide.after == {
        "status": "upheld",
        "entry": candidates["entries"][0]["id"],
        "disqualified": hebei["noms"][0].pk,
        "backfill": None,
        "vacancy": "出缺名额不再递补",
    }
    assert events.get(action="publicity.publish").after["entries"][0]["title"] == "石家庄市第1办税服务厅"


@pytest.mark.django_db
def test_outside_the_office_everything_is_404(hebei, candidates, verified, office):
    pub = candidates["id"]
    r = submit(APIClient(), pub, verified("13900000060"), candidates["entries"][0]["id"])
    oid = r.json()["id"]
    for who in ("outsider", "clerk"):
        c = token_auth(hebei[who])
        for url in (f"/api/publications/{pub}/", f"/api/publications/{pub}/objections/", f"/api/objections/{oid}/"):
            assert c.get(url).status_code == 404, (who, url)
        assert c.post(f"/api/objections/{oid}/decide/", {"outcome": "upheld", "reason": "x"}, format="json").status_code == 404
        assert c.get("/api/campaigns/hebei-2012/publications/").status_code == 404
    sup = token_auth(hebei["supervisor"])
    assert [o["id"] for o in sup.get(f"/api/publications/{pub}/objections/").json()] == [oid]
    r = sup.post(f"/api/objections/{oid}/decide/", {"outcome": "upheld", "reason": "x"}, format="json")
    assert (r.status_code, r.json()["detail"]) == (403, "只有活动办公室可以核查和处理异议。")
    from django.test import Client

    web = Client()
    web.force_login(hebei["outsider"])
    assert web.get(f"/publicity/office/p/{pub}/").status_code == 404
    assert web.get(f"/objections/office/{oid}/").status_code == 404
    web.force_login(hebei["organiser"])
    page = web.get(f"/publicity/office/p/{pub}/").content.decode()
    assert "李卫东" in page and "待核查" in page
