"""Error answers are JSON with a Chinese message everywhere, file endpoints included, and the schema says so."""

import pytest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MISSING = 987654

# (path, what a download client asks for, the Chinese message of the 404)
FILE_404 = [
    (f"/api/attachments/{MISSING}/file/", "application/octet-stream", "未找到该文件。"),
    (f"/api/attestations/{MISSING}/evidence/", "application/octet-stream", "未找到该证明材料。"),
    (f"/api/certificates/{MISSING}/pdf/", "application/pdf", "未找到该证书。"),
    (f"/api/jobs/{MISSING}/download/", "application/octet-stream", "未找到。"),
    (f"/api/nominations/{MISSING}/paper.docx", DOCX, "未找到该申报。"),
    (f"/api/nominations/{MISSING}/paper.docx", "application/octet-stream", "未找到该申报。"),
    (f"/api/orgs/export/?root={MISSING}", XLSX, "未找到该组织。"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "accept", "message"), FILE_404)
def test_a_file_endpoint_answers_404_in_json(people, client_for, path, accept, message):
    response = client_for(people["organiser"]).get(path, HTTP_ACCEPT=accept)
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"detail": message, "code": "not_found"}


@pytest.mark.django_db
def test_a_file_endpoint_answers_403_in_json_when_not_signed_in(client_for):
    response = client_for().get(f"/api/certificates/{MISSING}/pdf/", HTTP_ACCEPT="application/pdf")
    assert (response.status_code, response["Content-Type"]) == (403, "application/json")
    assert response.json() == {"detail": "身份认证信息未提供。"}


@pytest.mark.django_db
def test_a_refused_file_answers_400_in_json(people, campaign, client_for):
    """A refusal (not a 404) on a file endpoint: the decision needs the leaders' decision first."""
    response = client_for(people["organiser"]).get(
        f"/api/campaigns/{campaign.code}/awards/decision.pdf", HTTP_ACCEPT="application/pdf"
    )
    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert response.json() == {"detail": "尚未记录领导小组的审定决定，不能生成表彰决定。", "code": "no_decision"}


@pytest.mark.django_db
def test_a_job_without_a_result_file_answers_404_in_json(people, client_for):
    from pingxuan.jobs.services import start_job
    from tests.audit.api import test_audit_jobs  # noqa: F401 (registers the api-test.export handler)

    job = start_job(user=people["organiser"], kind="api-test.export", title="排队", params={"n": 1})  # queued: no file yet
    response = client_for(people["organiser"]).get(f"/api/jobs/{job.pk}/download/", HTTP_ACCEPT="application/octet-stream")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"detail": "该任务没有结果文件。", "code": "not_found"}


def schema_document():
    import yaml
    from rest_framework.test import APIClient

    return yaml.safe_load(APIClient().get("/api/schema/").content.decode())


def conforms(document, body, ref):
    """The body matches the document's component `ref` (a 3.0 schema checked as JSON Schema with its references)."""
    import jsonschema

    jsonschema.validate(body, {"$ref": f"#/components/schemas/{ref}", "components": document["components"]})


ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
FILE_SCHEMAS = {
    ("/api/attachments/{id}/file/", "get"): ["application/octet-stream"],
    ("/api/attestations/{id}/evidence/", "get"): ["application/octet-stream"],
    ("/api/certificates/{id}/pdf/", "get"): ["application/pdf"],
    ("/api/jobs/{id}/download/", "get"): ["application/octet-stream"],
    ("/api/nominations/{id}/paper.{fmt}", "get"): ["application/pdf", DOCX],
    ("/api/orgs/export/", "get"): [XLSX],
}


@pytest.mark.django_db
def test_the_schema_declares_the_file_and_a_json_404_for_file_endpoints():
    paths = schema_document()["paths"]
    for (path, method), types in FILE_SCHEMAS.items():
        responses = paths[path][method]["responses"]
        assert sorted(responses["200"]["content"]) == types, path
        assert all(c["schema"] == {"type": "string", "format": "binary"} for c in responses["200"]["content"].values())
        assert responses["404"]["content"] == ERROR, path


@pytest.mark.django_db
def test_the_schema_declares_the_common_error_answers():
    paths = schema_document()["paths"]
    # an object by its id: 403 (not signed in, not allowed) and 404 (not there, or not visible)
    assert sorted(paths["/api/users/{id}/"]["get"]["responses"]) == ["200", "403", "404"]
    # a body or a query: 400 as well
    assert sorted(paths["/api/orgs/"]["get"]["responses"]) == ["200", "400", "403"]
    errors = [
        (path, method, code, list(response.get("content", {})))
        for path, ops in paths.items()
        for method, op in ops.items()
        for code, response in op["responses"].items()
        if int(code) >= 400 and set(response.get("content", {})) - {"application/json", "application/yaml"}
    ]
    assert errors == []  # no error answer is declared as a file type
    # where the operation speaks YAML, so do its errors
    config_put = paths["/api/campaigns/{code}/config/"]["put"]["responses"]
    assert sorted(config_put["403"]["content"]) == ["application/json", "application/yaml"]


@pytest.mark.django_db
def test_a_persons_missing_email_is_an_empty_string_and_the_schema_allows_it(people, client_for):
    user_schema = schema_document()["components"]["schemas"]["User"]["properties"]["email"]
    assert user_schema == {"type": "string", "readOnly": True, "title": "电子邮箱", "description": "未登记时为空字符串"}
    clerk = people["db_clerk"]
    shown = client_for(people["organiser"]).get(f"/api/users/{clerk.pk}/").json()
    assert (shown["username"], shown["email"]) == ("db-clerk", "")


@pytest.mark.django_db
def test_the_400_answers_of_the_org_import_match_the_schema(people, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = schema_document()
    declared = document["paths"]["/api/orgs/import/"]["post"]["responses"]["400"]["content"]["application/json"]
    assert declared == {"schema": {"$ref": "#/components/schemas/ImportRejected"}}
    client = client_for(people["organiser"])

    no_file = client.post("/api/orgs/import/", {}, format="multipart")
    assert (no_file.status_code, no_file.json()) == (
        400,
        {"detail": "请上传Excel 文件（表单字段“file”）。", "code": "invalid", "field": "file"},
    )
    conforms(document, no_file.json(), "ImportRejected")

    text = SimpleUploadedFile("orgs.xlsx", "不是工作簿".encode(), content_type=XLSX)
    not_a_workbook = client.post("/api/orgs/import/", {"file": text}, format="multipart")
    assert (not_a_workbook.status_code, not_a_workbook.json()) == (
        400,
        {
            "detail": "文件“orgs.xlsx”不是 Excel 工作簿（.xlsx），请使用下载的模板填写后导入。",
            "code": "bad_file",
            "field": "file",
        },
    )
    conforms(document, not_a_workbook.json(), "ImportRejected")


@pytest.mark.django_db
def test_an_address_no_api_view_matches_answers_404_in_json(people, client_for):
    """A campaign code with characters a code cannot have matches no route: still JSON, not the site's HTML page."""
    response = client_for(people["organiser"]).get("/api/programmes/%C3%B2%28/windows/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"detail": "未找到：没有这个接口地址，或地址中的代码、编号格式不对。", "code": "not_found"}
    # outside the API the site's own page answers, and a missing slash is still added
    assert client_for().get("/no-such-page/")["Content-Type"].startswith("text/html")
    assert client_for().get("/api/orgs").status_code == 301
