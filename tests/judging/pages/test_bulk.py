"""Select-all actions: the office's 初审 and the approver's queue. One confirmation page (nothing changes), then one
service call per selected nomination (its own audit event); refusals are reported per item in Chinese."""

import re

import pytest

from pingxuan.audit.models import AuditEvent
from pingxuan.nominations import services as nom_services
from pingxuan.nominations.models import Nomination

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def states(*noms):
    return [Nomination.objects.get(pk=n.pk).status for n in noms]


def events(noms, prefix):
    return sorted(
        AuditEvent.objects.filter(object_id__in=[str(n.pk) for n in noms], action__startswith=prefix).values_list(
            "object_id", "action", "reason", "actor_id"
        )
    )


def submitted(world, title, side="db"):
    unit, clerk = world.windows[side], world.clerks[side]
    data = {"window_name": title, "unit_name": unit.name, "phone": "13912345678", "story": "优质服务" * 40}
    n = nom_services.create_nomination(user=clerk, category=world.category, unit=unit, data=data)
    return nom_services.submit_nomination(user=clerk, nomination=n)


def test_office_bulk_review_confirms_then_reviews_each_and_reports_refusals(client, world):
    a, b = world.received("东宝区一号窗口"), world.received("东宝区二号窗口")
    done = world.received("东宝区三号窗口")
    from pingxuan.judging.services import review

    review(user=world.organiser, nomination=done, decision="pass")
    client.force_login(world.organiser)
    url = f"/judging/c/{world.campaign.code}/{world.category.code}/review/bulk/"
    page = client.get(f"/judging/c/{world.campaign.code}/{world.category.code}/review/")
    assert 'data-select-all="bulk-review"' in page.content.decode()
    body = {"nominations": [a.pk, b.pk, done.pk, 999999], "decision": "fail", "reason": "材料不全。"}

    # Step 1: the confirmation page lists the selection and changes nothing.
    r = client.post(url, body)
    assert r.status_code == 200
    page = text(r)
    assert "将对以下 2 份申报逐份执行“初审不通过”" in page
    assert "东宝区一号窗口" in page and "东宝区二号窗口" in page
    assert f"将在结果中逐一说明：{done.pk}、999999" in page
    assert states(a, b, done) == ["received", "received", "passed"]
    assert events([a, b], "judging.review") == []

    # Step 2: confirmed — each through the single-item service, each its own audit event.
    r = client.post(url, {**body, "confirm": "1"})
    assert r.status_code == 200
    page = text(r)
    assert "共 4 份：已执行“初审不通过” 2 份，未执行 2 份" in page
    assert "未执行：“初审通过”状态的申报不在初审中（须为“已报送”）。" in page
    assert f"未执行：编号为 999999 的申报不在奖项“{world.category.name}”中。" in page
    assert states(a, b, done) == ["failed", "failed", "passed"]
    me = world.organiser.pk
    assert events([a, b], "judging.review") == sorted(
        [(str(a.pk), "judging.review.fail", "材料不全。", me), (str(b.pk), "judging.review.fail", "材料不全。", me)]
    )


def test_office_bulk_review_refuses_fail_without_reason_and_empty_selection(client, world):
    a = world.received("东宝区一号窗口")
    client.force_login(world.organiser)
    url = f"/judging/c/{world.campaign.code}/{world.category.code}/review/bulk/"
    r = client.post(url, {"nominations": [a.pk], "decision": "fail", "reason": " "}, follow=True)
    assert "初审不通过须写明理由（将作为每一份所选申报的理由）。" in text(r)
    r = client.post(url, {"decision": "pass", "confirm": "1"}, follow=True)
    assert "请至少选择一份申报。" in text(r)
    assert states(a) == ["received"]
    # a clerk cannot see the office's page at all
    client.force_login(world.clerks["db"])
    assert client.post(url, {"nominations": [a.pk], "decision": "pass", "confirm": "1"}).status_code == 404
    assert states(a) == ["received"]


