"""Sign-in middleware that needs the accounts: the second factor required of staff."""

from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import reverse

from . import accounts
from .signals import SESSION_ENROLLED


class StaffTwoFactorMiddleware:
    """A signed-in person who needs a second factor (orgs.accounts.needs_two_factor) and has not passed it this
    session reaches only what finishing the sign-in needs: the code page, the first enrolment, signing out, static
    files and the public pages. Everything else — including adding another authenticator — waits for the code."""

    EXEMPT_PATHS = ("/accounts/login/", "/accounts/logout/", "/accounts/otp/", "/accounts/otp/setup/", "/api/auth/token/")
    EXEMPT_PREFIXES = ("/static/", "/i18n/", "/public/", "/api/auth/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.needs_second_factor(request):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse(
                    {"detail": "该账号须先完成两步验证（手机验证器）。", "code": "otp_required"},
                    status=403,
                    json_dumps_params={"ensure_ascii": False},
                )
            return redirect(reverse("otp_verify") + "?next=" + quote(request.get_full_path()))
        return self.get_response(request)

    def needs_second_factor(self, request):
        user = getattr(request, "user", None)
        if not user or not user.is_authenticated or user.is_verified():
            return False
        if request.path in self.EXEMPT_PATHS or request.path.startswith(self.EXEMPT_PREFIXES):
            return False
        if getattr(request, "auth", None) is not None:
            return False
        if accounts.two_factor_required_by_role(user):
            return True
        enrolled = request.session.get(SESSION_ENROLLED)
        if enrolled is None:  # a session from before this check existed
            enrolled = request.session[SESSION_ENROLLED] = accounts.has_second_factor(user)
        return bool(enrolled)
