"""Quota table (with Excel) and phases with their extensions through the API."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from pingxuan.campaigns.models import PhaseExtension, Quota
from pingxuan.core.chinese import range_zh
from tests.world import day

QUOTAS = "/api/campaigns/jm-test/quotas/"


def quota_row(campaign, org):
    q = Quota.objects.get(category__campaign=campaign, organisation=org)
    return {
        "id": q.pk,
        "category": "window",
        "category_name": "群众满意服务窗口",
        "organisation": {"id": org.pk, "code": org.code, "name": org.name, "short_name": "", "kind": "recommending_unit"},
        "nominate_min": 0,
        "nominate_max": 3,
        "nominate": "3",
        "alternates": 0,
        "awards": None,
    }


def test_quota_list_is_whole_for_organisers_and_own_rows_for_units(people, tree, campaign, client_for):
    whole = client_for(people["organiser"]).get(QUOTAS).json()
    assert whole == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [quota_row(campaign, tree["dongbao"]), quota_row(campaign, tree["duodao"])],
    }
    assert client_for(people["supervisor"]).get(QUOTAS).json()["count"] == 2
    own = client_for(people["db_clerk"]).get(QUOTAS).json()
    assert own["results"] == [quota_row(campaign, tree["dongbao"])]  # 掇刀区's row does not leak
    assert client_for(people["organiser"]).get(QUOTAS, {"category": "brand"}).json()["count"] == 0


def rows(content):
    return [list(r) for r in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)]


def test_quota_excel_export_template_and_import(people, tree, campaign, client_for):
    client = client_for(people["organiser"])
    export = client.get(QUOTAS + "export/")
    assert export["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    table = rows(export.content)
    assert table[3:] == [[1, "东宝区", "jm-db", 3, 0, None], [2, "掇刀区", "jm-dd", 3, 0, None], [None, "合计", None, 6, 0, None]]
    template = client.get(QUOTAS + "template/")
    assert rows(template.content)[3][:3] == [1, "东宝区", "jm-db"]
    refused = client_for(people["db_clerk"]).get(QUOTAS + "export/")
    assert refused.json() == {"detail": "只有本活动的活动办公室和监督员可以查看完整配置和名额总表。", "code": "permission_denied"}

    wb = load_workbook(io.BytesIO(export.content))
    ws = wb.worksheets[0]
    ws["D4"], ws["D6"] = 5, 8
    buf = io.BytesIO()
    wb.save(buf)
    done = client.post(QUOTAS + "import/", {"file": SimpleUploadedFile("名额.xlsx", buf.getvalue())}, format="multipart")
    assert (done.status_code, done.json()) == (200, {"units": 2, "quotas": 2, "changed": True})
    assert Quota.objects.get(organisation=tree["dongbao"]).nominate_max == 5

    ws["D4"] = "很多"
    buf = io.BytesIO()
    wb.save(buf)
    bad = client.post(QUOTAS + "import/", {"file": SimpleUploadedFile("名额.xlsx", buf.getvalue())}, format="multipart")
    assert bad.status_code == 400
    body = bad.json()
    assert (body["code"], body["detail"]) == ("import_rejected", f"导入文件有 {len(body['errors'])} 处错误，未导入任何数据。")
    assert body["errors"][0]["row"] == 4
    assert Quota.objects.get(organisation=tree["dongbao"]).nominate_max == 5
    clerk = client_for(people["db_clerk"]).post(
        QUOTAS + "import/", {"file": SimpleUploadedFile("名额.xlsx", buf.getvalue())}, format="multipart"
    )
    assert (clerk.status_code, clerk.json()["detail"]) == (403, "您无权修改评选活动“荆门市窗口单位评选（测试）”的名额分配表。")


def test_phases_and_extensions(people, tree, campaign, client_for):
    client = client_for(people["organiser"])
    url = "/api/campaigns/jm-test/phases/nomination/extensions/"
    response = client.post(
        url, {"organisation": tree["dongbao"].pk, "until": str(day(3)), "reason": "系统故障，延期申报"}, format="json"
    )
    assert response.status_code == 201
    ext = PhaseExtension.objects.get()
    extension = {
        "id": ext.pk,
        "organisation": {
            "id": tree["dongbao"].pk,
            "code": "jm-db",
            "name": "东宝区",
            "short_name": "",
            "kind": "recommending_unit",
        },
        "until": str(day(3)),
        "reason": "系统故障，延期申报",
        "granted_by": "jm-organiser",
        "granted_at": response.json()["granted_at"],
        "is_active": True,
    }
    assert response.json() == extension
    client.post(url, {"organisation": tree["duodao"].pk, "until": str(day(2)), "reason": "停电"}, format="json")

    nomination = campaign.phases.get(kind="nomination")
    listed = client.get("/api/campaigns/jm-test/phases/").json()
    assert [(p["kind"], p["state"]) for p in listed] == [
        ("nomination", "done"),
        ("preliminary_review", "current"),
        ("voting", "upcoming"),
    ]
    assert listed[0] | {"extensions": None} == {
        "id": nomination.pk,
        "kind": "nomination",
        "kind_label": "申报推荐",
        "name": "申报推荐",
        "starts_on": str(nomination.starts_on),
        "ends_on": str(nomination.ends_on),
        "range": range_zh(nomination.starts_on, nomination.ends_on),
        "state": "done",
        "note": "",
        "extensions": None,
    }
    assert [e["organisation"]["code"] for e in listed[0]["extensions"]] == ["jm-dd", "jm-db"]
    # a unit sees only its own extension
    own = client_for(people["db_clerk"]).get("/api/campaigns/jm-test/phases/").json()
    assert own[0]["extensions"] == [extension]

    def grant(**values):
        data = {"organisation": tree["dongbao"].pk, "until": str(day(3)), "reason": "理由", **values}
        return client.post(url, data, format="json").json()

    assert (
        grant(until=str(nomination.ends_on))["detail"]
        == f"延期日期应晚于阶段结束日期 {nomination.ends_on.year}年{nomination.ends_on.month}月{nomination.ends_on.day}日。"
    )
    assert grant(reason=" ")["detail"] == "输入有误：“延期理由”：该字段不能为空。"
    assert grant(until="明天")["detail"] == "输入有误：“延至”：日期格式错误。请从这些格式中选择：YYYY-MM-DD。"
    assert grant(organisation=999999)["detail"] == "单位（ID 999999）不存在。"
    missing = client.post("/api/campaigns/jm-test/phases/decision/extensions/", {}, format="json")
    assert (missing.status_code, missing.json()) == (404, {"detail": "本活动没有这一阶段。", "code": "not_found"})
    clerk = client_for(people["db_clerk"]).post(
        url, {"organisation": tree["dongbao"].pk, "until": str(day(3)), "reason": "x"}, format="json"
    )
    assert (clerk.status_code, clerk.json()["detail"]) == (403, "只有活动办公室可以批准延期。")
