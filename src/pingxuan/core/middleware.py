from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


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


class OrganiserTwoFactorMiddleware:
    """When REQUIRE_ORGANISER_2FA is on, an organiser must pass a TOTP check before using the site."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/public/", "/api/auth/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.REQUIRE_ORGANISER_2FA and self.needs_second_factor(request):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "组织者账号须先完成两步验证（TOTP）。", "code": "otp_required"}, status=403)
            return redirect(reverse("otp_verify") + "?next=" + request.path)
        return self.get_response(request)

    def needs_second_factor(self, request):
        user = getattr(request, "user", None)
        if not user or not user.is_authenticated or request.path.startswith(self.ALLOWED_PREFIXES):
            return False
        if getattr(request, "auth", None) is not None:
            return False
        from pingxuan.orgs.rules import is_organiser_anywhere

        return is_organiser_anywhere(user) and not user.is_verified()
