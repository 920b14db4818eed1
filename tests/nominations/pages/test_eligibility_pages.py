"""The clerk's eligibility attestation page: checklist, attest with evidence, refusals, evidence downloads, 404s."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pingxuan.audit.models import AuditEvent
from pingxuan.nominations import services
from pingxuan.nominations.eligibility import attest, checklist
from pingxuan.nominations.models import Attestation
from tests.world import PDF_BODY, fake_exe, pdf

from .conftest import NO_ACCIDENT, NO_VIOLATION

pytestmark = pytest.mark.django_db


def brand(world, unit=None, clerk=None, name="东宝区“税务管家”服务品牌"):
    return services.create_nomination(
        user=clerk or world["clerk"],
        category=world["cats"]["brand"],
        unit=unit or world["tax"],
        data={"brand_name": name, "started_on": "2001-01-01"},
    )


def page(client, user, n):
    client.force_login(user)
    response = client.get(reverse("nom-eligibility", args=[n.pk]))
    return response, response.content.decode()


def test_checklist_page_shows_every_rule_with_a_form_for_attested_ones(client, world):
    n = brand(world)
    response, html = page(client, world["clerk"], n)
    assert response.status_code == 200
    assert '<h1 class="h4 mb-0 me-auto">评选条件核对</h1>' in html
    assert '<h2 class="h6 mb-1" id="rule-h-running">1. 服务品牌运行一年以上</h2>' in html
    assert f'<h2 class="h6 mb-1" id="rule-h-no_violation">2. {NO_VIOLATION}</h2>' in html
    assert checklist(n)[0]["detail"] in html  # the automatic check's explanation
    assert "单位尚未承诺。" in html
    assert '<span class="text-muted">单位承诺，须附证明材料</span>' in html
    # a form only for the attested rule
    assert html.count('class="attest-form"') == 1
    assert f'action="/nominations/{n.pk}/eligibility/no_violation/"' in html
    assert 'maxlength="2000"' in html and 'accept=".pdf,.jpg,.jpeg,application/pdf,image/jpeg"' in html


def test_clerk_attests_with_evidence_and_everyone_who_sees_it_can_download(client, world):
    n = brand(world)
    client.force_login(world["clerk"])
    url = reverse("nom-attest", args=[n.pk, "no_violation"])
    response = client.post(url, {"statement": "本单位近两年未发生重大违纪违法案件。", "evidence": pdf("无违纪证明.pdf")})
    assert response.status_code == 302
    assert response["Location"] == f"/nominations/{n.pk}/eligibility/#rule-no_violation"
    a = Attestation.objects.get()
    assert (a.rule_key, a.statement, a.evidence_name, a.attested_by, a.is_active) == (
        "no_violation",
        "本单位近两年未发生重大违纪违法案件。",
        "无违纪证明.pdf",
        world["clerk"],
        True,
    )
    assert AuditEvent.objects.filter(action="nomination.attest").count() == 1
    _, html = page(client, world["clerk"], n)
    assert "已保存对“近两年未发生重大违纪违法案件和重大责任事故”的承诺。" in html
    assert "单位已承诺</span>" in html
    assert f'<a href="/nominations/attestation/{a.pk}/evidence/">无违纪证明.pdf</a>' in html
    assert ">更新承诺</button>" in html
    for user in (world["clerk"], world["approver"], world["organiser"], world["leader"]):
        client.force_login(user)
        response = client.get(reverse("nom-evidence", args=[a.pk]))
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF_BODY
    # the office sees the same statement on its own checklist page, read-only
    response, html = page(client, world["organiser"], n)
    assert "本单位近两年未发生重大违纪违法案件。" in html and 'class="attest-form"' not in html


def test_a_new_statement_supersedes_the_old_one_which_stays_downloadable(client, world):
    n = brand(world)
    first = attest(user=world["clerk"], nomination=n, rule_key="no_violation", statement="第一次承诺。", evidence=pdf("一.pdf"))
    client.force_login(world["clerk"])
    client.post(reverse("nom-attest", args=[n.pk, "no_violation"]), {"statement": "第二次承诺。", "evidence": pdf("二.pdf")})
    assert list(Attestation.objects.order_by("id").values_list("statement", "is_active")) == [
        ("第一次承诺。", False),
        ("第二次承诺。", True),
    ]
    _, html = page(client, world["clerk"], n)
    assert "以前的承诺（1）" in html
    assert f'<a href="/nominations/attestation/{first.pk}/evidence/">一.pdf</a>' in html
    assert client.get(reverse("nom-evidence", args=[first.pk])).status_code == 200


def test_attestation_without_required_evidence_shows_missing_evidence(client, world):
    n = brand(world)
    client.force_login(world["clerk"])
    client.post(reverse("nom-attest", args=[n.pk, "no_violation"]), {"statement": "本单位承诺符合条件。"})
    _, html = page(client, world["clerk"], n)
    assert "缺证明材料</span>" in html
    assert "单位已承诺，但未上传证明材料（本条件须附证明材料）。" in html


@pytest.mark.parametrize(
    ("rule", "data", "message"),
    [
        ("no_violation", {"statement": "   "}, f"请填写对“{NO_VIOLATION}”的承诺内容。"),
        ("no_violation", {"statement": "字" * 2001}, "承诺内容不能超过 2000 个字（现为 2001 个）。"),
        (
            "no_violation",
            {"statement": "承诺。", "evidence": "exe"},
            "证明材料“证明.pdf”不是 PDF 或 JPG 文件（按文件内容识别）。",
        ),
        ("no_violation", {"statement": "承诺。", "evidence": "empty"}, "证明材料“空.pdf”是空文件。"),
        ("running", {"statement": "承诺。"}, "条件“服务品牌运行一年以上”由系统自动核验，无需单位承诺。"),
        ("nonsense", {"statement": "承诺。"}, "“优质服务品牌”没有资格条件“nonsense”。"),
    ],
)
def test_bad_input_shows_the_services_message_and_saves_nothing(client, world, rule, data, message):
    n = brand(world)
    client.force_login(world["clerk"])
    if data.get("evidence") == "exe":
        data["evidence"] = fake_exe("证明.pdf")
    elif data.get("evidence") == "empty":
        data["evidence"] = SimpleUploadedFile("空.pdf", b"", content_type="application/pdf")
    events = AuditEvent.objects.count()
    response = client.post(reverse("nom-attest", args=[n.pk, rule]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'role="alert">{message}</div>' in html
    assert Attestation.objects.count() == 0 and AuditEvent.objects.count() == events
    if rule == "no_violation" and "字" not in data["statement"]:
        assert f">{data['statement']}</textarea>" in html  # what was typed is kept


def test_non_clerks_may_look_but_not_attest(client, world):
    n = brand(world)
    for user in (world["approver"], world["organiser"]):
        response, html = page(client, user, n)
        assert response.status_code == 200 and 'class="attest-form"' not in html
        response = client.post(reverse("nom-attest", args=[n.pk, "no_violation"]), {"statement": "承诺。"})
        assert response.status_code == 403
        assert "只有“东宝区税务局”的经办人可以作出资格承诺。" in response.content.decode()
    assert Attestation.objects.count() == 0


def test_ended_nominations_cannot_be_attested(client, world):
    n = brand(world)
    services.withdraw(user=world["clerk"], nomination=n, reason="重复申报")
    _, html = page(client, world["clerk"], n)
    assert "该申报为“已撤回”，不能再作资格承诺。" in html and 'class="attest-form"' not in html
    response = client.post(reverse("nom-attest", args=[n.pk, "no_violation"]), {"statement": "承诺。"})
    assert response.status_code == 409
    assert 'role="alert">“已撤回”状态的申报不能再作资格承诺。</div>' in response.content.decode()
    assert Attestation.objects.count() == 0


def test_other_subtrees_get_404_for_page_form_and_evidence(client, world):
    n = brand(world)
    a = attest(user=world["clerk"], nomination=n, rule_key="no_violation", statement="承诺。", evidence=pdf("证明.pdf"))
    client.force_login(world["dd_clerk"])
    assert client.get(reverse("nom-eligibility", args=[n.pk])).status_code == 404
    assert client.post(reverse("nom-attest", args=[n.pk, "no_violation"]), {"statement": "他人的承诺。"}).status_code == 404
    assert client.get(reverse("nom-evidence", args=[a.pk])).status_code == 404
    assert client.get(reverse("nom-evidence", args=[a.pk + 100])).status_code == 404
    assert list(Attestation.objects.values_list("statement", flat=True)) == ["承诺。"]
    client.logout()
    assert client.get(reverse("nom-evidence", args=[a.pk]))["Location"].startswith("/accounts/login/")


def test_window_rule_without_evidence_and_detail_page_link(client, world):
    n = services.create_nomination(
        user=world["clerk"], category=world["cats"]["window"], unit=world["tax"], data={"window_name": "东宝区办税服务厅"}
    )
    client.force_login(world["clerk"])
    html = client.get(reverse("nom-detail", args=[n.pk])).content.decode()
    assert f'<a href="/nominations/{n.pk}/eligibility/">' in html and "评选条件核对与资格承诺" in html
    _, html = page(client, world["clerk"], n)
    assert f"1. {NO_ACCIDENT}" in html and "证明材料（可选）" in html
    client.post(reverse("nom-attest", args=[n.pk, "no_accident"]), {"statement": "全年安全无事故。"})
    assert [(i["key"], i["state"], i["detail"]) for i in checklist(n)] == [
        ("no_accident", "attested", "单位已承诺：全年安全无事故。")
    ]
