"""API errors: service refusals become JSON with the Chinese message; 404 for what a user may not see."""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from pingxuan.campaigns.validation import ConfigErrors
from pingxuan.core.errors import ServiceError


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, ConfigErrors):
        return Response(
            {"detail": "配置有误：" + "；".join(exc.messages()), "code": "invalid_config", "errors": exc.errors}, status=400
        )
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": "；".join(exc.messages), "code": "invalid"}, status=400)
    if isinstance(exc, Http404):
        # Our own 404s carry a Chinese message; Django's generic lookups carry an English one naming the model.
        message = str(exc) if CHINESE.search(str(exc)) else "未找到。"
        return Response({"detail": message, "code": "not_found"}, status=404)
    return drf_handler(exc, context)


CHINESE = re.compile(r"[\u4e00-\u9fff]")
