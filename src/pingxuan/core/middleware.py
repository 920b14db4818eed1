from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from pingxuan.audit.context import request_origin


class ClientAddressMiddleware:
    """Behind load balancers, take the client's address from X-Forwarded-For — only when the direct peer is one of
    TRUSTED_PROXIES, and only the right-most address a trusted proxy appended (a client cannot forge it). Per-IP vote
    limits, rating limits and the login lock-out then count clients, not balancers."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = set(settings.TRUSTED_PROXIES)

    def __call__(self, request):
        if self.trusted and request.META.get("REMOTE_ADDR") in self.trusted:
            hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
            while hops and hops[-1] in self.trusted:
                hops.pop()
            if hops:
                request.META["REMOTE_ADDR"] = hops[-1]
        # Audit events written while this request runs record where the staff member acted from (audit.context).
        token = request_origin.set((request.META.get("REMOTE_ADDR") or None, request.META.get("HTTP_USER_AGENT", "")[:300]))
        try:
            return self.get_response(request)
        finally:
            request_origin.reset(token)


class PublicReadMiddleware:
    """With a read replica configured, GET/HEAD requests to the public read-only routes read from it (core.replica)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "replica" not in settings.DATABASES:
            return self.get_response(request)
        from .replica import public_read

        token = public_read.set(False)
        try:
            return self.get_response(request)
        finally:
            public_read.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if "replica" in settings.DATABASES and request.method in ("GET", "HEAD"):
            from .replica import PUBLIC_READ_ROUTES, public_read

            match = request.resolver_match
            public_read.set(bool(match and match.url_name in PUBLIC_READ_ROUTES))
        return None


class SecurityHeadersMiddleware:
    """Content-Security-Policy and related headers on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CSP and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CSP
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault("Permissions-Policy", "geolocation=(), microphone=(), camera=(self)")
        return response


class IdleSessionMiddleware:
    """A staff session that has been idle longer than SESSION_IDLE_SECONDS ends; the next request signs in again.
    The last-seen time is written at most once a minute, so most requests do not save the session."""

    KEY = "px_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session") and settings.SESSION_IDLE_SECONDS:
            import time

            now = int(time.time())
            seen = request.session.get(self.KEY)
            if seen is not None and now - seen > settings.SESSION_IDLE_SECONDS:
                from django.contrib import messages
                from django.contrib.auth import logout

                logout(request)
                if request.path.startswith("/api/"):
                    from django.http import JsonResponse

                    return JsonResponse(
                        {"detail": "长时间未操作，登录已过期，请重新登录。", "code": "session_expired"},
                        status=401,
                        json_dumps_params={"ensure_ascii": False},
                    )
                messages.info(request, "长时间未操作，登录已过期，请重新登录。")
                return redirect(reverse("login") + "?next=" + quote(request.get_full_path()))
            if seen is None or now - seen >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)


VOTE_UNAVAILABLE = "系统繁忙，投票未被记录，请稍后再试。"
API_UNAVAILABLE = "系统繁忙，请稍后再试。"


def out_of_service(exc):
    """Whether an exception means the database or the cache (Redis) cannot be reached right now."""
    from django.db import InterfaceError, OperationalError

    kinds: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        kinds += (RedisConnectionError, RedisTimeoutError)
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return isinstance(exc, kinds)


def unavailable_response(request):
    """503 with a Chinese message: JSON for the API (the vote says it was not recorded), a plain page otherwise.
    Built without the database or the cache."""
    from django.http import HttpResponse, JsonResponse
    from django.template.loader import render_to_string

    if request.path.startswith("/api/"):
        vote = request.method == "POST" and request.path_info == "/api/vote/"
        detail = VOTE_UNAVAILABLE if vote else API_UNAVAILABLE
        response: HttpResponse = JsonResponse(
            {"detail": detail, "code": "unavailable"}, status=503, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(render_to_string("core/unavailable.html"), status=503)
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


class ServiceUnavailableMiddleware:
    """While PostgreSQL or Redis is down, a view's failure to reach them answers 503 with a Chinese message, not a
    bare 500. Writes run in transactions, so nothing is half-saved; the request can simply be sent again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not out_of_service(exception):
            return None
        import logging

        logging.getLogger("pingxuan.unavailable").warning("%s %s: %r", request.method, request.path, exception)
        return unavailable_response(request)


class UserFilesOriginMiddleware:
    """With USER_FILES_ORIGIN set (e.g. https://files.example.org), user files never open on the product's origin: the
    product checks the permission as usual, then redirects to the same path on the files origin with a signed,
    short-lived ticket naming the path and the user. The files origin answers only such tickets and only with user
    files, so even a file a browser insisted on rendering could not reach the product's cookies or pages."""

    SALT = "pingxuan.user-files"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from urllib.parse import urlsplit

        origin = (settings.USER_FILES_ORIGIN or "").rstrip("/")
        if not origin:
            return self.get_response(request)
        if request.get_host().lower() == urlsplit(origin).netloc.lower():
            return self.serve_ticket(request)
        response = self.get_response(request)
        if getattr(response, "user_file", False) and request.method in ("GET", "HEAD"):
            from urllib.parse import quote

            from django.core import signing
            from django.http import HttpResponseRedirect

            user = getattr(request, "user", None)
            uid = user.pk if user is not None and user.is_authenticated else None
            ticket = signing.dumps({"p": request.path, "u": uid}, salt=self.SALT, compress=True)
            handle = getattr(response, "file_to_stream", None)
            if handle is not None:  # the file is not sent from here (closing the response would end the request)
                handle.close()
            return HttpResponseRedirect(f"{origin}{quote(request.path)}?ft={ticket}")
        return response

    def serve_ticket(self, request):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import AnonymousUser
        from django.core import signing
        from django.http import HttpResponseNotFound

        try:
            data = signing.loads(request.GET.get("ft", ""), salt=self.SALT, max_age=settings.USER_FILES_TICKET_SECONDS)
        except signing.BadSignature:
            return HttpResponseNotFound("链接已失效，请回到系统重新打开该文件。", content_type="text/plain; charset=utf-8")
        if data.get("p") != request.path or request.method not in ("GET", "HEAD"):
            return HttpResponseNotFound("链接已失效，请回到系统重新打开该文件。", content_type="text/plain; charset=utf-8")
        user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first() if data.get("u") else None
        request.user = user or AnonymousUser()
        if user is not None:
            user.is_verified = lambda: True  # type: ignore[attr-defined]  # the product checked the second factor before issuing the ticket
        response = self.get_response(request)
        if not getattr(response, "user_file", False):
            return HttpResponseNotFound("此地址只提供用户上传的文件。", content_type="text/plain; charset=utf-8")
        return response
