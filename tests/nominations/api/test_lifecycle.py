"""A nomination through the API: create, save, submit, the approval chain with a return round, withdraw, disqualify;
refusals in Chinese; 404 across subtrees."""

import datetime

from django.utils import timezone

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.services import create_campaign
from pingxuan.core.chinese import range_zh

from .conftest import GOOD, complete, config, draft, submitted

STAMPS = {"created_at", "updated_at", "submitted_at", "received_at"}


def without_stamps(data):
    return {k: v for k, v in data.items() if k not in STAMPS}


def org(o):
    return {"id": o.pk, "code": o.code, "name": o.name, "short_name": o.short_name, "kind": o.kind}


def test_create_answers_the_whole_draft(world, api):
    response = api(world["clerk"]).post(
        "/api/campaigns/api-nom/nominations/",
        {"category": "window", "unit": world["base"].pk, "data": {"unit_name": "东宝区办税服务厅"}},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created_at"] and body["submitted_at"] is None and body["received_at"] is None
    assert without_stamps(body) == {
        "id": body["id"],
        "campaign": "api-nom",
        "category": {"id": world["category"].pk, "code": "window", "name": "优质服务窗口"},
        "unit": org(world["base"]),
        "recommender": org(world["dongbao"]),
        "title": "东宝区办税服务厅",
        "status": "draft",
        "status_label": "草稿",
        "rank": 1,
        "version": 1,
        "level": 0,
        "level_title": None,
        "round": 0,
        "reason": "",
        "data": {"unit_name": "东宝区办税服务厅"},
        "attachments": [],
        "problems": {
            "phone": "“手机号码”为必填项。",
            "story": "“主要事迹”为必填项。",
            "photos": "“活动照片”至少需要 3 张，现有 0 张。",
        },
        "permissions": {
            "can_edit": True,
            "can_submit": True,
            "can_withdraw": True,
            "their_turn": False,
            "can_disqualify": False,
            "office": False,
        },
    }
    assert AuditEvent.objects.filter(action="nomination.create", object_id=str(body["id"])).count() == 1


def test_create_refusals(world, api):
    url = "/api/campaigns/api-nom/nominations/"
    clerk = api(world["clerk"])
    bad_category = clerk.post(url, {"category": "brand", "unit": world["base"].pk}, format="json")
    assert (bad_category.status_code, bad_category.json()) == (
        400,
        {"detail": "本活动没有奖项“brand”，可选：window（优质服务窗口）。", "code": "invalid", "field": "category"},
    )
    other_unit = api(world["dd_clerk"]).post(url, {"category": "window", "unit": world["base"].pk}, format="json")
    assert (other_unit.status_code, other_unit.json()) == (
        400,
        {"detail": f"单位（ID {world['base'].pk}）不存在。", "code": "invalid", "field": "unit"},
    )
    approver = api(world["a1"]).post(url, {"category": "window", "unit": world["base"].pk}, format="json")
    assert (approver.status_code, approver.json()) == (
        403,
        {"detail": "您不是“东宝区税务局第一分局”的经办人，不能为其申报。", "code": "permission_denied"},
    )
    fields = clerk.post(url, {"category": "window", "unit": world["base"].pk, "data": {"phone": "1391234567"}}, format="json")
    assert (fields.status_code, fields.json()) == (
        400,
        {
            "detail": "“手机号码”应为 11 位手机号码（以 1 开头）。",
            "code": "invalid",
            "field": "phone",
            "errors": [{"field": "phone", "message": "“手机号码”应为 11 位手机号码（以 1 开头）。"}],
        },
    )
    missing = clerk.post(url, {"unit": "东宝"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["detail"] == "输入有误：“奖项代码”：该字段是必填项；“申报单位 ID”：请填写合法的整数值。"
    for _ in range(3):
        assert clerk.post(url, {"category": "window", "unit": world["base"].pk}, format="json").status_code == 201
    full = clerk.post(url, {"category": "window", "unit": world["base"].pk}, format="json")
    assert (full.status_code, full.json()) == (
        400,
        {"detail": "“东宝区”在“优质服务窗口”的推荐名额已满（推荐 2 个 + 递补 1 个，已有 3 个）。", "code": "quota_full"},
    )


def test_outside_the_nomination_phase(world, api):
    today = timezone.localdate()
    create_campaign(user=world["organiser"], data=config(today, code="api-closed", start=-20, end=-5))
    response = api(world["clerk"]).post(
        "/api/campaigns/api-closed/nominations/", {"category": "window", "unit": world["base"].pk}, format="json"
    )
    dates = range_zh(today - datetime.timedelta(days=20), today - datetime.timedelta(days=5))
    assert (response.status_code, response.json()) == (
        409,
        {"detail": f"“推荐申报”阶段（{dates}）已结束，不能新建申报。", "code": "phase_closed"},
    )


def test_save_answers_warnings_and_refuses_bad_values(world, api):
    n = draft(world, data={})
    clerk = api(world["clerk"])
    saved = clerk.patch(f"/api/nominations/{n.pk}/", {"data": {"story": "事迹" * 50}}, format="json")
    assert saved.status_code == 200
    assert saved.json()["warnings"] == {"story": "“主要事迹”要求 300 字左右，现为 100 字（建议 210–390 字）。"}
    assert saved.json()["data"] == {"story": "事迹" * 50}
    too_long = clerk.patch(f"/api/nominations/{n.pk}/", {"data": {"story": "事" * 601}}, format="json")
    assert (too_long.status_code, too_long.json()["detail"]) == (400, "“主要事迹”共 601 字，超过上限 600 字。")
    no_data = clerk.patch(f"/api/nominations/{n.pk}/", {}, format="json")
    assert (no_data.status_code, no_data.json()["detail"]) == (400, "输入有误：“申报内容”：该字段是必填项。")
    other = api(world["dd_clerk"]).patch(f"/api/nominations/{n.pk}/", {"data": {"story": "x"}}, format="json")
    assert (other.status_code, other.json()) == (404, {"detail": "未找到该申报。", "code": "not_found"})
    n.refresh_from_db()
    assert n.data == {"story": "事迹" * 50}


def test_submit_lists_what_is_missing(world, api):
    n = draft(world, data={"unit_name": "窗口"})
    response = api(world["clerk"]).post(f"/api/nominations/{n.pk}/submit/")
    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "申报表未填写完整：“手机号码”为必填项；“主要事迹”为必填项；“活动照片”至少需要 3 张，现有 0 张。",
            "code": "incomplete",
            "errors": [
                {"field": "phone", "message": "“手机号码”为必填项。"},
                {"field": "story", "message": "“主要事迹”为必填项。"},
                {"field": "photos", "message": "“活动照片”至少需要 3 张，现有 0 张。"},
            ],
        },
    )


def decide(client, n, decision, opinion="同意推荐。"):
    return client.post(f"/api/nominations/{n.pk}/decide/", {"decision": decision, "opinion": opinion}, format="json")


def test_the_chain_with_one_return_round(world, api):
    n = complete(world)
    clerk, a1, a2, a3 = (api(world[k]) for k in ("clerk", "a1", "a2", "a3"))
    sent = clerk.post(f"/api/nominations/{n.pk}/submit/")
    assert sent.status_code == 200
    assert {k: sent.json()[k] for k in ("status", "level", "level_title", "round", "version")} == {
        "status": "submitted",
        "level": 0,
        "level_title": "基层单位意见",
        "round": 1,
        "version": 1,
    }
    early = decide(a2, n, "agree")
    assert (early.status_code, early.json()) == (
        403,
        {"detail": "现在不是您所在层级审核这份申报。", "code": "permission_denied"},
    )
    assert api(world["a1"]).get(f"/api/nominations/{n.pk}/").json()["permissions"]["their_turn"] is True
    assert decide(a1, n, "agree").json()["level_title"] == "主管部门意见"
    returned = decide(a2, n, "return", "请补充近三年的服务数据。")
    assert {k: returned.json()[k] for k in ("status", "reason", "level")} == {
        "status": "returned",
        "reason": "请补充近三年的服务数据。",
        "level": 1,
    }
    again = decide(a2, n, "agree")
    assert (again.status_code, again.json()["detail"]) == (409, "“退回修改”状态的申报不在审核中。")
    assert clerk.patch(f"/api/nominations/{n.pk}/", {"data": {"story": "补充" * 150}}, format="json").status_code == 200
    resent = clerk.post(f"/api/nominations/{n.pk}/submit/").json()
    assert (resent["status"], resent["level"], resent["round"], resent["version"]) == ("submitted", 0, 2, 2)
    no_opinion = decide(a1, n, "agree", "  ")
    assert (no_opinion.status_code, no_opinion.json()) == (
        400,
        {"detail": "请填写审核意见。", "code": "invalid", "field": "opinion"},
    )
    bad = decide(a1, n, "maybe")
    assert (
        bad.json()["detail"] == "输入有误：“审核结论”：“maybe”无效，可选：agree（同意）、return（退回修改）、reject（不同意）。"
    )
    for client in (a1, a2, a3):
        assert decide(client, n, "agree").status_code == 200
    final = clerk.get(f"/api/nominations/{n.pk}/").json()
    assert (final["status"], final["status_label"], final["level_title"]) == ("received", "已报送", None)
    assert final["received_at"]
    history = clerk.get(f"/api/nominations/{n.pk}/history/").json()
    assert [(v["version"], v["event"], v["created_by"], len(v["attachments"])) for v in history["versions"]] == [
        (2, "submitted", "clerk", 3),
        (1, "submitted", "clerk", 3),
    ]
    assert history["versions"][0]["data"]["story"] == "补充" * 150
    assert [
        (s["round"], s["level_title"], s["decision_label"], s["opinion"], s["approver"], s["organisation"]["code"])
        for s in history["steps"]
    ] == [
        (2, "批准机关审批意见", "同意", "同意推荐。", "a3", "jm"),
        (2, "主管部门意见", "同意", "同意推荐。", "a2", "jm-db-tax"),
        (2, "基层单位意见", "同意", "同意推荐。", "a1", "jm-db-tax-b1"),
        (1, "主管部门意见", "退回修改", "请补充近三年的服务数据。", "a2", "jm-db-tax"),
        (1, "基层单位意见", "同意", "同意推荐。", "a1", "jm-db-tax-b1"),
    ]
    actions = list(
        AuditEvent.objects.filter(object_id=str(n.pk), object_type="nominations.nomination")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert [a for a in actions if a != "nomination.update"] == [
        "nomination.create",
        "nomination.submit",
        "nomination.approve",
        "nomination.return",
        "nomination.submit",
        "nomination.approve",
        "nomination.approve",
        "nomination.approve",
    ]


def test_withdraw_needs_a_reason_and_keeps_the_nomination(world, api):
    n = submitted(world)
    clerk = api(world["clerk"])
    empty = clerk.post(f"/api/nominations/{n.pk}/withdraw/", {"reason": ""}, format="json")
    assert (empty.status_code, empty.json()) == (400, {"detail": "请填写撤回原因。", "code": "invalid", "field": "reason"})
    stranger = api(world["a1"]).post(f"/api/nominations/{n.pk}/withdraw/", {"reason": "不报了"}, format="json")
    assert (stranger.status_code, stranger.json()["detail"]) == (403, "只有本单位经办人可以撤回申报。")
    done = clerk.post(f"/api/nominations/{n.pk}/withdraw/", {"reason": "材料有误"}, format="json").json()
    assert (done["status"], done["status_label"], done["reason"]) == ("withdrawn", "已撤回", "材料有误")
    assert done["permissions"] == {
        "can_edit": False,
        "can_submit": False,
        "can_withdraw": False,
        "their_turn": False,
        "can_disqualify": False,
        "office": False,
    }
    twice = clerk.post(f"/api/nominations/{n.pk}/withdraw/", {"reason": "再撤一次"}, format="json")
    assert (twice.status_code, twice.json()) == (
        409,
        {"detail": "“已撤回”状态的申报不能变为“已撤回”。", "code": "invalid_transition"},
    )
    edit = clerk.patch(f"/api/nominations/{n.pk}/", {"data": {"story": "x"}}, format="json")
    assert (edit.status_code, edit.json()["detail"]) == (409, "“已撤回”状态的申报不能修改。")


def test_disqualify_is_the_offices(world, api):
    n = submitted(world)
    clerk = api(world["clerk"]).post(f"/api/nominations/{n.pk}/disqualify/", {"reason": "重复申报"}, format="json")
    assert (clerk.status_code, clerk.json()["detail"]) == (403, "只有活动办公室可以取消资格。")
    office = api(world["organiser"])
    assert office.get(f"/api/nominations/{n.pk}/").json()["permissions"]["can_disqualify"] is True
    empty = office.post(f"/api/nominations/{n.pk}/disqualify/", {}, format="json")
    assert (empty.status_code, empty.json()["detail"]) == (400, "取消资格须写明原因。")
    done = office.post(f"/api/nominations/{n.pk}/disqualify/", {"reason": "重复申报"}, format="json").json()
    assert (done["status"], done["status_label"], done["reason"]) == ("disqualified", "取消资格", "重复申报")
    assert AuditEvent.objects.filter(action="nomination.disqualify", object_id=str(n.pk), reason="重复申报").count() == 1


def test_lists_are_scoped_and_filtered(world, api):
    mine = draft(world, data={"unit_name": "东宝窗口"})
    sent = submitted(world, data={**GOOD, "unit_name": "东宝大厅"})
    theirs = draft(world, unit=world["duodao"], user=world["dd_clerk"], data={"unit_name": "掇刀窗口"})
    url = "/api/campaigns/api-nom/nominations/"

    def titles(user, query=""):
        response = api(world[user]).get(url + query)
        assert response.status_code == 200, response.content
        return [row["title"] for row in response.json()["results"]]

    assert titles("clerk") == ["东宝窗口", "东宝大厅"]
    assert titles("dd_clerk") == ["掇刀窗口"]
    assert titles("organiser") == ["东宝窗口", "东宝大厅", "掇刀窗口"]
    assert titles("organiser", f"?recommender={world['duodao'].pk}") == ["掇刀窗口"]
    assert titles("organiser", "?status=submitted") == ["东宝大厅"]
    assert titles("organiser", "?status=active") == ["东宝大厅"]
    assert titles("organiser", "?q=窗口") == ["东宝窗口", "掇刀窗口"]
    assert titles("organiser", "?category=window&q=掇刀区") == ["掇刀窗口"]
    assert titles("organiser", f"?unit={world['tax'].pk}") == ["东宝窗口", "东宝大厅"]
    bad = api(world["organiser"]).get(url + "?status=done")
    assert bad.status_code == 400
    assert bad.json()["detail"].startswith("状态“done”无效，可选：draft（草稿）、submitted（审核中）、")
    for user, pk in (("dd_clerk", mine.pk), ("dd_clerk", sent.pk), ("clerk", theirs.pk)):
        for path in ("", "history/", "checklist/", "attachments/", "paper.pdf"):
            response = api(world[user]).get(f"/api/nominations/{pk}/{path}")
            assert (response.status_code, response.json()) == (404, {"detail": "未找到该申报。", "code": "not_found"}), path
        response = api(world[user]).post(f"/api/nominations/{pk}/withdraw/", {"reason": "x"}, format="json")
        assert response.status_code == 404
    outsider = api(world["dd_clerk"]).get("/api/campaigns/no-such/nominations/")
    assert (outsider.status_code, outsider.json()["detail"]) == (404, "未找到该评选活动。")


def test_counts_per_status_with_the_lists_filters(world, api):
    draft(world, data={"unit_name": "东宝窗口"})
    submitted(world, data={**GOOD, "unit_name": "东宝大厅"})
    draft(world, unit=world["duodao"], user=world["dd_clerk"], data={"unit_name": "掇刀窗口"})
    office = api(world["organiser"]).get("/api/campaigns/api-nom/nominations/counts/")
    assert office.json() == [
        {"status": "draft", "label": "草稿", "count": 2},
        {"status": "submitted", "label": "审核中", "count": 1},
    ]
    narrowed = api(world["organiser"]).get(f"/api/campaigns/api-nom/nominations/counts/?recommender={world['duodao'].pk}")
    assert narrowed.json() == [{"status": "draft", "label": "草稿", "count": 1}]
    assert api(world["dd_clerk"]).get("/api/campaigns/api-nom/nominations/counts/").json() == [
        {"status": "draft", "label": "草稿", "count": 1}
    ]


def test_the_seal_is_on_unless_refused(world, api):
    n = submitted(world)
    form_post = api(world["a1"]).post(f"/api/nominations/{n.pk}/decide/", {"decision": "agree", "opinion": "同意。"})
    assert form_post.status_code == 200
    unsealed = api(world["a2"]).post(
        f"/api/nominations/{n.pk}/decide/", {"decision": "agree", "opinion": "同意。", "seal": False}, format="json"
    )
    assert unsealed.status_code == 200
    steps = api(world["clerk"]).get(f"/api/nominations/{n.pk}/history/").json()["steps"]
    assert [(s["level_title"], s["sealed"]) for s in steps] == [("主管部门意见", False), ("基层单位意见", True)]
