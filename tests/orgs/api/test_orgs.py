"""Organisations through the API: scoping (404), changes through the service layer, seals, Excel."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from PIL import Image

from pingxuan.audit.models import AuditEvent
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.models import path_segment as seg


def codes(response):
    return [o["code"] for o in response.json()["results"]]


def test_list_shows_the_visible_tree_in_path_order(people, tree, client_for):
    admin = client_for(people["admin"]).get("/api/orgs/")
    assert admin.json()["count"] == 5
    assert codes(admin) == ["jm", "jm-db", "jm-db-tax", "jm-db-tax-w1", "jm-dd"]
    dongbao = tree["dongbao"]
    assert admin.json()["results"][1] == {
        "id": dongbao.pk,
        "code": "jm-db",
        "name": "东宝区",
        "short_name": "",
        "kind": "recommending_unit",
        "kind_label": "推荐单位",
        "sector": "",
        "region": "东宝区",
        "parent": tree["root"].pk,
        "path": "/" + seg(tree["root"].pk) + seg(dongbao.pk),
        "depth": 1,
        "is_active": True,
        "sort_order": 0,
        "seal_url": None,
        "can_manage": True,
    }
    clerk = client_for(people["db_clerk"]).get("/api/orgs/")
    # the clerk's subtree and the chain above it; never 掇刀区
    assert codes(clerk) == ["jm", "jm-db", "jm-db-tax", "jm-db-tax-w1"]
    assert [o["can_manage"] for o in clerk.json()["results"]] == [False, False, False, False]


def test_filters(people, client_for):
    client = client_for(people["admin"])
    assert codes(client.get("/api/orgs/", {"kind": "recommending_unit"})) == ["jm-db", "jm-dd"]
    assert codes(client.get("/api/orgs/", {"sector": "税务"})) == ["jm-db-tax", "jm-db-tax-w1"]
    assert codes(client.get("/api/orgs/", {"region": "掇刀区"})) == ["jm-dd"]
    assert codes(client.get("/api/orgs/", {"q": "办税"})) == ["jm-db-tax-w1"]
    root = Organisation.objects.get(code="jm")
    assert codes(client.get("/api/orgs/", {"parent": root.pk})) == ["jm-db", "jm-dd"]
    bad = client.get("/api/orgs/", {"parent": "abc"})
    assert (bad.status_code, bad.json()["detail"]) == (400, "参数“parent”（上级组织 ID）应为整数，收到“abc”。")
    # a filter does not widen the scope
    assert codes(client_for(people["db_clerk"]).get("/api/orgs/", {"kind": "recommending_unit"})) == ["jm-db"]


def test_another_subtree_is_404(people, tree, client_for):
    client = client_for(people["db_clerk"])
    assert client.get(f"/api/orgs/{tree['dongbao'].pk}/").json()["name"] == "东宝区"
    for url in (f"/api/orgs/{tree['duodao'].pk}/", f"/api/orgs/{tree['duodao'].pk}/move/"):
        response = client.get(url) if url.endswith("/") and "move" not in url else client.post(url, {}, format="json")
        assert (response.status_code, response.json()) == (404, {"detail": "未找到。", "code": "not_found"})
    response = client_for(people["db_organiser"]).patch(f"/api/orgs/{tree['duodao'].pk}/", {"name": "x"}, format="json")
    assert response.status_code == 404


def test_create_update_and_refusals(people, tree, client_for):
    client = client_for(people["db_organiser"])
    response = client.post(
        "/api/orgs/",
        {"parent": tree["dongbao"].pk, "code": "jm-db-bank", "name": "东宝区农商银行", "kind": "base_unit", "sector": "银行"},
        format="json",
    )
    assert response.status_code == 201
    bank = Organisation.objects.get(code="jm-db-bank")
    assert response.json() == {
        "id": bank.pk,
        "code": "jm-db-bank",
        "name": "东宝区农商银行",
        "short_name": "",
        "kind": "base_unit",
        "kind_label": "基层单位",
        "sector": "银行",
        "region": "",
        "parent": tree["dongbao"].pk,
        "path": tree["dongbao"].path + seg(bank.pk),
        "depth": 2,
        "is_active": True,
        "sort_order": 0,
        "seal_url": None,
        "can_manage": True,
    }
    assert AuditEvent.objects.filter(action="org.create", object_id=str(bank.pk), actor=people["db_organiser"]).count() == 1

    changed = client.patch(f"/api/orgs/{bank.pk}/", {"short_name": "东宝农商行"}, format="json")
    assert (changed.status_code, changed.json()["short_name"], changed.json()["name"]) == (200, "东宝农商行", "东宝区农商银行")

    # visible but not managed: the service's refusal, in Chinese
    above = client.post("/api/orgs/", {"parent": tree["root"].pk, "name": "新单位", "kind": "base_unit"}, format="json")
    assert (above.status_code, above.json()) == (403, {"detail": "您无权在“荆门市”下创建组织。", "code": "permission_denied"})
    # not visible: does not exist
    other = client.post("/api/orgs/", {"parent": tree["duodao"].pk, "name": "新单位", "kind": "base_unit"}, format="json")
    assert other.status_code == 400
    assert other.json()["detail"] == f"输入有误：“上级组织”：上级组织（ID {tree['duodao'].pk}）不存在。"
    top = client.post("/api/orgs/", {"name": "新顶级", "kind": "region"}, format="json")
    assert (top.status_code, top.json()["detail"]) == (403, "只有系统管理员可以创建顶级组织。")
    clash = client.post(
        "/api/orgs/", {"parent": tree["dongbao"].pk, "code": "jm-dd", "name": "重复", "kind": "window"}, format="json"
    )
    assert (clash.status_code, clash.json()) == (
        400,
        {"detail": "编码“jm-dd”已被其他组织使用。", "code": "invalid", "field": "code"},
    )
    bad_kind = client.post("/api/orgs/", {"parent": tree["dongbao"].pk, "name": "甲", "kind": "shop"}, format="json")
    assert bad_kind.json()["detail"] == (
        "输入有误：“类型”：“shop”无效，可选：leading_group（领导小组）、office（活动办公室）、recommending_unit（推荐单位）、"
        "department（主管部门）、base_unit（基层单位）、window（服务窗口）、region（地区）。"
    )
    long_name = client.patch(f"/api/orgs/{bank.pk}/", {"name": "长" * 121}, format="json")
    assert long_name.json()["detail"] == "输入有误：“名称”：请确保这个字段不能超过 120 个字符。"
    blank = client.patch(f"/api/orgs/{bank.pk}/", {"code": ""}, format="json")
    assert blank.json() == {"detail": "“编码”不能为空。", "code": "invalid", "field": "code"}
    parent = client.patch(f"/api/orgs/{bank.pk}/", {"parent": tree["tax"].pk}, format="json")
    assert parent.json()["detail"] == "修改上级组织请使用“移动”接口（POST /api/orgs/{id}/move/）。"
    clerk = client_for(people["db_clerk"]).patch(f"/api/orgs/{tree['dongbao'].pk}/", {"name": "东宝"}, format="json")
    assert (clerk.status_code, clerk.json()["detail"]) == (403, "您无权修改“东宝区”。")


def test_move(people, tree, client_for):
    client = client_for(people["admin"])
    window = tree["window"]
    response = client.post(f"/api/orgs/{window.pk}/move/", {"parent": tree["duodao"].pk}, format="json")
    assert (response.status_code, response.json()["parent"], response.json()["path"]) == (
        200,
        tree["duodao"].pk,
        tree["duodao"].path + seg(window.pk),
    )
    cycle = client.post(f"/api/orgs/{tree['dongbao'].pk}/move/", {"parent": tree["tax"].pk}, format="json")
    assert cycle.json() == {"detail": "不能把组织移到它自己或它的下级之下。", "code": "invalid", "field": "parent"}
    refused = client_for(people["db_organiser"]).post(
        f"/api/orgs/{tree['tax'].pk}/move/", {"parent": tree["root"].pk}, format="json"
    )
    assert (refused.status_code, refused.json()["detail"]) == (403, "您无权把组织移到目标位置。")


def png(size=(200, 200)):
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 0, 0)).save(buf, "PNG")
    return SimpleUploadedFile("印章.png", buf.getvalue(), content_type="image/png")


def test_seal_upload(people, tree, client_for):
    client = client_for(people["db_organiser"])
    url = f"/api/orgs/{tree['tax'].pk}/seal/"
    response = client.post(url, {"seal": png()}, format="multipart")
    assert response.status_code == 200
    tax = Organisation.objects.get(pk=tree["tax"].pk)
    assert response.json()["seal_url"] == tax.seal.url
    assert tax.seal.url.startswith("/media/seals/")
    small = client.post(url, {"seal": png((50, 50))}, format="multipart")
    assert small.json()["detail"] == "印章图片“印章.png”尺寸 50×50 像素，低于下限 100 像素。"
    fake = client.post(url, {"seal": SimpleUploadedFile("印章.png", b"not an image")}, format="multipart")
    assert fake.json()["detail"] == "印章图片“印章.png”不是 JPG、PNG 图片（按文件内容识别为 其他类型）。"
    missing = client.post(url, {}, format="multipart")
    assert missing.json() == {"detail": "请上传印章图片（表单字段“seal”）。", "code": "invalid", "field": "seal"}


def rows_of(content):
    return [list(r) for r in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)]


def workbook(rows):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("组织.xlsx", buf.getvalue())


HEADER = ["编码", "名称", "简称", "类型", "上级编码", "行业", "地区", "启用"]


def test_export_template_and_import(people, tree, client_for):
    client = client_for(people["db_organiser"])
    export = client.get("/api/orgs/export/")
    assert export.status_code == 200
    assert export["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert export["Content-Disposition"] == "attachment; filename*=utf-8''%E7%BB%84%E7%BB%87.xlsx"
    assert rows_of(export.content) == [
        HEADER,
        ["jm-db", "东宝区", None, "推荐单位", "jm", None, "东宝区", "是"],
        ["jm-db-tax", "东宝区税务局", None, "主管部门", "jm-db", "税务", None, "是"],
        ["jm-db-tax-w1", "东宝区办税服务厅", None, "服务窗口", "jm-db-tax", "税务", None, "是"],
    ]
    sub = client.get("/api/orgs/export/", {"root": tree["tax"].pk})
    assert [r[0] for r in rows_of(sub.content)] == ["编码", "jm-db-tax", "jm-db-tax-w1"]
    assert client.get("/api/orgs/export/", {"root": tree["duodao"].pk}).status_code == 404

    template = client.get("/api/orgs/template/")
    assert rows_of(template.content)[0] == HEADER

    ok = client.post(
        "/api/orgs/import/",
        {"file": workbook([HEADER, ["jm-db-new", "东宝区新窗口", None, "服务窗口", "jm-db-tax", "税务", None, "是"]])},
        format="multipart",
    )
    assert (ok.status_code, ok.json()) == (200, {"created": 1, "updated": 0, "unchanged": 0})
    assert Organisation.objects.get(code="jm-db-new").parent == tree["tax"]


def test_import_with_errors_lists_them_and_changes_nothing(people, tree, client_for):
    before = list(Organisation.objects.order_by("pk").values_list())
    response = client_for(people["db_organiser"]).post(
        "/api/orgs/import/",
        {
            "file": workbook(
                [
                    HEADER,
                    ["jm-db-a", "甲窗口", None, "服务窗口", "jm-db", None, None, "是"],
                    ["jm-db-b", "", None, "商店", "jm-db", None, None, "是"],
                ]
            )
        },
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_rejected"
    assert body["detail"] == f"导入文件有 {len(body['errors'])} 处错误，未导入任何数据。"
    assert {(e["row"], e["column"]) for e in body["errors"]} == {(3, "名称"), (3, "类型")}
    assert all(e["message"] for e in body["errors"])
    assert list(Organisation.objects.order_by("pk").values_list()) == before
    missing = client_for(people["db_organiser"]).post("/api/orgs/import/", {}, format="multipart")
    assert missing.json()["detail"] == "请上传Excel 文件（表单字段“file”）。"
