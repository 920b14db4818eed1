"""The OpenAPI document's error answers: declared where they can happen, and always as JSON (or YAML where the
operation speaks YAML), never as the file type of a download endpoint."""

ERROR_REF = {"$ref": "#/components/schemas/Error"}
TEXT_TYPES = ("application/json", "application/yaml")
COMMON = {
    400: "输入有误（中文说明见 detail，逐项错误见 errors）",
    403: "未登录，或没有执行此操作的权限",
    404: "未找到，或无权查看（对看不到的对象一律回答 404）",
}


def declare_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook, run after the document is built."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                _declare(operation)
    return result


def _declare(operation):
    responses = operation["responses"]
    speaks_yaml = any("application/yaml" in (r.get("content") or {}) for r in responses.values())
    for code, response in responses.items():
        content = response.get("content")
        if _is_error(code) and content:
            # A download's error is JSON: the binary types the view's renderers add are not what it answers.
            response["content"] = {k: v for k, v in content.items() if k in TEXT_TYPES} or {
                "application/json": {"schema": ERROR_REF}
            }
    kinds = {p.get("in") for p in operation.get("parameters", [])}
    wanted = [403]
    if "requestBody" in operation or "query" in kinds:
        wanted.append(400)
    if "path" in kinds:
        wanted.append(404)
    media = ["application/json", "application/yaml"] if speaks_yaml else ["application/json"]
    for code in wanted:
        if str(code) not in responses:
            responses[str(code)] = {"content": {m: {"schema": ERROR_REF} for m in media}, "description": COMMON[code]}


def _is_error(code):
    return str(code).isdigit() and int(code) >= 400