def test_api_bulk_review(client, world):
    a, b = world.received("东宝区一号窗口"), world.received("东宝区二号窗口")
    client.force_login(world.organiser)
    url = f"/api/campaigns/{world.campaign.code}/judging/{world.category.code}/review/bulk/"
    r = client.post(url, {"nominations": [a.pk, b.pk, a.pk, 424242], "decision": "pass"}, content_type="application/json")
    assert r.status_code == 200
    assert r.json() == {
        "done": 2,
        "failed": 1,
        "results": [
            {"id": a.pk, "title": "东宝区一号窗口", "status": "passed", "status_label": "初审通过", "ok": True, "message": ""},
            {"id": b.pk, "title": "东宝区二号窗口", "status": "passed", "status_label": "初审通过", "ok": True, "message": ""},
            {
                "id": 424242,
                "title": "",
                "status": "",
                "status_label": "",
                "ok": False,
                "message": f"编号为 424242 的申报不在奖项“{world.category.name}”中。",
            },
        ],
    }
    assert [e[1] for e in events([a, b], "judging.review")] == ["judging.review.pass", "judging.review.pass"]
    r = client.post(url, {"nominations": [], "decision": "pass"}, content_type="application/json")
    assert r.status_code == 400 and "请至少选择一份申报。" in r.content.decode()


def test_approver_bulk_decide_confirms_then_decides_each(client, world):
    a, b = submitted(world, "东宝区一号窗口"), submitted(world, "东宝区二号窗口")
    other = submitted(world, "掇刀区窗口", side="dd")  # not this approver's: refused for itself only
    client.force_login(world.approvers["db"])
    page = client.get("/nominations/queue/").content.decode()
    assert 'data-select-all="bulk-decide"' in page and f'value="{a.pk}"' in page and f'value="{other.pk}"' not in page
    body = {"nominations": [a.pk, b.pk, other.pk], "decision": "return", "opinion": "请补充事迹。", "seal": "1"}
    r = client.post("/nominations/queue/bulk/", body)
    page = text(r)
    assert "将对以下 2 份申报逐份执行“退回修改”" in page and "掇刀区窗口" not in page
    assert states(a, b, other) == ["submitted"] * 3

    r = client.post("/nominations/queue/bulk/", {**body, "confirm": "1"})
    page = text(r)
    assert "共 3 份：已执行“退回修改” 2 份，未执行 1 份" in page
    assert f"未执行：未找到编号为 {other.pk} 的申报，或您无权处理。" in page
    assert states(a, b, other) == ["returned", "returned", "submitted"]
    me = world.approvers["db"].pk
    assert events([a, b, other], "nomination.return") == sorted(
        [(str(a.pk), "nomination.return", "请补充事迹。", me), (str(b.pk), "nomination.return", "请补充事迹。", me)]
    )


def test_api_bulk_decide_reports_per_item(client, world):
    a = submitted(world, "东宝区一号窗口")
    done = world.received("东宝区二号窗口")
    client.force_login(world.approvers["db"])
    url = "/api/nominations/decide/bulk/"
    r = client.post(url, {"nominations": [a.pk], "decision": "agree"}, content_type="application/json")
    assert r.status_code == 400 and "请填写审核意见（将作为每一份所选申报的审核意见）。" in r.content.decode()
    r = client.post(
        url, {"nominations": [a.pk, done.pk], "decision": "agree", "opinion": "同意。"}, content_type="application/json"
    )
    assert r.status_code == 200
    assert r.json() == {
        "done": 1,
        "failed": 1,
        "results": [
            {"id": a.pk, "title": "东宝区一号窗口", "status": "received", "status_label": "已报送", "ok": True, "message": ""},
            {
                "id": done.pk,
                "title": "东宝区二号窗口",
                "status": "received",
                "status_label": "已报送",
                "ok": False,
                "message": "“已报送”状态的申报不在审核中。",
            },
        ],
    }
    assert events([a], "nomination.approve") == [(str(a.pk), "nomination.approve", "", world.approvers["db"].pk)]
