"""Shared pieces of the API: file responses, YAML and spreadsheet renderers, lookups that answer 404."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from rest_framework import exceptions, parsers, renderers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.utils import encoders
from rest_framework.views import APIView

from pingxuan.campaigns.presets import dump_yaml, read_yaml
from pingxuan.core.display import clauses

if TYPE_CHECKING:
    from typing import Any

    from rest_framework.serializers import BaseSerializer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class YAMLRenderer(renderers.BaseRenderer):
    """`Accept: application/yaml` or `?format=yaml`: the same document as YAML (the preset file format)."""

    media_type = "application/yaml"
    format = "yaml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400:
            # Error answers carry DRF's ErrorDetail strings, which YAML cannot represent: plain values first.
            data = json.loads(json.dumps(data, cls=encoders.JSONEncoder, ensure_ascii=False))
        return dump_yaml(data).encode("utf-8")


class YAMLParser(parsers.BaseParser):
    """A request body in YAML (`Content-Type: application/yaml`), read by the preset loader's reader."""

    media_type = "application/yaml"

    def parse(self, stream, media_type=None, parser_context=None):
        return read_yaml(stream.read().decode("utf-8"))


class XLSXRenderer(renderers.BaseRenderer):
    """Lets a client ask for a spreadsheet with `Accept`; the views return the bytes themselves."""

    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


class BinaryRenderer(renderers.BaseRenderer):
    media_type = "application/octet-stream"
    format = "bin"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


class FileNegotiation(DefaultContentNegotiation):
    """File endpoints: a client asking for the file's own type (`Accept: application/pdf`) gets the file, not a 406; the
    file is a plain response, and an error is JSON whatever was asked for (see errors.exception_handler)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable:
            return renderers[0], renderers[0].media_type


def file_response(content, filename, content_type=XLSX):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def get_or_404(queryset, message="未找到。", **lookup):
    """One object of a scoped queryset, or 404: an object the user may not see does not exist for them."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404(message)
    return obj


def int_param(request, name, label):
    """An integer query parameter, or None; a malformed one is refused in Chinese."""
    from pingxuan.core.errors import ServiceError

    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ServiceError(f"参数“{name}”（{label}）应为整数，收到“{raw}”。", field=name)


def uploaded_file(request, name="file", label="文件"):
    from pingxuan.core.errors import ServiceError

    upload = request.FILES.get(name)
    if upload is None:
        raise ServiceError(f"请上传{label}（表单字段“{name}”）。", field=name)
    return upload


def validated(serializer):
    """Run a serializer's checks; refuse with one Chinese message naming every field (and list them in `errors`)."""
    from pingxuan.core.errors import ServiceError

    if serializer.is_valid():
        return serializer.validated_data
    details = []
    for name, messages in _flatten(serializer.errors):
        field = serializer.fields.get(name.split(".")[0]) if hasattr(serializer, "fields") else None
        label = str(field.label) if field is not None and field.label else name
        for message in messages:
            details.append({"field": name or None, "message": f"“{label}”：{message}" if name else message})
    text = clauses((d["message"] for d in details), end="。")
    raise ServiceError(f"输入有误：{text}", field=details[0]["field"] if details else None, details=details)


def _flatten(errors, prefix=""):
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "non_field_errors" and not prefix:
                name = ""
            yield from _flatten(value, name)
    elif isinstance(errors, list) and errors and not isinstance(errors[0], (dict, list)):
        yield prefix, [str(e) for e in errors]
    elif isinstance(errors, list):
        for i, item in enumerate(errors):
            yield from _flatten(item, f"{prefix}[{i + 1}]")


def post_schema(tags, summary, request, responses, **extra):
    """The schema of an `ObjectActionView` subclass's POST (put on the class, as `extend_schema_view` does)."""
    from drf_spectacular.utils import extend_schema, extend_schema_view

    return extend_schema_view(post=extend_schema(tags=tags, summary=summary, request=request, responses=responses, **extra))


class ObjectActionView(APIView):
    # (Comments, not a docstring: a view class's docstring would become the operation's OpenAPI description.)
    # POST on one object the user may see: `lookup(user, **url kwargs)` finds it (404 otherwise), the body is checked
    # with `body` (if any), `act(user, obj, data)` runs a service function (which refuses in Chinese) and `answer` turns
    # its result into the response data, sent with `status_code`.

    body: type[BaseSerializer[Any]] | None = None
    status_code = 200

    def lookup(self, *args: Any, **kwargs: Any) -> Any:  # (user, **url kwargs); subclasses name their arguments
        raise NotImplementedError

    def act(self, user, obj, data):
        raise NotImplementedError

    def answer(self, result):
        return result

    def post(self, request, **kwargs):
        obj = self.lookup(request.user, **kwargs)
        data = validated(self.body(data=request.data)) if self.body else {}
        return Response(self.answer(self.act(request.user, obj, data)), status=self.status_code)
