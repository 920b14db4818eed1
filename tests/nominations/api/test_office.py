"""Ranking, the approver's queue, pre-review, the office's tables, checks of one nomination, paperwork, Excel import
and the print job through the API."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from pingxuan.nominations.models import Nomination
from pingxuan.orgs.services import create_org
from tests.world import pdf

from .conftest import GOOD, draft, submitted

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ranking_url(world, org=None, category="window"):
    return f"/api/campaigns/api-nom/ranking/?category={category}&recommender={(org or world['dongbao']).pk}"


def test_ranking_read_and_reordered_by_the_recommending_units_clerk(world, api):
    a, b, c = (draft(world, data={"unit_name": name}) for name in ("甲窗口", "乙窗口", "丙窗口"))
    db = api(world["db_clerk"])
    answer = db.get(ranking_url(world))
    assert answer.status_code == 200
    assert answer.json() == {
        "category": {"id": world["category"].pk, "code": "window", "name": "优质服务窗口"},
        "recommender": {
            "id": world["dongbao"].pk,
            "code": "jm-db",
            "name": "东宝区",
            "short_name": "",
            "kind": "recommending_unit",
        },
        "nominate": 2,
        "alternates": 1,
        "can_rank": True,
        "rows": [
            {"id": a.pk, "rank": 1, "alternate": False, "title": "甲窗口", "unit": "东宝区税务局第一分局", "status": "draft"},
            {"id": b.pk, "rank": 2, "alternate": False, "title": "乙窗口", "unit": "东宝区税务局第一分局", "status": "draft"},
            {"id": c.pk, "rank": 3, "alternate": True, "title": "丙窗口", "unit": "东宝区税务局第一分局", "status": "draft"},
        ],
    }
    moved = db.put(ranking_url(world), {"order": [c.pk, a.pk, b.pk]}, format="json")
    assert moved.status_code == 200
    assert [(r["title"], r["rank"], r["alternate"]) for r in moved.json()["rows"]] == [
        ("丙窗口", 1, False),
        ("甲窗口", 2, False),
        ("乙窗口", 3, True),
    ]
    partial = db.put(ranking_url(world), {"order": [a.pk, b.pk]}, format="json")
    assert (partial.status_code, partial.json()) == (
        400,
        {"detail": "排序须包含本单位在该奖项下的全部有效申报，且每个只出现一次。", "code": "invalid", "field": "order"},
    )
    base_clerk = api(world["clerk"])
    assert base_clerk.get(ranking_url(world)).json()["can_rank"] is False
    refused = base_clerk.put(ranking_url(world), {"order": [a.pk, b.pk, c.pk]}, format="json")
    assert (refused.status_code, refused.json()) == (403, {"detail": "您不能调整“东宝区”的排序。", "code": "permission_denied"})
    assert api(world["organiser"]).put(ranking_url(world), {"order": [a.pk, b.pk, c.pk]}, format="json").status_code == 200
    outsider = api(world["dd_clerk"])
    for response in (outsider.get(ranking_url(world)), outsider.put(ranking_url(world), {"order": [a.pk]}, format="json")):
        assert (response.status_code, response.json()) == (404, {"detail": "未找到该推荐单位。", "code": "not_found"})
    no_quota = db.get(ranking_url(world, org=world["tax"]))
    assert (no_quota.status_code, no_quota.json()["detail"]) == (404, "未找到该推荐单位。")
    no_category = db.get(f"/api/campaigns/api-nom/ranking/?recommender={world['dongbao'].pk}")
    assert no_category.json() == {"detail": "请给出奖项代码（参数 category）。", "code": "invalid", "field": "category"}


def test_ranking_hides_what_the_user_may_not_see(world, api, make_user):
    mine = draft(world, data={"unit_name": "分局窗口"})
    second = create_org(user=world["admin"], parent=world["tax"], code="jm-db-tax-b2", name="第二分局", kind="base_unit")
    clerk2 = make_user(second, "clerk", by=world["admin"], username="clerk2")
    theirs = draft(world, unit=second, user=clerk2, data={"unit_name": "二分局窗口"})
    rows = api(world["clerk"]).get(ranking_url(world)).json()["rows"]
    assert rows == [
        {"id": mine.pk, "rank": 1, "alternate": False, "title": "分局窗口", "unit": "东宝区税务局第一分局", "status": "draft"},
        {"id": theirs.pk, "rank": 2, "alternate": False, "title": None, "unit": None, "status": None},
    ]


def test_queue_follows_the_turn(world, api):
    n = submitted(world)
    theirs = submitted(world, unit=world["duodao"], user=world["dd_clerk"], data={**GOOD, "unit_name": "掇刀窗口"})

    def queue(user, query=""):
        response = api(world[user]).get("/api/nominations/queue/" + query)
        assert response.status_code == 200
        return [(r["nomination"]["id"], r["level_title"], r["step"], r["organisation"]["code"]) for r in response.json()]

    assert queue("a1") == [(n.pk, "基层单位意见", "1/3", "jm-db-tax-b1")]
    assert queue("a2") == []
    assert queue("clerk") == []
    api(world["a1"]).post(f"/api/nominations/{n.pk}/decide/", {"decision": "agree", "opinion": "同意。"}, format="json")
    assert queue("a1") == []
    assert queue("a2") == [(n.pk, "主管部门意见", "2/3", "jm-db-tax")]
    assert queue("a2", "?campaign=other") == []
    assert theirs.pk not in [row[0] for row in queue("a3")]


def test_prereview_sent_by_the_unit_and_answered_by_the_office(world, api):
    a, b = draft(world, data={"unit_name": "甲"}), draft(world, data={"unit_name": "乙"})
    clerk = api(world["clerk"])
    empty = clerk.post("/api/campaigns/api-nom/prereviews/", {"unit": world["base"].pk, "nominations": []}, format="json")
    assert (empty.status_code, empty.json()["detail"]) == (400, "请选择要预审的申报。")
    sent = clerk.post(
        "/api/campaigns/api-nom/prereviews/",
        {"unit": world["base"].pk, "nominations": [a.pk, b.pk], "note": "请先看看"},
        format="json",
    )
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body.pop("sent_at")
    assert body == {
        "id": body["id"],
        "campaign": "api-nom",
        "unit": {
            "id": world["base"].pk,
            "code": "jm-db-tax-b1",
            "name": "东宝区税务局第一分局",
            "short_name": "",
            "kind": "base_unit",
        },
        "nominations": [
            {"id": a.pk, "title": "甲", "category": "优质服务窗口", "unit": "东宝区税务局第一分局", "status": "draft"},
            {"id": b.pk, "title": "乙", "category": "优质服务窗口", "unit": "东宝区税务局第一分局", "status": "draft"},
        ],
        "note": "请先看看",
        "sent_by": "clerk",
        "comment": "",
        "commented_by": None,
        "commented_at": None,
    }
    pk = body["id"]
    assert [p["id"] for p in api(world["organiser"]).get("/api/campaigns/api-nom/prereviews/").json()] == [pk]
    assert api(world["dd_clerk"]).get("/api/campaigns/api-nom/prereviews/").json() == []
    hidden = api(world["dd_clerk"]).post(f"/api/prereviews/{pk}/comment/", {"comment": "好"}, format="json")
    assert (hidden.status_code, hidden.json()) == (404, {"detail": "未找到该预审。", "code": "not_found"})
    not_office = clerk.post(f"/api/prereviews/{pk}/comment/", {"comment": "好"}, format="json")
    assert (not_office.status_code, not_office.json()["detail"]) == (403, "只有活动办公室可以回复预审。")
    blank = api(world["organiser"]).post(f"/api/prereviews/{pk}/comment/", {"comment": " "}, format="json")
    assert (blank.status_code, blank.json()["detail"]) == (400, "请填写预审意见。")
    answered = api(world["organiser"]).post(f"/api/prereviews/{pk}/comment/", {"comment": "乙的事迹请再充实。"}, format="json")
    assert (answered.json()["comment"], answered.json()["commented_by"]) == ("乙的事迹请再充实。", "organiser")
    assert clerk.get("/api/campaigns/api-nom/prereviews/").json()[0]["comment"] == "乙的事迹请再充实。"
    foreign = api(world["dd_clerk"]).post(
        "/api/campaigns/api-nom/prereviews/", {"unit": world["duodao"].pk, "nominations": [a.pk]}, format="json"
    )
    assert (foreign.status_code, foreign.json()["detail"]) == (400, f"申报（ID {a.pk}）不存在。")


def test_units_status_is_the_offices(world, api):
    draft(world)
    submitted(world, data={**GOOD, "unit_name": "第二个"})
    refused = api(world["clerk"]).get("/api/campaigns/api-nom/units-status/")
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "只有本活动的活动办公室可以查看各单位的报送情况。", "code": "permission_denied"},
    )
    rows = api(world["organiser"]).get("/api/campaigns/api-nom/units-status/").json()
    deadline = world["campaign"].phases.get(kind="nomination").ends_on.isoformat()
    category = {"id": world["category"].pk, "code": "window", "name": "优质服务窗口"}
    assert rows == [
        {
            "unit": {"id": world["dongbao"].pk, "code": "jm-db", "name": "东宝区", "short_name": "", "kind": "recommending_unit"},
            "quota": 2,
            "alternates": 1,
            "used": 2,
            "drafts": 1,
            "submitted": 1,
            "received": 0,
            "missing": False,
            "late": False,
            "deadline": deadline,
            "extension": None,
            "categories": [
                {"category": category, "quota": 2, "alternates": 1, "used": 2, "drafts": 1, "submitted": 1, "received": 0}
            ],
        },
        {
            "unit": {"id": world["duodao"].pk, "code": "jm-dd", "name": "掇刀区", "short_name": "", "kind": "recommending_unit"},
            "quota": 2,
            "alternates": 0,
            "used": 0,
            "drafts": 0,
            "submitted": 0,
            "received": 0,
            "missing": True,
            "late": False,
            "deadline": deadline,
            "extension": None,
            "categories": [
                {"category": category, "quota": 2, "alternates": 0, "used": 0, "drafts": 0, "submitted": 0, "received": 0}
            ],
        },
    ]


def test_duplicates_and_flags(world, api):
    a = draft(world, data={"unit_name": "东宝区办税服务厅"})
    b = draft(world, unit=world["duodao"], user=world["dd_clerk"], data={"unit_name": "东宝区 办税服务厅"})
    found = api(world["organiser"]).get("/api/campaigns/api-nom/duplicates/")
    assert found.status_code == 200
    assert [(f["kind"], f["label"], [n["id"] for n in f["nominations"]]) for f in found.json()] == [
        ("window", "同一窗口重复推荐", [a.pk, b.pk])
    ]
    flags = api(world["organiser"]).get(f"/api/nominations/{a.pk}/flags/").json()
    assert [(f["kind"], [n["id"] for n in f["others"]]) for f in flags] == [("window", [b.pk])]
    assert flags[0]["detail"] == found.json()[0]["detail"]
    for response in (
        api(world["clerk"]).get("/api/campaigns/api-nom/duplicates/"),
        api(world["clerk"]).get(f"/api/nominations/{a.pk}/flags/"),
    ):
        assert response.status_code == 403
    assert api(world["clerk"]).get(f"/api/nominations/{a.pk}/flags/").json()["detail"] == "只有活动办公室可以查看重复与雷同提示。"
    assert api(world["dd_clerk"]).get(f"/api/nominations/{a.pk}/flags/").status_code == 404


def test_checklist_and_attestation(world, api):
    n = draft(world)
    clerk = api(world["clerk"])
    before = clerk.get(f"/api/nominations/{n.pk}/checklist/").json()
    assert before == [
        {
            "key": "satisfaction",
            "label": "群众满意率达95%以上",
            "check": "auto",
            "state": "unknown",
            "state_label": "待核实",
            "detail": "暂无群众评议/投诉数据",
            "evidence": None,
        },
        {
            "key": "no_violation",
            "label": "近两年未发生重大违纪违法案件",
            "check": "attested",
            "state": "unknown",
            "state_label": "待核实",
            "detail": "单位尚未承诺。",
            "evidence": None,
        },
    ]
    url = f"/api/nominations/{n.pk}/attest/"
    auto = clerk.post(url, {"rule_key": "satisfaction", "statement": "是"})
    assert (auto.status_code, auto.json()["detail"]) == (400, "条件“群众满意率达95%以上”由系统自动核验，无需单位承诺。")
    without = clerk.post(url, {"rule_key": "no_violation", "statement": "近两年未发生。"}).json()
    assert (without[1]["state"], without[1]["detail"]) == (
        "missing_evidence",
        "单位已承诺，但未上传证明材料（本条件须附证明材料）。",
    )
    bad_file = clerk.post(
        url,
        {
            "rule_key": "no_violation",
            "statement": "近两年未发生。",
            "evidence": SimpleUploadedFile("证明.pdf", b"MZ" + b"\x00" * 100),
        },
    )
    assert (bad_file.status_code, bad_file.json()["detail"]) == (
        400,
        "证明材料“证明.pdf”不是 PDF 或 JPG 文件（按文件内容识别）。",
    )
    done = clerk.post(url, {"rule_key": "no_violation", "statement": "近两年未发生。", "evidence": pdf("证明.pdf")})
    assert done.status_code == 201
    item = done.json()[1]
    assert (item["state"], item["state_label"], item["detail"]) == ("attested", "单位已承诺", "单位已承诺：近两年未发生。")
    assert (item["evidence"]["statement"], item["evidence"]["file_name"], item["evidence"]["attested_by"]) == (
        "近两年未发生。",
        "证明.pdf",
        "clerk",
    )
    approver = api(world["a1"]).post(url, {"rule_key": "no_violation", "statement": "x"})
    assert (approver.status_code, approver.json()["detail"]) == (403, "只有“东宝区税务局第一分局”的经办人可以作出资格承诺。")
    assert api(world["organiser"]).get(f"/api/nominations/{n.pk}/checklist/").json()[1]["state"] == "attested"


def test_paperwork_downloads(world, api):
    n = submitted(world)
    clerk, db, office = api(world["clerk"]), api(world["db_clerk"]), api(world["organiser"])
    docx = clerk.get(f"/api/nominations/{n.pk}/paper.docx")
    assert (docx.status_code, docx["Content-Type"], docx.content[:2]) == (
        200,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK",
    )
    assert "filename*=utf-8''" in docx["Content-Disposition"]
    pdf_file = office.get(f"/api/nominations/{n.pk}/paper.pdf")
    assert (pdf_file.status_code, pdf_file["Content-Type"], pdf_file.content[:5]) == (200, "application/pdf", b"%PDF-")
    odd = clerk.get(f"/api/nominations/{n.pk}/paper.txt")
    assert (odd.status_code, odd.json()["detail"]) == (404, "只提供 DOCX 和 PDF。")
    blank = clerk.get("/api/campaigns/api-nom/categories/window/form.pdf")
    assert (blank.status_code, blank.content[:5]) == (200, b"%PDF-")
    report = db.get(f"/api/campaigns/api-nom/report.docx?recommender={world['dongbao'].pk}")
    assert (report.status_code, report.content[:2]) == (200, b"PK")
    table = office.get(f"/api/campaigns/api-nom/ranking.pdf?category=window&recommender={world['dongbao'].pk}")
    assert (table.status_code, table.content[:5]) == (200, b"%PDF-")
    not_theirs = clerk.get(f"/api/campaigns/api-nom/report.docx?recommender={world['dongbao'].pk}")
    assert (not_theirs.status_code, not_theirs.json()["detail"]) == (
        403,
        "只有活动办公室和“东宝区”的经办人可以下载该单位的报表。",
    )
    hidden = api(world["dd_clerk"]).get(f"/api/campaigns/api-nom/report.docx?recommender={world['dongbao'].pk}")
    assert (hidden.status_code, hidden.json()["detail"]) == (404, "未找到该推荐单位。")
    summary = office.get("/api/campaigns/api-nom/summary.xlsx")
    assert (summary.status_code, summary["Content-Type"]) == (200, XLSX)
    assert load_workbook(io.BytesIO(summary.content)).sheetnames == ["优质服务窗口"]
    refused = clerk.get("/api/campaigns/api-nom/summary.xlsx")
    assert (refused.status_code, refused.json()["detail"]) == (403, "只有活动办公室可以导出推荐对象汇总表。")


def filled_template(client, rows):
    template = client.get("/api/campaigns/api-nom/nominations/template/")
    assert (template.status_code, template["Content-Type"]) == (200, XLSX)
    wb = load_workbook(io.BytesIO(template.content))
    for row in rows:
        wb["优质服务窗口"].append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("推荐对象.xlsx", buf.getvalue())


def test_excel_template_and_import(world, api):
    clerk = api(world["clerk"])
    template = clerk.get("/api/campaigns/api-nom/nominations/template/")
    assert "api-nom-%E6%8E%A8%E8%8D%90%E5%AF%B9%E8%B1%A1%E6%A8%A1%E6%9D%BF.xlsx" in template["Content-Disposition"]
    headers = [c.value for c in load_workbook(io.BytesIO(template.content))["优质服务窗口"][1]]
    assert headers == ["推荐单位编码", "申报单位编码", "单位名称", "手机号码", "主要事迹"]
    bad = clerk.post(
        "/api/campaigns/api-nom/nominations/import/",
        {"file": filled_template(clerk, [["jm-db", "jm-db-tax-b1", "窗口", "1391234567", "事迹"]])},
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "import_rejected"
    assert bad.json()["detail"] == "导入文件有 1 处错误，未导入任何数据。"
    assert bad.json()["errors"] == [
        {
            "sheet": "优质服务窗口",
            "row": 2,
            "column": "手机号码",
            "message": "工作表“优质服务窗口”第 2 行“手机号码”：“手机号码”应为 11 位手机号码（以 1 开头）。",
        }
    ]
    assert not Nomination.objects.exists()
    good = clerk.post(
        "/api/campaigns/api-nom/nominations/import/",
        {"file": filled_template(clerk, [["jm-db", "jm-db-tax-b1", "导入的窗口", "13912345678", "事迹"]])},
    )
    assert good.status_code == 200, good.content
    created = Nomination.objects.get()
    assert good.json() == {"created": 1, "nominations": [created.pk], "categories": {"window": 1}}
    assert (created.title, created.status) == ("导入的窗口", "draft")
    missing = clerk.post("/api/campaigns/api-nom/nominations/import/", {})
    assert missing.json() == {"detail": "请上传Excel 文件（表单字段“file”）。", "code": "invalid", "field": "file"}


def test_import_and_print_as_background_jobs(world, api, django_capture_on_commit_callbacks):
    submitted(world)
    clerk = api(world["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        started = clerk.post(
            "/api/campaigns/api-nom/nominations/import/",
            {
                "file": filled_template(clerk, [["jm-db", "jm-db-tax-b1", "后台导入", "13912345678", "事迹"]]),
                "background": "true",
            },
        )
    assert started.status_code == 202, started.content
    job = clerk.get(f"/api/jobs/{started.json()['id']}/").json()
    assert (job["kind"], job["status"], job["result"]["created"]) == ("nominations.import", "done", 1)
    office = api(world["organiser"])
    with django_capture_on_commit_callbacks(execute=True):
        printing = office.post("/api/campaigns/api-nom/print/", {"formats": ["docx"]}, format="json")
    assert printing.status_code == 202, printing.content
    assert printing.json()["title"] == "打印申报表：窗口评选（接口测试）"
    job = office.get(f"/api/jobs/{printing.json()['id']}/").json()
    assert (job["status"], job["result"]["nominations"], job["result"]["formats"]) == ("done", 2, ["docx"])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(office.get(job["download_url"]).streaming_content)))
    assert sorted(name.rsplit(".", 1)[1] for name in archive.namelist()) == ["docx", "docx", "docx"]
    bad = office.post("/api/campaigns/api-nom/print/", {"category": "brand"}, format="json")
    assert (bad.status_code, bad.json()["detail"]) == (400, "本活动没有奖项“brand”。")
