"""API errors: service refusals become JSON with the Chinese message; 404 for what a user may not see."""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from pingxuan.campaigns.validation import ConfigErrors
from pingxuan.core.display import clauses
from pingxuan.core.errors import ServiceError


def exception_handler(exc, context):
    response = _answer(exc, context)
    if response is not None:
        json_for_binary(context.get("request"))
    return response


def json_for_binary(request):
    """An error on a file endpoint is JSON like every other error: a binary renderer (a PDF, a spreadsheet, a
    download) would write the message as an empty body without a Content-Type."""
    renderer = getattr(request, "accepted_renderer", None)
    if request is not None and (renderer is None or getattr(renderer, "render_style", "text") == "binary"):
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type


def _answer(exc, context):
    if isinstance(exc, ServiceError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, ConfigErrors):
        return Response(
            {"detail": "配置有误：" + clauses(exc.messages(), end="。"), "code": "invalid_config", "errors": exc.errors},
            status=400,
        )
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": clauses(exc.messages, end="。"), "code": "invalid"}, status=400)
    if isinstance(exc, Http404):
        # Our own 404s carry a Chinese message; Django's generic lookups carry an English one naming the model.
        message = str(exc) if CHINESE.search(str(exc)) else "未找到。"
        return Response({"detail": message, "code": "not_found"}, status=404)
    return drf_handler(exc, context)


CHINESE = re.compile(r"[\u4e00-\u9fff]")


def not_found_page(request, exception=None):
    """Django's 404 (an address no view matches, e.g. a campaign code that is not a slug): JSON under /api/, the site's
    own page elsewhere."""
    from django.http import JsonResponse
    from django.views.defaults import page_not_found

    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "未找到：没有这个接口地址，或地址中的代码、编号格式不对。", "code": "not_found"},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return page_not_found(request, exception)
