"""The site's own error pages: Chinese, in the product's layout, mobile-friendly; JSON under /api/.

Django renders 400.html, 403.html, 404.html and 500.html from the templates folder by itself; these views add the
JSON answer for the API and the page for a stale or missing CSRF token (a form left open too long, cookies off)."""

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

API_MESSAGES = {
    400: ("请求格式不正确，请检查后重新提交。", "bad_request"),
    403: ("您没有执行此操作的权限。", "permission_denied"),
    500: ("服务器内部错误，请稍后再试；如果一再出现，请联系系统管理员。", "server_error"),
}


def _api(request, status):
    if not request.path.startswith("/api/"):
        return None
    detail, code = API_MESSAGES[status]
    return JsonResponse({"detail": detail, "code": code}, status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception=None):
    return _api(request, 400) or render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return _api(request, 403) or render(request, "403.html", status=403)


def server_error(request):
    """Rendered without the request's context (the failure may be in what builds it)."""
    return _api(request, 500) or HttpResponseServerError(render_to_string("500.html"))


def csrf_failure(request, reason=""):
    """A stale form (the page stayed open past the session, or was opened in another browser) or cookies switched off."""
    no_cookie = "cookie" in (reason or "").lower()
    back = request.path if request.method == "POST" else "/"
    return render(request, "errors/csrf.html", {"no_cookie": no_cookie, "back": back}, status=403)
